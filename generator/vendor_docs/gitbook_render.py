"""Render the spec in the forms the vendor's GitBook site serves to machines (for the tests' replica site).

* ``render_markdown``: a page's markdown export - GitBook's directive line, ``# title``, ``## summary``,
  ``> `` description lines carrying ``version=``, ``bizType=`` (and ``group=``), then one minified
  OpenAPI 3.0.1 document in a ``json`` fence holding exactly that operation and the components it uses
  (3.1 types converted: ``[t, "null"]`` -> ``nullable``, ``const`` -> one-value ``enum``; a field's
  type as the page shows it, ``x-doc-type``; no ``x-`` extensions).
* ``render_llms``: ``llms.txt`` - ``# site title`` then ``- [Title](<page>.md): description`` lines.
* ``render_html``: a page that links its markdown (``<link rel="alternate" type="text/markdown">``) and
  shows the operation in the markup of GitBook's OpenAPI block (react-openapi in GitbookIO/gitbook:
  ``openapi-operation``, ``openapi-path``, ``openapi-schema-name`` rows, their type titles).

All text is the project's own (spec descriptions); nothing is copied from vendor pages.
"""

from __future__ import annotations

import copy
import html
import json
from collections.abc import Iterable, Mapping
from typing import Any

from spec_tools import deref, merged_object, operation_method, schema_refs

from .facts import Spec, header_parameters, inferred_paths, page_type, request_schema, spec_facts

DIRECTIVE = (
    "> For the complete documentation index, see [llms.txt]({site}/llms.txt). Markdown versions of "
    "documentation pages are available by appending `.md` to page URLs."
)
NOT_FOUND = "# Page Not Found\n\nThe page you are looking for does not exist.\n"
FOOTER = (
    "\n\n---\n\n# Agent Instructions: Querying This Documentation\n\n"
    "Perform an HTTP GET request on the current page URL with the `ask` query parameter:\n\n"
    "```\nGET {url}.md?ask=<question>\n```\n"
)


def _convert(node: Any, *, published_only: bool = False) -> Any:
    """A 3.1 schema fragment as OpenAPI 3.0.1 writes it (and as the page shows the types);
    ``published_only`` leaves out the properties the spec marks ``x-inferred: true`` (a faithful page
    of an answer does not show what the vendor does not publish)."""
    if isinstance(node, list):
        return [_convert(item, published_only=published_only) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    hidden = published_only and node.get("x-inferred") is True  # not published: no fields shown
    for key, value in node.items():
        if key.startswith("x-") or key in ("if", "then", "else", "contentSchema", "contentMediaType"):
            continue
        if hidden and key in ("properties", "required", "allOf", "items"):
            continue
        if key == "properties" and published_only and isinstance(value, dict):
            value = {
                k: v for k, v in value.items() if not (isinstance(v, dict) and v.get("x-inferred") is True)
            }
        keep = key in ("example", "examples", "default", "enum")
        out[key] = value if keep else _convert(value, published_only=published_only)
    kind = node.get("type")
    if isinstance(kind, list):
        others = [t for t in kind if t != "null" and t != node.get("x-also-accepts")]
        out["type"] = others[0] if len(others) == 1 else kind
        if "null" in kind:
            out["nullable"] = True
    if hidden and "type" not in out:
        out["type"] = "array" if "items" in node else "object"
    if "x-doc-type" in node:
        out["type"] = node["x-doc-type"]
    if "const" in out:
        out["enum"] = [out.pop("const")]
    return out


def _reachable(spec: Spec, root: Any) -> set[str]:
    schemas = spec["components"]["schemas"]
    pending, done = schema_refs(root), set()
    while pending:
        name = pending.pop()
        if name not in done:
            done.add(name)
            pending |= schema_refs(schemas[name]) - done
    return done


def _closure(spec: Spec, request: Any, answer: Any) -> dict[str, Any]:
    """The components the operation uses, showing what the vendor publishes (no ``x-inferred``)."""
    schemas = spec["components"]["schemas"]
    names = _reachable(spec, request) | _reachable(spec, answer)
    return {name: _convert(schemas[name], published_only=True) for name in sorted(names)}


def fragment(spec: Spec, op: Mapping[str, Any], path: str) -> dict[str, Any]:
    """The self-contained OpenAPI 3.0.1 document of one operation, as a GitBook block embeds it."""
    parameters = []
    for ref in op.get("parameters", []):
        param = dict(deref(spec, ref))
        if param.get("in") == "header":
            parameters.append(_convert(param))
    body = op["requestBody"]["content"]["application/json"]
    success = op["responses"]["200"]["content"]["application/json"]
    success_schema = success["schema"].get("anyOf", [success["schema"]])[0]
    schemes = {
        name: _convert(scheme)
        for name, scheme in spec["components"].get("securitySchemes", {}).items()
        if scheme.get("x-on-endpoint-pages", True)
    }
    operation: dict[str, Any] = {
        "summary": op.get("summary", op["operationId"]),
        "description": "\n".join(_description_lines(op)),
        "operationId": op["operationId"],
        "parameters": parameters,
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": _convert(body["schema"], published_only=True),
                    "examples": copy.deepcopy(body.get("examples", {})),
                }
            }
        },
        "responses": {
            "200": {
                "description": "Success",
                "content": {
                    "application/json": {
                        "schema": _convert(success_schema, published_only=True),
                        "examples": copy.deepcopy(success.get("examples", {})),
                    }
                },
            }
        },
    }
    for status in op.get("x-doc-statuses", [200]):
        operation["responses"].setdefault(str(status), {"description": f"HTTP {status}"})
    return {
        "openapi": "3.0.1",
        "info": {"title": "Bridge API", "version": "1.0.0"},
        "servers": [{"url": server["url"]} for server in spec.get("servers", [])],
        "security": [{name: [] for name in schemes}],
        "paths": {path: {operation_method(spec, op): operation}},
        "components": {
            "schemas": _closure(spec, body["schema"], success_schema),
            "securitySchemes": schemes,
        },
    }


def _description_lines(op: Mapping[str, Any]) -> list[str]:
    lines = [f"version={op.get('x-api-version', '0.0.1')}", f"bizType={op['x-biz-type']}"]
    if op.get("x-group"):
        lines.append(f"group={op['x-group']}")
    return lines


def render_markdown(spec: Spec, op: Mapping[str, Any], site: str, title: str | None = None) -> str:
    """The markdown export of ``op``'s page on ``site`` (the site's base URL)."""
    path = "/global/" + str(op["x-biz-type"])
    summary = str(op.get("summary") or op["operationId"])
    document = json.dumps(fragment(spec, op, path), ensure_ascii=False, separators=(",", ":"))
    quoted = "\\\n".join(f"> {line}" for line in _description_lines(op))
    return (
        f"{DIRECTIVE.format(site=site)}\n\n# {title or summary}\n\n## {summary}\n\n{quoted}\n\n"
        f"```json\n{document}\n```\n"
    )


def render_prose(site: str, title: str, paragraphs: Iterable[str], url: str) -> str:
    """A non-operation page (signing, limits, error codes ...) in the markdown export, with the footer."""
    body = "\n\n".join(paragraphs)
    return f"{DIRECTIVE.format(site=site)}\n\n# {title}\n\n{body}{FOOTER.format(url=url)}"


def render_llms(site_title: str, entries: Iterable[tuple[str, str, str]]) -> str:
    """``llms.txt``: ``entries`` are (title, page URL without ``.md``, description)."""
    lines = [f"# {site_title}", ""]
    lines += [f"- [{title}]({url}.md): {description}" for title, url, description in entries]
    return "\n".join(lines) + "\n"


def gitbook_type(spec: Spec, schema: Any) -> str:
    """A field's type as GitBook's OpenAPI block titles it (``getSchemaTitle`` in react-openapi):
    ``string · enum``, ``integer · int64``, ``string[]``, ``string | integer``, ``object``."""
    node = deref(spec, schema)
    word = page_type(spec, node)
    if "|" in word:
        return " | ".join(word.split("|"))
    if node.get("enum") is not None:
        return f"{word} · enum"
    return f"{word} · {node['format']}" if node.get("format") and not word.endswith("[]") else word


def _schema_row(name: str, kind: str, required: bool) -> str:
    """One property as react-openapi's ``OpenAPISchemaName`` renders it (server-side, English)."""
    flag = (
        '<span class="openapi-schema-required">Required</span>'
        if required
        else ('<span class="openapi-schema-optional">Optional</span>')
    )
    return (
        '<div class="openapi-schema"><div class="openapi-schema-presentation">'
        '<span class="openapi-schema-name">'
        f'<span class="openapi-schema-propertyname">{html.escape(name)}</span>'
        f'<span><span class="openapi-schema-type">{html.escape(kind)}</span></span>{flag}</span></div></div>'
    )


def _section(kind: str, label: str, rows: list[str]) -> str:
    """A ``StaticSection`` of react-openapi (``openapi-parameters``, ``openapi-requestbody``)."""
    return (
        f'<div class="openapi-section openapi-{kind}">'
        f'<div class="openapi-section-header openapi-{kind}-header">'
        f'<div class="openapi-section-header-content openapi-{kind}-header-content">{label}</div></div>'
        f'<div class="openapi-section-body openapi-{kind}-body"><div class="openapi-schema-properties">'
        f"{''.join(rows)}</div></div></div>"
    )


def render_html(spec: Spec, op: Mapping[str, Any], url: str, *, markdown_link: bool = True) -> str:
    """An HTML page: the markdown link GitBook puts in ``<head>`` and the operation block in GitBook's
    OpenAPI markup (react-openapi: ``openapi-operation`` > ``openapi-summary`` with ``openapi-path``
    (method badge and path), ``openapi-parameters`` and ``openapi-requestbody`` sections of
    ``openapi-schema`` rows)."""
    facts = spec_facts(spec, op)
    props, _ = merged_object(spec, request_schema(spec, op))
    unpublished = inferred_paths(spec, request_schema(spec, op))
    headers = [
        _schema_row(name, gitbook_type(spec, param.get("schema", {})), bool(param.get("required")))
        for name, param in header_parameters(spec, op).items()
    ]
    body = [
        _schema_row(name, gitbook_type(spec, props[name]), fact.required)
        for name, fact in facts.body.items()
        if name not in unpublished
    ]
    link = (
        f'<link rel="alternate" type="text/markdown" href="{html.escape(url)}.md">' if markdown_link else ""
    )
    title = html.escape(str(op.get("summary") or op["operationId"]))
    method = operation_method(spec, op)
    path = html.escape("/global/" + str(op["x-biz-type"]))
    summary = (
        f'<div class="openapi-summary"><h2 class="openapi-summary-title">{title}</h2>'
        '<div class="openapi-path">'
        f'<span class="openapi-method openapi-method-{method} openapi-method-medium">{method.upper()}</span>'
        f'<span class="openapi-path-title">{path}</span></div></div>'
    )
    spec_column = _section("parameters", "Header parameters", headers) + _section("requestbody", "Body", body)
    return (
        f"<!doctype html><html><head><title>{title}</title>{link}</head><body><h1>{title}</h1>"
        f'<div class="openapi-operation">{summary}'
        '<div class="openapi-columns"><div class="openapi-column-spec">'
        f"{spec_column}</div></div></div></body></html>"
    )
