"""Write a spec operation as a page in the vendor's layout, in English or Chinese.

The page text is the project's own (field descriptions come from the spec, UI strings are generic);
only the layout follows the vendor's GitBook export, so that ``page.parse_page`` can be proven on all
operations and the sync loop can be drilled against a local server without vendor text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from spec_tools import deref, merged_object

from .facts import Spec, header_parameters, inferred_paths, request_schema, spec_facts

GROUPS = {
    "customers": ("Customer Management", "客户管理"),
    "accounts": ("Account Management", "账户管理"),
    "trading": ("Trading", "交易接口"),
    "subscriptions": ("Subscriptions", "消息订阅"),
    "reference_data": ("Reference Data", "基础数据"),
}
STATUS_LABELS = {200: "Success"}


def _one_line(text: str) -> str:
    """A description on one line, with ``=`` spelled out so it never reads as an enum listing."""
    return re.sub(r"\s+", " ", text).replace("==", " equals ").replace("=", " is ").strip()


def _enum_listing(node: Mapping[str, Any], language: str) -> str:
    values = node.get("enum") or []
    if len(values) < 2:
        return ""
    meanings = node.get("x-enum-meanings", {})
    items = ", ".join(f"{v}={_one_line(str(meanings.get(str(v), v))).replace(',', ';')}" for v in values)
    return f"取值: {items}" if language == "zh-CN" else f"Values: {items}"


def _describe(spec: Spec, name: str, schema: Any, language: str) -> list[str]:
    node = deref(spec, schema)
    node = node if isinstance(node, dict) else {}
    if language == "zh-CN":
        text = f"字段 {name}"
    else:
        text = _one_line(str(node.get("description") or f"The {name} field")).split(". ")[0]
    lines = [text]
    listing = _enum_listing(node, language)
    if listing:
        lines.append(listing)
    return lines


def render_page(spec: Spec, op: Mapping[str, Any], language: str = "en") -> str:
    """The page of ``op`` in the vendor's layout; ``language`` is ``en`` or ``zh-CN``."""
    facts = spec_facts(spec, op)
    zh = language == "zh-CN"
    group = GROUPS.get((op.get("tags") or ["customers"])[0], ("Bridge", "接口"))[1 if zh else 0]
    title = str(op.get("summary") or op["operationId"])
    out = [
        "MultiMarkets API Docs" if zh else "MultiMarkets API Docs en",
        "HomeGitHubReferenceLanguage",
        "  • BRIDGE API" if zh else "  • Bridge API",
        f"    • {group}",
        f"      • {title}",
        "Powered by GitBook",
        "On this page",
        "  1. BRIDGE API" if zh else "  1. Bridge API",
        f"  2. {group}",
        "",
        title,
        "",
        "Last updated (rendered from the spec)",
        "",
        title,
        "",
        "post",
        _one_line(str(op.get("description") or title)),
    ]
    for index, example in enumerate(facts.request_examples[1:], start=1):
        out += [
            f"示例 {index}:" if zh else f"Example {index}:",
            json.dumps(example, indent=2, ensure_ascii=False),
        ]

    params = header_parameters(spec, op)
    out += ["", "Header parameters"]
    for name, fact in facts.headers.items():
        out.append(f"{name}{fact.type}{'Required' if fact.required else 'Optional'}")
        out += ["", *_describe(spec, name, params[name].get("schema", {}), language)]
        if fact.example is not None:
            out += ["", f"Example: {fact.example}"]
    props, _ = merged_object(spec, request_schema(spec, op))
    unpublished = inferred_paths(spec, request_schema(spec, op))  # the vendor's page does not show them
    shown = {name: fact for name, fact in facts.body.items() if name not in unpublished}
    if shown:
        out.append("Body")
        for name, fact in shown.items():
            out.append(f"{name}{fact.type}{'Required' if fact.required else 'Optional'}")
            out += ["", *_describe(spec, name, props[name], language)]
            if fact.example is not None:
                out += ["", f"Example: {fact.example}"]
    out.append("Responses")
    for status in facts.statuses:
        out += [f"{status}{STATUS_LABELS.get(status, 'Error')}", "application/json"]
    body = (
        json.dumps(facts.request_examples[0], indent=2, ensure_ascii=False)
        if facts.request_examples
        else "{}"
    )
    out += ["post", f"POST /global/{facts.biz_type} HTTP/1.1", "Host: "]
    out += [f"{name}: text" for name, fact in facts.headers.items() if fact.required]
    out += [
        "Content-Type: application/json",
        "Accept: */*",
        f"Content-Length: {len(body.encode())}",
        "",
        body,
    ]
    for status, example in sorted(facts.response_examples.items()):
        out += [
            f"{status}{STATUS_LABELS.get(status, 'Error')}",
            json.dumps(example, indent=2, ensure_ascii=False),
        ]
    return "\n".join(out)
