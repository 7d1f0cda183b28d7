"""The pages of the documentation site that are made from the spec: one per operation, the operations
table, and the vendor error codes. ``docs/hooks.py`` hands them to MkDocs; nothing here is committed.

Every fact comes from the spec (meanings through [`api_reference`][]); the Python names and return
types come from the generated client the site documents, so a page never disagrees with the code.
"""

from __future__ import annotations

import inspect
import json
import shlex
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from api_reference import FieldDoc, field_docs
from facade_render import CALL_KEYWORDS
from spec_tools import deref, doc_url, merged_object, operations

__all__ = ["OperationPage", "error_codes_table", "operation_pages", "operations_table", "retry_table"]


@dataclass(frozen=True)
class OperationPage:
    """One operation's page: where it goes in the site and its Markdown."""

    operation_id: str
    summary: str
    path: str
    """Site path of the page (``operations/place_order.md``)."""
    markdown: str


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _fields_table(fields: list[FieldDoc], first: str) -> list[str]:
    rows = [f"| {first} | JSON | type | required | meaning |", "|---|---|---|---|---|"]
    for field in fields:
        rows.append(
            f"| `{field.attribute}` | `{field.member}` | {_cell(field.type_text)} | "
            f"{'yes' if field.required else 'no'} | {_cell(field.meaning)} |"
        )
    return rows


def _data_schema(spec: dict[str, Any], op: Mapping[str, Any]) -> dict[str, Any] | None:
    """The schema of the success envelope's ``data``, its ``$ref`` kept (None: the operation answers
    no data)."""
    answer = op["responses"]["200"]["content"]["application/json"]["schema"]
    success = answer["anyOf"][0] if "anyOf" in answer else answer
    props, _ = merged_object(spec, success)
    data: dict[str, Any] | None = props.get("data")
    return data


def _answer_fields(
    spec: dict[str, Any], data: dict[str, Any] | None, wire: Mapping[str, Mapping[str, str]]
) -> tuple[str, list[FieldDoc]]:
    """A sentence about ``data`` and the fields of its records (or of the object itself); the
    generated model is the component the schema names (``WIRE_NAMES`` is keyed by it)."""
    if data is None:
        return "The answer carries no `data`.", []
    node, words = data, "an object"
    if deref(spec, node).get("type") == "array":
        node, words = deref(spec, node).get("items", {}), "a list of records"
    model = str(node.get("$ref", "")).rsplit("/", 1)[-1]
    target = deref(spec, node)
    props, _ = merged_object(spec, target) if target.get("properties") or target.get("allOf") else ({}, [])
    if not props:
        kinds = target.get("type") or "a JSON value"
        return f"`data` is {words if words != 'an object' else kinds}.", []
    return f"`data` is {words}:", field_docs(spec, target, wire.get(model, {}))


def _example(op: Mapping[str, Any]) -> dict[str, Any]:
    examples = op["requestBody"]["content"]["application/json"].get("examples") or {}
    for example in examples.values():
        if isinstance(example.get("value"), dict):
            return dict(example["value"])
    return {}


def _python_value(spec: dict[str, Any], prop: Mapping[str, Any], value: Any) -> tuple[str, set[str]]:
    """The recommended Python spelling of an example value (an enum member, a ``Decimal`` for money)
    and the names it needs imported."""
    target = deref(spec, dict(prop))
    enum_name = str(prop.get("$ref", "")).rsplit("/", 1)[-1]
    names = target.get("x-enum-varnames")
    if enum_name and names and value in target.get("enum", []):
        return f"models.{enum_name}.{names[target['enum'].index(value)]}", {"models"}
    if target.get("x-decimal") and isinstance(value, str | int):
        return f"Decimal({json.dumps(str(value))})", {"Decimal"}
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value), set()


def _python_example(
    spec: dict[str, Any],
    wire: Mapping[str, Mapping[str, str]],
    body: str,
    fields: list[FieldDoc],
    operation_id: str,
    arguments: Mapping[str, Any],
    selector: list[str],
    read_only: bool,
) -> str:
    """The call as a Python developer would write it: the account selector as one model, enum members
    and ``Decimal`` money, and the errors handled (a write's unknown outcome settled, never resent)."""
    props, _ = merged_object(spec, spec["components"]["schemas"][body])
    members = {field.attribute: field.member for field in fields}
    needs: set[str] = set()

    def spelled(name: str, value: Any) -> str:
        text, imports = _python_value(spec, props.get(members.get(name, name), {}), value)
        needs.update(imports)
        return text

    account_fields = _selector_fields(spec, wire) if selector else []
    lines = [f"    result = client.{operation_id}("]
    if selector:
        needs.add("models")
        lines.append(f"        {selector[0]}=models.TradingAccountSelector(")
        lines += [
            f"            {name}={spelled(name, arguments[name])},"
            for name in account_fields
            if name in arguments
        ]
        lines.append("        ),")
    lines += [
        f"        {name}={spelled(name, value)},"
        for name, value in arguments.items()
        if name not in account_fields
    ]
    lines = [f"    result = client.{operation_id}()"] if len(lines) == 1 else [*lines, "    )"]
    handled = ["BridgeError"] if read_only else ["BridgeError", "OutcomeUnknownError"]
    code = [
        *(["from decimal import Decimal", ""] if "Decimal" in needs else []),
        f"from multimarkets_bridge import {', '.join(sorted([*handled, *(needs & {'models'})]))}",
        "",
        "try:",
        *lines,
    ]
    if not read_only:
        code += [
            "except OutcomeUnknownError as unknown:  # may have landed: settle it",
            "    result = client.resolve_outcome(unknown)",
        ]
    code += [
        "except BridgeError as error:  # typed, with the platform's trace",
        "    print(type(error).__name__, error.code, error.msg, error.trace)",
    ]
    return "\n".join(code)


def _selector_fields(spec: dict[str, Any], wire: Mapping[str, Mapping[str, str]]) -> list[str]:
    """The Python names of ``TradingAccountSelector``'s members, in spec order."""
    names = wire.get("TradingAccountSelector", {})
    return [field.attribute for field in field_docs(spec, "TradingAccountSelector", names)]


def _cli_line(operation_id: str, arguments: Mapping[str, Any]) -> str:
    words = ["multimarkets-bridge", operation_id.replace("_", "-")]
    for name, value in arguments.items():
        text = json.dumps(value) if isinstance(value, list | dict) else str(value)
        words += [f"--{name.replace('_', '-')}", shlex.quote(text)]
    return " ".join(words)


def _page(
    spec: dict[str, Any],
    op: Mapping[str, Any],
    wire: Mapping[str, Mapping[str, str]],
    method: Callable[..., Any],
) -> OperationPage:
    name = str(op["operationId"])
    body = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    fields = field_docs(spec, body, wire.get(body, {}))
    signature = inspect.signature(method)
    parameters = [p for p in signature.parameters if p not in ("self", *CALL_KEYWORDS)]
    returns = signature.return_annotation
    returns = returns if isinstance(returns, str) else getattr(returns, "__name__", str(returns))
    by_member = {field.member: field.attribute for field in fields}
    arguments = {by_member.get(k, k): v for k, v in _example(op).items() if by_member.get(k, k) in parameters}
    answer, answer_fields = _answer_fields(spec, _data_schema(spec, op), wire)
    read_only = bool(op.get("x-read-only"))
    lookup = op.get("x-retry-lookup")
    lines = [
        f"# `{name}`",
        "",
        f"{op['summary'].rstrip('.')}.",
        "",
        "| | |",
        "|---|---|",
        f"| Python | `client.{name}(...)` returns `{_cell(returns)}`; `await aclient.{name}(...)` alike |",
        f"| Command line | `multimarkets-bridge {name.replace('_', '-')}` |",
        f"| Bridge bizType | `{op['x-biz-type']}` (version `{op.get('x-api-version', '-')}`) |",
        f"| Vendor page | <{doc_url(op)}> ({op['x-doc-status']}) |",
        "| Kind | "
        + (
            "read: sent again after a failure where that is safe"
            if read_only
            else "write: never sent twice on a doubt"
            + (f"; a lost answer is settled with `{lookup['operationId']}`" if lookup else "")
        )
        + " |",
        "",
        "## Arguments",
        "",
    ]
    selector = [p for p in parameters if p not in by_member.values()]
    for extra in selector:
        lines += [f"`{extra}`: the account to act on, a `TradingAccountSelector`; or give its fields.", ""]
    lines += _fields_table(fields, "argument")
    lines += [
        "",
        "Every method also takes `options=`, `timeout=`, `extra_headers=` and `extra_body=` "
        "([Getting started](../getting-started.md)).",
        "",
        "## Returns",
        "",
        f"`{_cell(returns)}`. {answer}",
        "",
    ]
    if answer_fields:
        lines += [*_fields_table(answer_fields, "attribute"), ""]
    lines += [
        "## Errors",
        "",
        "A failure raises a `BridgeError` subclass carrying the `trace`; which vendor code becomes which "
        "class is in [Resilience](../resilience.md#vendor-error-codes).",
    ]
    if not read_only:
        lines += [
            "A write whose outcome is not established raises `OutcomeUnknownError`: settle it with "
            "`client.resolve_outcome(error)`, never by sending it again.",
        ]
    unknowns = op.get("x-unknowns") or []
    if unknowns:
        lines += ["", "## Not published by the vendor", ""]
        lines += [f"- {_cell(item)}" for item in unknowns]
    lines += [
        "",
        "## Example",
        "",
        "```python",
        _python_example(spec, wire, body, fields, name, arguments, selector, read_only),
        "```",
        "",
        "```bash",
        _cli_line(name, arguments),
        "```",
        "",
    ]
    return OperationPage(name, str(op["summary"]).rstrip("."), f"operations/{name}.md", "\n".join(lines))


def operation_pages(
    spec: dict[str, Any], wire: Mapping[str, Mapping[str, str]], methods: Mapping[str, Callable[..., Any]]
) -> Iterator[OperationPage]:
    """One page per spec operation, in operationId order."""
    found = sorted((op for _, op in operations(spec)), key=lambda op: str(op["operationId"]))
    for op in found:
        yield _page(spec, op, wire, methods[str(op["operationId"])])


def operations_table(pages: list[OperationPage], spec: dict[str, Any]) -> str:
    """The table of every operation, linking to its page."""
    kinds = {str(op["operationId"]): bool(op.get("x-read-only")) for _, op in operations(spec)}
    rows = ["| operation | what it does | kind |", "|---|---|---|"]
    for page in pages:
        kind = "read" if kinds[page.operation_id] else "write"
        rows.append(f"| [`{page.operation_id}`]({page.path}) | {_cell(page.summary)} | {kind} |")
    return "\n".join(rows)


def error_codes_table(spec: dict[str, Any]) -> str:
    """The spec's ``x-error-codes``: code, name, exception, whether a read may retry, meaning."""
    rows = ["| code | name | exception | read retried | meaning |", "|---|---|---|---|---|"]
    for code, entry in spec.get("x-error-codes", {}).items():
        retried = "yes" if entry.get("retryable") else "no"
        rows.append(
            f"| `{code}` | {entry['name']} | `{entry['error']}` | {retried} | {_cell(entry['meaning'])} |"
        )
    return "\n".join(rows)


def retry_table(policy: Mapping[type, Any]) -> str:
    """The SDK's one retry table (``errors.FAILURE_POLICY``): whether a failed read is sent again and
    what a failed write's ``outcome`` is, per exception class."""
    rows = ["| exception | a failed read is sent again | a failed write's `outcome` |", "|---|---|---|"]
    for cls, entry in policy.items():
        rows.append(f"| `{cls.__name__}` | {'yes' if entry.read_retry else 'no'} | `{entry.write_outcome}` |")
    return "\n".join(rows)
