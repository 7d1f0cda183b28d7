"""What changed between two spec versions for callers: classified changes and the version bump.

Request side (what callers send): a new required field, a removed field, a narrowed type, a removed
enum value, optional -> required or a narrowed constraint breaks callers; the opposite directions do
not. Response side (what callers read): a removed field, a widened type, a new enum value, required ->
optional or a widened constraint breaks callers (code that handled every value or relied on presence);
the opposite directions do not. Operations: removed breaks, added does not (but bumps at least the
minor version, see ``implied_bump``).

Constraints are every keyword a raw-HTTP client or another language's generator can observe on a
header, parameter or schema: ``maxLength`` / ``minLength``, ``pattern``, ``format``, ``minimum`` /
``maximum`` (and the exclusive forms), ``multipleOf``, ``const``, ``maxItems`` / ``minItems``. A change
is marked *SDK hides it* when SDK callers cannot see it: a header or member the SDK fills itself
(``x-sdk-injected``, ``x-sdk-fill``), or a constraint on an answer other than a money member's pattern
(the SDK's typed decoder checks types and each money member's pattern, no other answer constraint).
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spec_tools import ROOT, alternatives, deref, load_yaml, merged_object, operations

from .facts import Spec, request_schema, schema_types, success_schema

#: a larger value (or none) lets more values through
UPPER_BOUNDS = ("maxLength", "maximum", "exclusiveMaximum", "maxItems")
#: a smaller value (or none) lets more values through
LOWER_BOUNDS = ("minLength", "minimum", "exclusiveMinimum", "minItems")
#: any value lets fewer values through than none; two values are not ordered
EXACT = ("pattern", "format", "multipleOf", "const")


@dataclass(frozen=True)
class FieldInfo:
    types: frozenset[str]
    required: bool
    enum: frozenset[str] | None
    format: str | None = None
    constraints: tuple[tuple[str, Any], ...] = ()
    sdk_filled: bool = False


@dataclass(frozen=True)
class Change:
    operation: str
    kind: str
    where: str
    detail: str
    breaking: bool
    sdk_hidden: bool = False
    """SDK callers cannot see the change (it matters to raw-HTTP and other-language callers)."""


def load_version(source: str, root: Path = ROOT) -> Spec:
    """A spec from a file path, or from a git ref (``REF`` or ``REF:path``) of the repository."""
    path = Path(source)
    if path.is_file():
        text = path.read_text(encoding="utf-8")
    else:
        ref, _, inner = source.partition(":")
        inner = inner or "spec/bridge-api.openapi.yaml"
        result = subprocess.run(
            ["git", "show", f"{ref}:{inner}"], cwd=root, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise FileNotFoundError(f"{source} is neither a spec file nor a git ref: {result.stderr.strip()}")
        text = result.stdout
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise ValueError(f"{source} is not an OpenAPI document")
    return data


def _info(spec: Spec, schema: Any, required: bool, sdk_filled: bool = False) -> FieldInfo:
    node = deref(spec, schema)
    if not isinstance(node, dict):
        node = {}
    also = node.get("x-also-accepts")
    enum = node.get("enum")
    types = frozenset(schema_types(spec, node) - {also})
    # money (x-decimal; spelled format: decimal before 2026-12) is a type for the SDK: its own row
    fmt = "decimal" if node.get("x-decimal") or node.get("format") == "decimal" else None
    constraints = tuple(
        (key, node[key])
        for key in (*UPPER_BOUNDS, *LOWER_BOUNDS, *EXACT)
        if key in node and not (key == "format" and node[key] == "decimal")  # decimal: a type, above
    )
    values = frozenset(str(v) for v in enum) if enum else None
    return FieldInfo(types, required, values, fmt, constraints, sdk_filled or "x-sdk-fill" in node)


def flatten(spec: Spec, schema: Any, prefix: str = "", depth: int = 0) -> dict[str, FieldInfo]:
    """Every field path under an object schema with its types, required flag and enum."""
    node = deref(spec, schema)
    out: dict[str, FieldInfo] = {}
    if not isinstance(node, dict) or depth > 10:
        return out
    if "properties" in node or "allOf" in node or alternatives(spec, node) is not None:
        props, required = merged_object(spec, node)
        for name, prop in props.items():
            path = f"{prefix}.{name}" if prefix else name
            out[path] = _info(spec, prop, name in required)
            out.update(flatten(spec, prop, path, depth + 1))
    if "items" in node:
        out.update(flatten(spec, node["items"], f"{prefix}[]", depth + 1))
    return out


def operation_fields(spec: Spec, op: Mapping[str, Any]) -> tuple[dict[str, FieldInfo], dict[str, FieldInfo]]:
    """``(request, response)`` field maps of one operation (request headers under ``header.``)."""
    request = {f"body.{k}": v for k, v in flatten(spec, request_schema(spec, op)).items()}
    for ref in op.get("parameters", []):
        param = deref(spec, ref)
        if param.get("in") == "header":
            request[f"header.{param['name']}"] = _info(
                spec, param.get("schema", {}), bool(param.get("required")), bool(param.get("x-sdk-injected"))
            )
    response = {f"response.{k}": v for k, v in flatten(spec, success_schema(spec, op)).items()}
    return request, response


def _admits_all(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    """Whether every value of the ``narrow`` types is a value of the ``wide`` types (integers are numbers)."""
    return narrow <= (wide | {"integer"} if "number" in wide else wide)


def _types(info: FieldInfo) -> str:
    return "|".join(sorted(info.types))


def _compare(op: str, side: str, old: Mapping[str, FieldInfo], new: Mapping[str, FieldInfo]) -> list[Change]:
    request = side == "request"
    changes: list[Change] = []
    for path in new.keys() - old.keys():
        info = new[path]
        parent_new = any(
            path.startswith(p + ".") or path.startswith(p + "[") for p in new.keys() - old.keys() if p != path
        )
        if parent_new:
            continue
        word = "required" if info.required else "optional"
        breaking = request and info.required
        changes.append(Change(op, f"{side} field added", path, f"{word} {_types(info)}", breaking))
    for path in old.keys() - new.keys():
        parent_gone = any(
            path.startswith(p + ".") or path.startswith(p + "[") for p in old.keys() - new.keys() if p != path
        )
        if not parent_gone:
            changes.append(Change(op, f"{side} field removed", path, _types(old[path]), True))
    for path in sorted(old.keys() & new.keys()):
        before, after = old[path], new[path]
        if before.types != after.types:
            widened = _admits_all(after.types, before.types)
            narrowed = _admits_all(before.types, after.types)
            kind = "widened" if widened else "narrowed" if narrowed else "changed"
            breaking = kind == "changed" or (kind == "narrowed") == request
            changes.append(
                Change(op, f"{side} type {kind}", path, f"{_types(before)} -> {_types(after)}", breaking)
            )
        if before.format != after.format:
            # decimal (x-decimal) changes the Python type: a request field that gains it takes more
            # (Decimal/int/str) and one that loses it takes less; an answer field's value changes type
            # either way (Decimal vs str), which breaks a caller comparing or formatting it
            shift = f"{before.format or 'plain'} -> {after.format or 'plain'}"
            breaking = after.format is None if request else True
            changes.append(Change(op, f"{side} format changed", path, shift, breaking))
        if before.required != after.required:
            now = "required" if after.required else "optional"
            was = "required" if before.required else "optional"
            breaking = after.required if request else not after.required
            changes.append(Change(op, f"{side} field now {now}", path, f"{was} -> {now}", breaking))
        if before.enum != after.enum:
            old_values = before.enum or frozenset()
            new_values = after.enum or frozenset()
            added, removed = sorted(new_values - old_values), sorted(old_values - new_values)
            if before.enum is None or after.enum is None:
                kind = "enum introduced" if after.enum is not None else "enum dropped"
                breaking = (after.enum is not None) == request
                changes.append(
                    Change(op, f"{side} {kind}", path, ", ".join(sorted(new_values or old_values)), breaking)
                )
                continue
            if added:
                changes.append(Change(op, f"{side} enum value added", path, ", ".join(added), not request))
            if removed:
                changes.append(Change(op, f"{side} enum value removed", path, ", ".join(removed), request))
        changes += _constraint_changes(op, side, path, before, after)
    return changes


def _constraint_changes(op: str, side: str, path: str, before: FieldInfo, after: FieldInfo) -> list[Change]:
    """One row per constraint keyword whose value changed: narrowed, widened or changed."""
    request = side == "request"
    # a request member the SDK fills itself hides it from callers; an answer's constraints are the
    # SDK's concern only for money, whose pattern its decoder applies (a decimal answer refused)
    hidden = after.sdk_filled if request else after.format != "decimal"
    old, new = dict(before.constraints), dict(after.constraints)
    changes: list[Change] = []
    for key in sorted(old.keys() | new.keys()):
        was, now = old.get(key), new.get(key)
        if was == now:
            continue
        if was is None or now is None:
            narrowed = now is not None  # a constraint added lets fewer values through
        elif key in UPPER_BOUNDS:
            narrowed = now < was
        elif key in LOWER_BOUNDS:
            narrowed = now > was
        else:
            narrowed = None  # two patterns (formats, ...) are not ordered: changed
        kind = "changed" if narrowed is None else "narrowed" if narrowed else "widened"
        breaking = kind == "changed" or narrowed is request
        detail = f"{key}: {_shown(was)} -> {_shown(now)}"
        changes.append(Change(op, f"{side} constraint {kind}", path, detail, breaking, hidden))
    return changes


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def diff(old: Spec, new: Spec) -> list[Change]:
    """Every change between two spec versions, per operation, classified."""
    old_ops = {str(op["operationId"]): op for _, op in operations(old)}
    new_ops = {str(op["operationId"]): op for _, op in operations(new)}
    changes: list[Change] = []
    for name in sorted(old_ops.keys() - new_ops.keys()):
        changes.append(Change(name, "operation removed", str(old_ops[name].get("x-biz-type", "")), "", True))
    for name in sorted(new_ops.keys() - old_ops.keys()):
        changes.append(Change(name, "operation added", str(new_ops[name].get("x-biz-type", "")), "", False))
    for name in sorted(old_ops.keys() & new_ops.keys()):
        old_request, old_response = operation_fields(old, old_ops[name])
        new_request, new_response = operation_fields(new, new_ops[name])
        changes += _compare(name, "request", old_request, new_request)
        changes += _compare(name, "response", old_response, new_response)
    return changes


def implied_bump(version: str, changes: list[Change], *, changed: bool = False) -> tuple[str, str]:
    """``(level, next_version)``: breaking -> major (minor below 1.0), additions -> minor (patch below 1.0,
    except a new operation: a new method of the SDK is at least minor at any version).

    ``changed``: the document changed in ways no caller sees (examples, notes): a patch.
    """
    if not changes and not changed:
        return "none", version
    major, minor, patch = (int(x) for x in version.split(".")[:3])
    breaking = any(c.breaking for c in changes)
    if major == 0:
        new_operation = any(c.kind == "operation added" for c in changes)
        if breaking or new_operation:
            return "minor", f"0.{minor + 1}.0"
        return "patch", f"0.{minor}.{patch + 1}"
    if breaking:
        return "major", f"{major + 1}.0.0"
    if any("added" in c.kind for c in changes):
        return "minor", f"{major}.{minor + 1}.0"
    return "patch", f"{major}.{minor}.{patch + 1}"


def markdown(old: Spec, new: Spec, changes: list[Change]) -> str:
    """The changelog as markdown, grouped by operation, breaking changes first."""
    before = str(old.get("info", {}).get("version", "?"))
    level, after = implied_bump(before, changes)
    lines = [f"# API changelog {before} -> {after}", ""]
    if not changes:
        return "\n".join([*lines, "No change for SDK callers.", ""])
    count = sum(c.breaking and not c.sdk_hidden for c in changes)
    raw_only = sum(c.breaking and c.sdk_hidden for c in changes)
    lines += [
        f"{len(changes)} change(s), {count} breaking for SDK callers, {raw_only} breaking only for "
        f"raw-HTTP and other-language callers (the SDK hides them); implied version bump: **{level}** "
        f"(`info.version` and the package version move together to {after}).",
        "",
    ]
    for name in sorted({c.operation for c in changes}):
        lines += [f"## {name}", ""]
        for change in sorted(
            (c for c in changes if c.operation == name), key=lambda c: (not c.breaking, c.where)
        ):
            tag = "**breaking**" if change.breaking else "non-breaking"
            if change.sdk_hidden:
                tag += " (raw HTTP; the SDK hides it)"
            detail = f" ({change.detail})" if change.detail else ""
            lines.append(f"- {tag}: {change.kind} `{change.where}`{detail}")
        lines.append("")
    return "\n".join(lines)
