"""Draft a spec operation from the vendor's OpenAPI fragment of a page the spec does not have yet.

The draft is complete enough to generate from: path ``/global/<bizType>``, the project's shared header
parameters and envelope (``SuccessMeta`` + typed ``data``, ``ErrorEnvelope``, the shared error
responses), the request body and ``data`` schemas converted to the spec's conventions (OpenAPI 3.1
types, ``$ref``s resolved inside the fragment, money carried as text marked ``x-decimal`` with
the SDK's pattern), the page's examples, ``x-doc-url`` / ``x-doc-url-cn``, ``x-doc-status: partial``,
``x-unknowns`` for what a fragment does not say, and ``x-sandbox: examples`` so that the sandbox answers
it from its examples until a person writes its behaviour. No vendor prose is copied: descriptions are
left for a person.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

import yaml
from spec_tools import doc_url_key

from .facts import path_segments
from .page import ParsedPage

__all__ = [
    "Draft",
    "draft_from_fragment",
    "draft_operation",
    "exactly_expressible",
    "fragment_field",
    "fragment_text",
    "operation_id_for",
    "schema_for",
    "without_keys",
]

MONEY_NAME = re.compile(r"(price|amount|num|qty|quantity|balance|fee|commission|volume)$", re.IGNORECASE)
READ_NAME = re.compile(r"^(query|list|get|page|detail)", re.IGNORECASE)
TO_WRITE = "(meaning to be written by a person from the page)"
SCHEMA_DROPS = ("description", "title", "example", "examples", "xml", "externalDocs", "deprecated")

Draft = tuple[str, dict[str, Any], dict[str, Any]]
"""(path, operation, component schemas to add)."""


def _camel(name: str) -> str:
    return name[:1].upper() + name[1:]


def _resolve(document: Mapping[str, Any], node: Any, depth: int = 0) -> Any:
    """``node`` with the fragment's ``$ref``s inlined, converted to the spec's 3.1 conventions."""
    if depth > 24:
        return {}
    if isinstance(node, list):
        return [_resolve(document, item, depth + 1) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = document
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        return _resolve(document, target, depth + 1)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in SCHEMA_DROPS or key == "nullable" or key.startswith("x-"):
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: _property(document, name, prop, depth) for name, prop in value.items()}
        else:
            out[key] = _resolve(document, value, depth + 1)
    if node.get("nullable") and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    return out


def _property(document: Mapping[str, Any], name: str, prop: Any, depth: int) -> Any:
    converted = _resolve(document, prop, depth + 1)
    if isinstance(converted, dict):
        if converted.get("type") == "string" and MONEY_NAME.search(name) and "enum" not in converted:
            converted["x-decimal"] = True  # its pattern: the spec's own (see _with_decimal_pattern)
        converted["description"] = TO_WRITE
    return converted


def _properties(schema: Any) -> dict[str, Any]:
    """The properties of a resolved object schema, ``allOf`` members folded in."""
    if not isinstance(schema, dict):
        return {}
    found: dict[str, Any] = {}
    for member in schema.get("allOf", []):
        found.update(_properties(member))
    found.update(schema.get("properties") or {})
    return found


def _decimal_pattern(spec: Mapping[str, Any]) -> str | None:
    """The pattern the spec's ``x-decimal`` fields carry (the SDK's decimal rule; a test keeps
    them equal): the most common one, as request fields may state a stricter rule."""
    found: Counter[str] = Counter()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("x-decimal") and "pattern" in node:
                found[str(node["pattern"])] += 1
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec["components"]["schemas"])
    return found.most_common(1)[0][0] if found else None


def _with_decimal_pattern(node: Any, pattern: str | None) -> None:
    """Give every drafted ``x-decimal`` field the spec's decimal pattern."""
    if isinstance(node, dict):
        if node.get("x-decimal") and pattern and "pattern" not in node:
            node["pattern"] = pattern
        for value in node.values():
            _with_decimal_pattern(value, pattern)
    elif isinstance(node, list):
        for value in node:
            _with_decimal_pattern(value, pattern)


def operation_id_for(biz_type: str) -> str:
    """The operationId a drafted operation takes: its bizType's last part in snake case."""
    last = biz_type.rsplit(".", 1)[-1]
    return re.sub(r"(?<!^)(?=[A-Z])", "_", last).lower()


def _examples(media: Mapping[str, Any]) -> dict[str, Any]:
    found = {
        name: {"value": ex["value"]} for name, ex in (media.get("examples") or {}).items() if "value" in ex
    }
    if not found and "example" in media:
        found = {"page_sample": {"value": media["example"]}}
    return found


def draft_from_fragment(
    spec: Mapping[str, Any],
    document: Mapping[str, Any],
    path: str,
    *,
    url: str | None,
    language: str,
    version: str | None,
    group: str | None,
) -> Draft:
    """The drafted operation for ``path`` of the vendor fragment ``document`` (see the module docstring)."""
    raw = document["paths"][path]["post"]
    biz_type = path.rsplit("/global/", 1)[-1]
    operation_id = operation_id_for(biz_type)
    camel = "".join(_camel(part) for part in operation_id.split("_"))
    media = (raw.get("requestBody") or {}).get("content", {}).get("application/json", {})
    body = _resolve(document, media.get("schema") or {"type": "object"})
    body.setdefault("type", "object")
    answer = (raw.get("responses") or {}).get("200", {}).get("content", {}).get("application/json", {})
    envelope = _resolve(document, answer.get("schema") or {})
    data = _properties(envelope).get("data", {})
    data = {k: v for k, v in data.items() if k != "description"} if isinstance(data, dict) else {}
    typed = (data.get("type") == "object" and bool(data.get("properties"))) or (
        data.get("type") == "array" and bool((data.get("items") or {}).get("properties"))
    )
    components: dict[str, Any] = {f"{camel}Request": body}
    success: dict[str, Any] = {"allOf": [{"$ref": "#/components/schemas/SuccessMeta"}]}
    if typed:
        components[f"{camel}Data"] = data
        success["allOf"].append(
            {"type": "object", "properties": {"data": {"$ref": f"#/components/schemas/{camel}Data"}}}
        )
    else:
        success["allOf"].append(
            {
                "type": "object",
                "properties": {"data": {"description": "Not typed yet; returned as received."}},
            }
        )
    components[f"{camel}Response"] = success
    _with_decimal_pattern(components, _decimal_pattern(spec))
    template = _template_responses(spec)
    examples = _examples(answer)
    content: dict[str, Any] = {
        "schema": {
            "anyOf": [
                {"$ref": f"#/components/schemas/{camel}Response"},
                {"$ref": "#/components/schemas/ErrorEnvelope"},
            ]
        }
    }
    if examples:
        content["examples"] = examples
    parameters = [
        {"$ref": f"#/components/parameters/{name}"}
        for name in ("companyId", "trace", "recvWindow", "lang", "version")
    ]
    if group:
        parameters.append({"$ref": "#/components/parameters/group"})
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "tags": ["trading" if group else "reference_data"],
        "summary": str(raw.get("summary") or operation_id.replace("_", " ").capitalize()),
        "description": "Drafted by the docs loop from the vendor's OpenAPI fragment; for a person to review.",
        doc_url_key(language): url,
        "x-doc-status": "partial",
        "x-biz-type": biz_type,
        "x-group": group,
        "x-api-version": version or "0.0.1",
        "x-sdk-data": "model" if typed else "raw",
        "x-read-only": False,
        "x-sandbox": "examples",
        "x-unknowns": [
            "field meanings (the draft carries the fragment's names and types only)",
            "whether the operation is read-only"
            + (" (its name suggests a query)" if READ_NAME.match(operation_id) else "")
            + "; until a person decides it is treated as a write",
            "error codes",
        ],
        "parameters": parameters,
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{camel}Request"}}},
        },
        "responses": {
            "200": {
                "description": "Envelope; `data` as drafted from the fragment.",
                "content": {"application/json": content},
            },
            **template,
        },
    }
    request_examples = _examples(media)
    if request_examples:
        operation["requestBody"]["content"]["application/json"]["examples"] = request_examples
    return path, operation, components


def _template_responses(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The shared error responses every operation lists (taken from the spec's first operation)."""
    for item in spec["paths"].values():
        for op in item.values():
            return {code: copy.deepcopy(r) for code, r in op["responses"].items() if code != "200"}
    return {}


SCALAR_KEYWORDS = frozenset(
    {"type", "format", "enum", "const", "pattern", "minimum", "maximum", "exclusiveMinimum",
     "exclusiveMaximum", "minLength", "maxLength", "multipleOf", "default"}
)  # fmt: skip
ARRAY_KEYWORDS = frozenset({"type", "items", "minItems", "maxItems", "uniqueItems"})
SCALARS = frozenset({"string", "integer", "number", "boolean"})


def without_keys(node: Any, keys: tuple[str, ...]) -> Any:
    """``node`` as plain data with the members named ``keys`` dropped at every depth."""
    if isinstance(node, dict):
        return {k: without_keys(v, keys) for k, v in node.items() if k not in keys}
    if isinstance(node, list):
        return [without_keys(v, keys) for v in node]
    return node


def fragment_field(page_document: Mapping[str, Any], path: str, method: str, where: str) -> Any:
    """The schema the vendor's fragment states for ``where`` (``body.<name>`` or ``response.<path>``,
    ``[]`` for items), ``$ref``s resolved, prose dropped; None when the fragment does not state it."""
    raw = page_document["paths"][path][method]
    section, _, field_path = where.partition(".")
    if section == "body":
        media = (raw.get("requestBody") or {}).get("content", {}).get("application/json", {})
    else:
        media = (raw.get("responses") or {}).get("200", {}).get("content", {}).get("application/json", {})
    node: Any = _resolve(page_document, media.get("schema") or {})
    for segment in path_segments(field_path):
        node = _properties(node).get(segment.replace("[]", ""))
        for _ in range(segment.count("[]")):
            node = node.get("items") if isinstance(node, dict) else None
        if node is None:
            return None
    return without_keys(node, ("description", "x-decimal"))  # no prose, no money guess of the draft


def exactly_expressible(schema: Any) -> bool:
    """Whether the spec can take ``schema`` as a new field as it stands (a scalar, possibly nullable,
    with its constraints, or an array of such): what sync may apply without a person. Objects (with
    ``properties`` or ``additionalProperties``), arrays of objects and ``oneOf``/``anyOf``/``allOf``
    need a person (a new model, a union)."""
    if not isinstance(schema, dict):
        return False
    kinds = schema.get("type")
    kinds = set(kinds) if isinstance(kinds, list) else {kinds}
    if kinds == {"array"}:
        items = schema.get("items")
        return (
            set(schema) <= ARRAY_KEYWORDS
            and isinstance(items, dict)
            and items.get("type") != "array"
            and (exactly_expressible(items))
        )
    return bool(kinds - {"null"}) and kinds - {"null"} <= SCALARS and set(schema) <= SCALAR_KEYWORDS


def schema_for(kind: str) -> dict[str, Any]:
    if kind.endswith("[]"):
        return {"type": "array", "items": {"type": kind[:-2]}}
    if kind == "null":
        return {}
    return {"type": kind}


def draft_operation(page: ParsedPage, url: str | None) -> str:
    """A YAML fragment for an operation the spec does not have yet, for a person to finish."""
    facts = page.facts
    operation_id = operation_id_for(facts.biz_type)
    properties = {
        name: {**schema_for(fact.type), "description": "(meaning to be written by a person from the page)"}
        for name, fact in facts.body.items()
    }
    body: dict[str, Any] = {"type": "object", "properties": properties}
    required = [name for name, fact in facts.body.items() if fact.required]
    if required:
        body["required"] = required
    fragment = {
        f"/global/{facts.biz_type}": {
            "post": {
                "operationId": operation_id,
                "summary": page.title,
                "x-doc-url": url or page.source,
                "x-doc-status": "partial",
                "x-biz-type": facts.biz_type,
                "x-group": None,
                "x-api-version": "0.0.1",
                "x-sdk-data": "raw",
                "x-read-only": False,
                "x-unknowns": [
                    "whether the operation is read-only (assumed a write until a person checks)",
                    "meanings and constraints of every field (drafted from the page's field list)",
                    "error codes",
                ],
                "parameters": [
                    {"$ref": f"#/components/parameters/{n}"}
                    for n in facts.headers
                    if n not in ("apiKey", "signature")
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": body,
                            "examples": {"page_sample": {"value": facts.request_examples[0]}}
                            if facts.request_examples
                            else {},
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "Envelope; the type of `data` is drafted from the page example.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "anyOf": [
                                        {"$ref": "#/components/schemas/NoDataResponse"},
                                        {"$ref": "#/components/schemas/ErrorEnvelope"},
                                    ]
                                }
                            }
                        },
                    }
                },
            }
        }
    }
    return fragment_text(fragment)


def fragment_text(fragment: Mapping[str, Any]) -> str:
    """A drafted spec fragment as the YAML a person reads in the report and the pull request."""
    return yaml.safe_dump(dict(fragment), sort_keys=False, allow_unicode=True, width=110)
