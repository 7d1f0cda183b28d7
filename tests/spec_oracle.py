"""An independent judge of "does the spec allow this request?" for the conformance tests.

The SDK and the sandbox both check requests with jsonschema-rs (``multimarkets_bridge.request_schema``).
The judge here is another implementation: python-jsonschema, with ``pattern`` evaluated by ``regress``
(a Rust ECMA-262 regular-expression engine) instead of Python's ``re`` - JSON Schema says patterns are
ECMA-262, and ``re`` disagrees on ``\\s`` (U+FEFF, U+001C, U+0085).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

import jsonschema
import regress
from jsonschema import validators
from multimarkets_bridge.spec_data import operation_spec, spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

__all__ = ["body_allowed", "ecma_search", "headers_allowed"]


@functools.cache
def _regex(pattern: str) -> regress.Regex:
    return regress.Regex(pattern, flags="u")


def ecma_search(pattern: str, text: str) -> bool:
    """Whether ``pattern`` (ECMA-262, unicode mode) matches somewhere in ``text``."""
    return _regex(pattern).find(text) is not None


def _pattern(
    validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    if validator.is_type(instance, "string") and not ecma_search(pattern, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


_EcmaValidator = validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})


@functools.cache
def _registry() -> Registry:
    return Registry().with_resource(
        "urn:spec", Resource.from_contents(spec(), default_specification=DRAFT202012)
    )


@functools.cache
def _body_judge(schema_name: str) -> Any:
    return _EcmaValidator({"$ref": f"urn:spec#/components/schemas/{schema_name}"}, registry=_registry())


def body_allowed(schema_name: str, body: Any) -> bool:
    """Whether the spec's component ``schema_name`` allows ``body`` (parsed JSON)."""
    return bool(_body_judge(schema_name).is_valid(body))


@functools.cache
def _header_judge(operation_id: str) -> tuple[Any, tuple[str, ...]]:
    parameters = spec()["components"]["parameters"]
    props: dict[str, Any] = {}
    required: list[str] = []
    for param in operation_spec(operation_id).get("parameters", []):
        param = parameters[param["$ref"].rsplit("/", 1)[-1]] if "$ref" in param else param
        if param.get("in") == "header":
            props[param["name"]] = param.get("schema", {})
            required += [param["name"]] if param.get("required") else []
    judge = _EcmaValidator({"type": "object", "properties": props, "required": required})
    return judge, tuple(props)


def headers_allowed(operation_id: str, headers: Mapping[str, str]) -> bool:
    """Whether the operation's header parameters allow these header values."""
    judge, names = _header_judge(operation_id)
    return bool(judge.is_valid({name: headers[name] for name in names if name in headers}))
