"""Reading the spec: the one module every reader of ``spec/bridge-api.openapi.yaml`` goes through.

Plain functions over the parsed document (a mapping, however it was loaded): the SDK and the sandbox
read the copy the package carries (``multimarkets_bridge.spec_data``), the code generator, the docs
site and the docs loop read the YAML file. Standard library only, so the generator can import it from
the repository without installing the SDK.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeAlias

__all__ = [
    "Spec",
    "alternatives",
    "deref",
    "doc_url",
    "doc_url_key",
    "inlined",
    "merged_object",
    "merged_properties",
    "operation_by_id",
    "operation_for_biz_type",
    "operation_method",
    "operations",
    "schema_refs",
]

Spec: TypeAlias = Mapping[str, Any]

_MAX_REF_HOPS = 32


def deref(spec: Spec, node: Any) -> Any:
    """Follow local ``$ref`` pointers (``#/a/b``, JSON-pointer escapes) until a concrete node."""
    hops = 0
    while isinstance(node, Mapping) and "$ref" in node:
        target: Any = spec
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
        hops += 1
        if hops > _MAX_REF_HOPS:
            raise ValueError(f"$ref cycle at {node!r}")
    return node


def schema_refs(node: Any) -> set[str]:
    """Component schema names a schema fragment refers to (at any depth)."""
    found: set[str] = set()
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[-1])
        for value in node.values():
            found |= schema_refs(value)
    elif isinstance(node, list):
        for item in node:
            found |= schema_refs(item)
    return found


def alternatives(spec: Spec, schema: Any) -> tuple[str, tuple[Mapping[str, Any], ...]] | None:
    """``(base $ref, parts)`` when ``schema`` is an ``anyOf`` / ``oneOf`` of alternatives that each
    extend one base component (``allOf: [{$ref: base}, part]``): ``parts`` are what each alternative
    adds (its required members, narrower values). None for any other schema."""
    schema = deref(spec, schema)
    members = (schema.get("anyOf") or schema.get("oneOf")) if isinstance(schema, Mapping) else None
    if not members or not all(isinstance(m, Mapping) and "$ref" in m for m in members):
        return None
    bases: set[str] = set()
    parts: list[Mapping[str, Any]] = []
    for member in members:
        extends = deref(spec, member).get("allOf", [])
        if len(extends) != 2 or not isinstance(extends[0].get("$ref"), str):
            return None
        bases.add(extends[0]["$ref"])
        parts.append(extends[1])
    return (bases.pop(), tuple(parts)) if len(bases) == 1 else None


def inlined(spec: Spec, prop: Any) -> Any:
    """A property naming a scalar component (``{$ref: PositiveDecimal, description: ...}``) as one
    schema: the component's keywords, then the property's own. Enums and objects keep their ``$ref``."""
    if not (isinstance(prop, Mapping) and "$ref" in prop):
        return prop
    try:
        target = deref(spec, prop)
    except (KeyError, TypeError):  # a dangling $ref: the code generator reports it
        return prop
    if not isinstance(target, Mapping) or "enum" in target or target.get("type", "object") == "object":
        return prop
    return {**target, **{k: v for k, v in prop.items() if k != "$ref"}}


def merged_object(spec: Spec, schema: Any) -> tuple[dict[str, Any], list[str]]:
    """Properties and required names of an object schema (or a ``$ref`` to one) with its ``allOf``
    members folded in; the schema's own properties win over its members'. Alternatives of one base
    ([`alternatives`][]) have the base's members; a property naming a scalar component is inlined."""
    found = alternatives(spec, schema)
    if found is not None:
        return merged_object(spec, {"$ref": found[0]})
    schema = deref(spec, schema)
    props: dict[str, Any] = {}
    required: list[str] = []
    for member in schema.get("allOf", []):
        sub_props, sub_required = merged_object(spec, member)
        props.update(sub_props)
        required.extend(sub_required)
    props.update({k: inlined(spec, v) for k, v in (schema.get("properties") or {}).items()})
    required.extend(schema.get("required", []))
    return props, required


def merged_properties(spec: Spec, schema: Any) -> dict[str, Any]:
    """The properties of [`merged_object`][]."""
    return merged_object(spec, schema)[0]


def operations(spec: Spec) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(path, operation)`` for every operation of the spec, in file order."""
    for path, item in spec.get("paths", {}).items():
        for op in item.values():
            if isinstance(op, Mapping) and "operationId" in op:
                yield path, op  # type: ignore[misc]  # the document's own mapping, as loaded


def operation_by_id(spec: Spec, operation_id: str) -> dict[str, Any]:
    """The operation object of ``operation_id``; ``LookupError`` when the spec has none."""
    for _, op in operations(spec):
        if op["operationId"] == operation_id:
            return op
    raise LookupError(f"the spec has no operation {operation_id!r}")


def operation_for_biz_type(spec: Spec, biz_type: str) -> dict[str, Any] | None:
    """The operation routed by ``biz_type`` (its ``x-biz-type`` or one of its aliases)."""
    for _, op in operations(spec):
        if op.get("x-biz-type") == biz_type or biz_type in op.get("x-biz-type-aliases", []):
            return op
    return None


def operation_method(spec: Spec, op: Mapping[str, Any]) -> str:
    """The HTTP method the spec routes ``op`` with (its path item's key)."""
    for item in spec.get("paths", {}).values():
        for method, candidate in item.items():
            if candidate is op:
                return str(method)
    return "post"


def doc_url_key(language: str) -> str:
    """The operation key that holds its page's URL on the site of ``language``."""
    return "x-doc-url-cn" if language == "zh-CN" else "x-doc-url"


def doc_url(op: Mapping[str, Any]) -> str:
    """The operation's page: on the English site, else on the Chinese one (an operation the vendor
    published in Chinese only); the spec states at least one."""
    return str(op.get("x-doc-url") or op["x-doc-url-cn"])
