"""What an operation's arguments and answer mean, in words, read from the spec alone.

One source for the docstrings of the generated methods (``facade.py``) and for the operation pages of
the documentation site (``docs/hooks.py``): a field's meaning is its spec ``description``, plus the
meaning of each enum value (``x-enum-meanings``), plus what its format asks for (``x-decimal``
is decimal text, never a float).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from spec_tools import deref, merged_object

__all__ = ["FieldDoc", "docstring_text", "field_docs", "meaning"]


@dataclass(frozen=True)
class FieldDoc:
    """One member of a request body or an answer, as the docs describe it."""

    member: str
    """The JSON member name (``symbolId``)."""
    attribute: str
    """The Python name of the argument / attribute (``symbol_id``)."""
    meaning: str
    required: bool
    type_text: str
    """The JSON type in words (``integer``, ``decimal text``, ``one of 1, 2``)."""
    example: Any = None


def docstring_text(text: str) -> str:
    """``text`` made safe inside a generated triple-quoted docstring (backslashes, quotes)."""
    return text.replace("\\", "\\\\").replace('"""', "'''")


def meaning(spec: dict[str, Any], prop: dict[str, Any]) -> str:
    """The words for one property: its description (the referenced schema's when it has none of its
    own) and the meaning of each enum value."""
    target = deref(spec, prop) if "$ref" in prop else prop
    text = str(prop.get("description") or target.get("description") or "").strip()
    text = " ".join(text.split())
    meanings = prop.get("x-enum-meanings") or target.get("x-enum-meanings") or {}
    values = target.get("enum") or []
    labels = [f"``{value!r}`` = {meanings[str(value)]}" for value in values if str(value) in meanings]
    if labels:
        text = f"{text.rstrip('.')}: {'; '.join(labels)}."
    if prop.get("x-sdk-fill") == "company-id":
        text = f"{text} Left out: the client's own company.".strip()
    return text or "(the vendor does not describe it)"


def _type_text(spec: dict[str, Any], prop: dict[str, Any]) -> str:
    target = deref(spec, prop) if "$ref" in prop else prop
    if target.get("enum"):
        return "one of " + ", ".join(repr(v) for v in target["enum"])
    if target.get("x-decimal"):
        return "decimal text"
    kind = target.get("type")
    if isinstance(kind, list):
        kind = " or ".join(str(k) for k in kind)
    if kind == "array":
        items = target.get("items") or {}
        inner = deref(spec, items).get("title") if "$ref" in items else items.get("type")
        return f"array of {items['$ref'].rsplit('/', 1)[-1] if '$ref' in items else inner or 'values'}"
    if kind is None and ("anyOf" in target or "oneOf" in target):
        return "one of several forms"
    return str(kind or "object")


def field_docs(
    spec: dict[str, Any], schema: dict[str, Any] | str, attributes: Mapping[str, str]
) -> list[FieldDoc]:
    """The members of an object schema (a ``components/schemas`` name, or the schema), in spec order;
    ``attributes`` maps a model's attribute names to JSON members (the generated ``WIRE_NAMES``)."""
    python_name = {member: attribute for attribute, member in attributes.items()}
    node = spec["components"]["schemas"][schema] if isinstance(schema, str) else schema
    props, required = merged_object(spec, node)
    return [
        FieldDoc(
            member=member,
            attribute=python_name.get(member, member),
            meaning=meaning(spec, prop),
            required=member in required,
            type_text=_type_text(spec, prop),
            example=prop.get("example", deref(spec, prop).get("example") if "$ref" in prop else None),
        )
        for member, prop in props.items()
    ]
