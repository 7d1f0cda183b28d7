"""The facts of one operation, as a page shows them and as the spec states them.

A vendor page and the spec meet on these facts only: field names, page types, required flags, the
enum values a description lists, examples, HTTP statuses. No prose: descriptions are never compared.
``spec_facts`` derives them from the spec; the readers (``vendor_docs.reader``) from a page; a
``snapshots.PageSnapshot`` is the committed record of one page.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from spec_tools import (
    deref,
    merged_object,
)

SCALAR_TYPES = ("string", "integer", "number", "boolean", "object", "array")
LANGUAGES = ("en", "zh-CN")


Spec = dict[str, Any]


@dataclass(frozen=True)
class FieldFact:
    """One header or body field as a page lists it."""

    type: str
    required: bool
    example: str | None = None
    enum: tuple[str, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "required": self.required}
        if self.example is not None:
            out["example"] = self.example
        if self.enum is not None:
            out["enum"] = list(self.enum)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FieldFact:
        enum = data.get("enum")
        return cls(
            str(data["type"]), bool(data["required"]), data.get("example"), tuple(enum) if enum else None
        )


@dataclass(frozen=True)
class OperationFacts:
    """What a page states about one operation. Example values are kept in memory only."""

    biz_type: str
    headers: dict[str, FieldFact]
    body: dict[str, FieldFact]
    statuses: tuple[int, ...]
    request_examples: tuple[Any, ...] = ()
    response_examples: dict[int, Any] = field(default_factory=dict)
    version: str | None = None
    """The ``version`` header value the page names (None: the page format does not say)."""
    group: str | None = None
    """The ``group`` header value the page names (None: none or not said)."""
    response_fields: dict[str, FieldFact] = field(default_factory=dict)
    """Response schema rows, in the layouts that list them (paths in the envelope: ``data.x``)."""


def json_type(value: Any) -> str:
    """The JSON type name of a parsed JSON value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if value is None:
        return "null"
    return "object"


def json_tree(value: Any, prefix: str = "") -> dict[str, str]:
    """Every path of a JSON value with its JSON type; list items appear under ``path[]``."""
    tree: dict[str, str] = {}
    if prefix:
        tree[prefix] = json_type(value)
    if isinstance(value, dict):
        for key, item in value.items():
            tree.update(json_tree(item, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(value, list):
        for item in value:
            tree.update(json_tree(item, f"{prefix}[]"))
    return dict(sorted(tree.items()))


def path_segments(path: str) -> list[str]:
    """The segments of a field path of ``json_tree`` (``data.records[].id`` -> ``data``, ``records[]``,
    ``id``)."""
    return re.findall(r"[^.\[\]]+(?:\[\])*", path)


def value_digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# ------------------------------------------------------------------------------------- the spec side


def schema_types(spec: Spec, schema: Any) -> set[str]:
    """JSON types a schema admits (``properties`` mean object; ``allOf`` is the intersection of its
    members' types, ``anyOf`` the union)."""
    schema = deref(spec, schema)
    if not isinstance(schema, dict):
        return set()
    kind = schema.get("type")
    if kind is None:
        if "properties" in schema:
            return {"object"}
        if "allOf" in schema:  # e.g. {allOf: [{$ref: OrderType}], const: 2}: an integer
            return set.intersection(*(schema_types(spec, member) for member in schema["allOf"]))
        union: set[str] = set()
        for member in schema.get("anyOf", []) + schema.get("oneOf", []):
            union |= schema_types(spec, member)
        if "const" in schema:
            union.add(json_type(schema["const"]))
        if "enum" in schema:
            union |= {json_type(v) for v in schema["enum"]}
        return union or set(SCALAR_TYPES) | {"null"}
    return set(kind) if isinstance(kind, list) else {str(kind)}


def page_type(spec: Spec, schema: Any) -> str:
    """The single type word a page shows for a field (``x-also-accepts`` and null left out)."""
    node = deref(spec, schema)
    if isinstance(node, dict) and "x-doc-type" in node:  # a recorded inconsistency: the page's word
        return str(node["x-doc-type"])
    also = node.get("x-also-accepts") if isinstance(node, dict) else None
    kinds = sorted(schema_types(spec, node) - {"null", also})
    if len(kinds) != 1:  # a oneOf/anyOf of types (or none): the union, as GitBook lists alternatives
        return "|".join(kinds) or "any"
    if kinds[0] == "array":
        item_kinds = sorted(schema_types(spec, node.get("items", {})) - {"null"})
        return f"{item_kinds[0]}[]" if len(item_kinds) == 1 else "array"
    return kinds[0]


def page_enum(spec: Spec, schema: Any) -> tuple[str, ...] | None:
    """The enum values a page can list for a field: two or more, as text; None otherwise."""
    node = deref(spec, schema)
    values = node.get("enum") if isinstance(node, dict) else None
    if not values or len(values) < 2:
        return None
    return tuple(str(v) for v in values)


def example_text(value: Any) -> str | None:
    """How a page writes a field's ``Example:`` value."""
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def field_fact(spec: Spec, schema: Any, *, required: bool, example: Any = None) -> FieldFact:
    node = deref(spec, schema)
    if example is None and isinstance(node, dict):
        example = node.get("example")
    return FieldFact(page_type(spec, node), required, example_text(example), page_enum(spec, node))


def header_parameters(spec: Spec, op: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The header parameters a page lists for ``op``: its parameters plus the security headers."""
    found: dict[str, dict[str, Any]] = {}
    for ref in op.get("parameters", []):
        param = deref(spec, ref)
        if param.get("in") == "header":
            found[param["name"]] = param
    for scheme in spec.get("components", {}).get("securitySchemes", {}).values():
        if scheme.get("in") == "header" and scheme.get("x-on-endpoint-pages", True):
            found[scheme["name"]] = {"name": scheme["name"], "required": True, "schema": {"type": "string"}}
    return found


def request_schema(spec: Spec, op: Mapping[str, Any]) -> Any:
    content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    return content.get("schema", {"type": "object"})


def success_schema(spec: Spec, op: Mapping[str, Any]) -> Any:
    """The success alternative of the 200 response (the first ``anyOf`` member)."""
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    return schema["anyOf"][0] if "anyOf" in schema else schema


def spec_facts(spec: Spec, op: Mapping[str, Any]) -> OperationFacts:
    """The facts a faithful vendor page of ``op`` would state, derived from the spec."""
    headers = {
        name: field_fact(
            spec, param.get("schema", {}), required=bool(param.get("required")), example=param.get("example")
        )
        for name, param in header_parameters(spec, op).items()
    }
    props, required = merged_object(spec, request_schema(spec, op))
    body = {name: field_fact(spec, prop, required=name in required) for name, prop in props.items()}
    content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    request_examples = tuple(ex["value"] for ex in content.get("examples", {}).values() if "value" in ex)
    if not request_examples:
        request_examples = (synthesised_example(spec, request_schema(spec, op), required_only=False),)
    success_content = op["responses"]["200"]["content"]["application/json"]
    given = [ex["value"] for ex in success_content.get("examples", {}).values() if "value" in ex]
    response = given[0] if given else synthesised_example(spec, success_schema(spec, op), required_only=False)
    return OperationFacts(
        biz_type=str(op["x-biz-type"]),
        headers=headers,
        body=body,
        statuses=tuple(int(s) for s in op.get("x-doc-statuses", [200])),
        request_examples=request_examples,
        response_examples={200: response},
        version=op.get("x-api-version"),
        group=op.get("x-group"),
    )


_PLACEHOLDERS = {"string": "text", "integer": 1, "number": 1, "boolean": True}


def synthesised_example(spec: Spec, schema: Any, *, required_only: bool, depth: int = 0) -> Any:
    """A value of every field of ``schema`` in the style GitBook fills an example ("text", 1, true)."""
    node = deref(spec, schema)
    if not isinstance(node, dict) or depth > 8:
        return None
    if "const" in node:
        return node["const"]
    if node.get("enum"):
        return node["enum"][0]
    if "example" in node and not isinstance(node["example"], dict | list):
        return node["example"]
    if not any(key in node for key in ("type", "properties", "allOf", "anyOf", "oneOf", "items")):
        return "text"  # any JSON value is allowed: GitBook shows a plain placeholder
    kinds = schema_types(spec, node) - {"null"}
    if "object" in kinds and ("properties" in node or "allOf" in node):
        props, required = merged_object(spec, node)
        names = [n for n in props if n in required] if required_only else list(props)
        out: dict[str, Any] = {}
        for name in names:
            out[name] = synthesised_example(spec, props[name], required_only=required_only, depth=depth + 1)
        return out
    if "anyOf" in node or "oneOf" in node:
        first = (node.get("anyOf") or node.get("oneOf") or [{}])[0]
        return synthesised_example(spec, first, required_only=required_only, depth=depth + 1)
    if "array" in kinds:
        return [
            synthesised_example(spec, node.get("items", {}), required_only=required_only, depth=depth + 1)
        ]
    for kind in ("string", "integer", "number", "boolean"):
        if kind in kinds:
            return _PLACEHOLDERS[kind]
    if "object" in kinds:
        return {}
    return "text"


def spec_tree(spec: Spec, schema: Any, prefix: str = "", depth: int = 0) -> dict[str, set[str]]:
    """Every field path a schema describes with the JSON types it admits (``path[]`` for items)."""
    node = deref(spec, schema)
    tree: dict[str, set[str]] = {}
    if not isinstance(node, dict) or depth > 12:
        return tree
    kinds = schema_types(spec, node)
    if prefix:
        tree.setdefault(prefix, set()).update(kinds)
    members = list(node.get("anyOf", [])) + list(node.get("oneOf", []))
    if "properties" in node or "allOf" in node:
        props, _ = merged_object(spec, node)
        for name, prop in props.items():
            for path, types in spec_tree(
                spec, prop, f"{prefix}.{name}" if prefix else name, depth + 1
            ).items():
                tree.setdefault(path, set()).update(types)
    for member in members:
        for path, types in spec_tree(spec, member, prefix, depth + 1).items():
            tree.setdefault(path, set()).update(types)
    if "items" in node:
        for path, types in spec_tree(spec, node["items"], f"{prefix}[]", depth + 1).items():
            tree.setdefault(path, set()).update(types)
    return tree


def inferred_paths(
    spec: Spec, schema: Any, prefix: str = "", depth: int = 0, inherited: bool = False
) -> set[str]:
    """Field paths the spec marks ``x-inferred: true`` (not published, our reading), directly or through
    an inferred parent schema."""
    node = deref(spec, schema)
    found: set[str] = set()
    if not isinstance(node, dict) or depth > 12:
        return found
    raw = schema if isinstance(schema, dict) else {}
    if prefix and (inherited or raw.get("x-inferred") is True):
        found.add(prefix)  # the field itself is our reading
    # a $ref to an inferred schema: the field is published, what it holds is our reading
    inferred = inherited or raw.get("x-inferred") is True or node.get("x-inferred") is True
    if "properties" in node or "allOf" in node:
        props, _ = merged_object(spec, node)
        for name, prop in props.items():
            found |= inferred_paths(spec, prop, f"{prefix}.{name}" if prefix else name, depth + 1, inferred)
    for member in list(node.get("anyOf", [])) + list(node.get("oneOf", [])):
        found |= inferred_paths(spec, member, prefix, depth + 1, inferred)
    if "items" in node:
        found |= inferred_paths(spec, node["items"], f"{prefix}[]", depth + 1, inferred)
    return found


def type_fits(page_kind: str, allowed: set[str]) -> bool:
    """Whether a JSON type seen on a page fits the types the spec allows (integers are numbers)."""
    return page_kind in allowed or (page_kind == "integer" and "number" in allowed)


# ------------------------------------------------------------------------------------- snapshots
