"""Pages for the docs -> spec tests: rendered from the spec, the vendor's seed pages, text mutations."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from support import ROOT, SEEDS

sys.path.insert(0, str(ROOT / "generator"))

from spec_tools import load_spec, operations
from vendor_docs.facts import Spec
from vendor_docs.page import FIELD_LINE, SECTIONS
from vendor_docs.render import render_page

REGISTER = "customer.admin.WhiteCustomerAdminApiService.addCustomer"
LIST = "customer.admin.WhiteCustomerAdminApiService.page"
SEED_SKIP = (
    f"vendor seed pages not found at {SEEDS}: the reference folder shared/ sits beside the checkout in CI "
    "only; from a bare clone the committed snapshots (spec/pages) and rendered pages stand in"
)

_SPEC: Spec | None = None


def the_spec() -> Spec:
    global _SPEC
    if _SPEC is None:
        _SPEC = load_spec()
    return _SPEC


def rendered(biz_type: str, language: str) -> str:
    spec = the_spec()
    op = next(op for _, op in operations(spec) if op["x-biz-type"] == biz_type)
    return render_page(spec, op, language)


def seed_text(biz_type: str) -> str:
    """The vendor's own page for ``biz_type`` (skips with the reason when ../shared is absent)."""
    if not SEEDS.is_dir():
        pytest.skip(SEED_SKIP)
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if f"POST /global/{biz_type} HTTP/1.1" in text:
            return text
    pytest.fail(f"no seed page for {biz_type} in {SEEDS}")


def seed_paths() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip(SEED_SKIP)
    return sorted(SEEDS.glob("*.txt"))


# ----------------------------------------------------------------------------------- mutations

Mutation = Callable[[str], str]


def _replace_once(text: str, old: str, new: str) -> str:
    assert old in text, f"{old!r} not on the page"
    return text.replace(old, new, 1)


def in_samples(text: str, old: str, new: str) -> str:
    """Replace in the request/response samples only (after the request line)."""
    head, sep, tail = text.partition(" HTTP/1.1\n")
    assert sep, "no request line"
    return head + sep + _replace_once(tail, old, new)


def add_body_field(required: bool) -> Mutation:
    flag = "Required" if required else "Optional"
    return lambda text: _replace_once(text, "\nBody\n", f"\nBody\nloyaltyTierstring{flag}\n\nA tier.\n")


def remove_body_field(name: str) -> Mutation:
    def mutate(text: str) -> str:
        lines = text.split("\n")
        body = lines.index("Body")
        start = next(
            i for i in range(body, len(lines)) if (m := FIELD_LINE.match(lines[i])) and m["name"] == name
        )
        end = next(
            i for i in range(start + 1, len(lines)) if FIELD_LINE.match(lines[i]) or lines[i] in SECTIONS
        )
        return "\n".join(lines[:start] + lines[end:])

    return mutate


def retype(name: str, old: str, new: str) -> Mutation:
    return lambda text: _replace_once(text, f"\n{name}{old}", f"\n{name}{new}")


def add_enum_value(text: str) -> str:
    match = re.search(r"9=[^\n]*", text)
    assert match, "no enum listing on the page"
    return text[: match.end()] + ", 10=kiosk" + text[match.end() :]


def rename_biz_type(text: str) -> str:
    return _replace_once(text, f"POST /global/{REGISTER} ", f"POST /global/{REGISTER}V2 ")


def add_status(text: str) -> str:
    return _replace_once(text, "\nResponses\n", "\nResponses\n500Error\napplication/json\n")


def reword(text: str) -> str:
    return _replace_once(text, "\npost\n", "\npost\nOne more sentence of prose about this call.\n")


def add_response_field(text: str) -> str:
    head, sep, tail = text.rpartition('\n  "msg": ')
    assert sep, "no response example with msg"
    return head + '\n  "serverRegion": "eu",' + sep + tail


def drop_response_record_field(text: str) -> str:
    return in_samples(text, '"unitName": "text",', "")
