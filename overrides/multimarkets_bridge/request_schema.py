"""The spec's request rules, compiled once per operation: the one check both sides run.

The SDK checks every body before signing it, and the sandbox checks every request it receives, with
the same validators: JSON Schema 2020-12 compiled by jsonschema-rs straight from the packaged spec
(``spec.json``, the YAML as JSON), with ECMA-262 semantics for ``pattern`` (``\\s`` is JavaScript's
whitespace: U+FEFF is blank, U+0085 and U+001C are not). What the spec forbids is refused and nothing
it allows is: there are no hand-kept rules beside it.

A violation names the JSON member and the keyword that failed; it quotes a value only when the field
is not marked ``x-secret`` in the spec.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .inputs import shown
from .spec_data import merged_properties, operation_spec, spec

__all__ = ["Violation", "body_violation", "header_violation"]

_DRAFT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True, slots=True)
class Violation:
    """The first rule of the spec a request breaks."""

    field: str
    """The JSON member (``"price"``, ``"records[0].id"``), or ``"body"`` for the whole body."""
    keyword: str
    """The schema keyword that failed: ``type``, ``pattern``, ``required``, ``anyOf``, ``enum`` ..."""
    problem: str
    """What is wrong, in words (without the value of a secret field)."""
    alternatives: tuple[tuple[str, ...], ...] = ()
    """For a body that matches none of the spec's alternatives only for want of members: the members
    each alternative still needs (``(("num",), ("amount",))``)."""

    def __str__(self) -> str:
        return self.problem if self.field == "body" else f"{self.field} {self.problem}"


def _compile(schema: Mapping[str, Any]) -> Any:
    import jsonschema_rs  # with the first request, not with the package

    return jsonschema_rs.Draft202012Validator(dict(schema))


@functools.cache
def _body_validator(schema_name: str) -> Any:
    components = spec()["components"]
    return _compile(
        {"$schema": _DRAFT, "components": components, "$ref": f"#/components/schemas/{schema_name}"}
    )


@functools.cache
def _secret_fields(schema_name: str) -> frozenset[str]:
    ref = {"$ref": f"#/components/schemas/{schema_name}"}
    return frozenset(name for name, prop in merged_properties(ref).items() if prop.get("x-secret"))


@functools.cache
def _header_validator(operation_id: str) -> tuple[Any, tuple[str, ...]]:
    """An object schema of the operation's header parameters (values as text), and their names."""
    parameters = spec()["components"]["parameters"]
    props: dict[str, Any] = {}
    required: list[str] = []
    for param in operation_spec(operation_id).get("parameters", []):
        if "$ref" in param:
            param = parameters[param["$ref"].rsplit("/", 1)[-1]]
        if param.get("in") != "header":
            continue
        props[param["name"]] = param.get("schema", {})
        if param.get("required"):
            required.append(param["name"])
    schema = {"$schema": _DRAFT, "type": "object", "properties": props, "required": required}
    return _compile(schema), tuple(props)


def _where(path: Sequence[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


def _keyword(error: Any) -> str:
    return str(error.schema_path[-1]) if error.schema_path else "schema"


def _describe(error: Any, secret: frozenset[str]) -> Violation:
    path = list(error.instance_path)
    field = _where(path)
    keyword = _keyword(error)
    kind = error.kind
    hidden = bool(path) and path[0] in secret
    value = " (value not shown)" if hidden else f", got {shown(error.instance)}"
    if keyword == "required":
        return Violation(_where([*path, kind.property]), keyword, "is required")
    if keyword == "type":
        wanted = kind.value if isinstance(kind.value, list) else [kind.value]
        return Violation(field, keyword, f"must be of JSON type {' or '.join(map(str, wanted))}{value}")
    if keyword == "pattern":
        return Violation(field, keyword, f"must match the spec's pattern {kind.pattern}{value}")
    if keyword in ("enum", "const"):
        allowed = kind.value if keyword == "enum" else [kind.value]
        return Violation(field, keyword, f"must be one of {', '.join(map(repr, allowed))}{value}")
    if keyword in ("minLength", "maxLength"):
        limit = kind.value
        words = "at least" if keyword == "minLength" else "at most"
        return Violation(field, keyword, f"takes {words} {limit} characters")
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
        sign = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}
        limit = kind.value
        rule = f"a multiple of {limit}" if keyword == "multipleOf" else f"{sign[keyword]} {limit}"
        return Violation(field, keyword, f"must be {rule}{value}")
    if keyword == "additionalProperties":
        return Violation(field, keyword, "has members the spec does not allow")
    return Violation(field, keyword, f"breaks the spec's {keyword} rule")


def _specific_first(error: Any) -> tuple[int, bool]:
    """Sort key: a member's own rule says more than a rule of the whole body or a choice between
    alternatives (``anyOf`` / ``const``)."""
    return -len(list(error.instance_path)), _keyword(error) in ("anyOf", "oneOf", "const")


def _same(error: Any) -> tuple[tuple[str | int, ...], str, str]:
    return tuple(error.instance_path), _keyword(error), str(error.message)


def _settle(errors: list[Any], secret: frozenset[str]) -> Violation:
    errors.sort(key=_specific_first)
    first = errors[0]
    context = getattr(first.kind, "context", None)
    if _keyword(first) in ("anyOf", "oneOf") and context:
        return _choose(first, [list(branch) for branch in context], secret)
    return _describe(first, secret)


def _choose(error: Any, branches: list[list[Any]], secret: frozenset[str]) -> Violation:
    """The violation of a value that matches none of the alternatives: a rule every alternative
    breaks; else the rules of the alternative it comes closest to (fewest ``const``/``enum``
    mismatches, then fewest errors); when several come equally close and only lack members, what each
    still needs."""
    shared = set.intersection(*({_same(e) for e in branch} for branch in branches))
    if shared:
        return _settle([e for e in branches[0] if _same(e) in shared], secret)

    def distance(branch: list[Any]) -> tuple[int, int]:
        return sum(_keyword(e) in ("const", "enum") for e in branch), len(branch)

    nearest = min(map(distance, branches))
    tied = [branch for branch in branches if distance(branch) == nearest]
    if len(tied) > 1 and all(_keyword(e) == "required" for branch in tied for e in branch):
        groups = tuple(tuple(str(e.kind.property) for e in branch) for branch in tied)
        needs = " or ".join(" + ".join(group) for group in groups)
        return Violation(_where(list(error.instance_path)), "anyOf", f"needs {needs}", groups)
    return _settle(tied[0], secret)


def _first(validator: Any, instance: Any, secret: frozenset[str]) -> Violation | None:
    try:
        if validator.is_valid(instance):  # the common case: one pass, no error objects
            return None
        errors = list(validator.iter_errors(instance))
    except ValueError:  # a value jsonschema-rs cannot read as JSON (a set, an object, ...)
        return Violation("body", "type", "holds a value that is not JSON")
    return _settle(errors, secret)


def body_check(schema_name: str) -> Callable[[Any], bool]:
    """Whether a parsed body keeps every rule of component ``schema_name``: the compiled check alone,
    for a hot path that asks [`body_violation`][] only when it fails."""
    check: Callable[[Any], bool] = _body_validator(schema_name).is_valid
    return check


def body_violation(schema_name: str, body: Any) -> Violation | None:
    """The first rule of component ``schema_name`` that ``body`` (parsed JSON) breaks, or None."""
    return _first(_body_validator(schema_name), body, _secret_fields(schema_name))


def header_violation(operation_id: str, headers: Mapping[str, str]) -> Violation | None:
    """The first rule of the operation's header parameters that ``headers`` (looked up by the spec's
    names, so a case-insensitive mapping works) break, or None."""
    validator, names = _header_validator(operation_id)
    present = {name: value for name in names if (value := headers.get(name)) is not None}
    return _first(validator, present, frozenset())
