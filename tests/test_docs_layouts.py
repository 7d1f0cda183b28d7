"""The flattened text layouts the Bridge pages have been seen in (stored copies, the seed pages): each
parses with no drift for every operation in both languages, and none loses a field silently.

Layouts (over the project's own rendering of the spec): the seed layout; lower-case required/optional;
types with a format (``integer · int64``); the example on the field line (``…RequiredExample: v``); a
trailing "Last updated" line; a cURL request sample; response schema rows under "Responses".
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import pytest
from support import ROOT

sys.path.insert(0, str(ROOT / "generator"))

from spec_tools import load_spec, operations
from vendor_docs.drift import check_page
from vendor_docs.page import PageParseError, parse_page
from vendor_docs.render import render_page

SPEC = load_spec()
FIELD = re.compile(r"^\S+?(?:string|integer|number|boolean|object|array)(?:Required|Optional)$")
SECTIONS = ("Body", "Responses", "Header parameters")


def lower_case(text: str) -> str:
    return re.sub(r"(?<=[a-z\]])(Required|Optional)$", lambda m: m[1].lower(), text, flags=re.MULTILINE)


def with_format(text: str) -> str:
    return re.sub(r"^(\w+?)integer(Required|Optional)$", r"\1integer · int64\2", text, flags=re.MULTILINE)


def example_on_field_line(text: str) -> str:
    out: list[str] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if not FIELD.match(line):
            out.append(line)
            index += 1
            continue
        block: list[str] = []
        index += 1
        while index < len(lines) and not FIELD.match(lines[index]) and lines[index] not in SECTIONS:
            block.append(lines[index])
            index += 1
        example = next((b for b in block if b.startswith("Example: ")), None)
        out.append(line + example if example else line)
        out += [b for b in block if b is not example]
    return "\n".join(out)


def last_updated(text: str) -> str:
    return text.rstrip("\n") + "\n\nLast updated 3 months ago\n"


def curl_sample(text: str) -> str:
    found = re.search(
        r"^POST (/global/\S+) HTTP/1\.1\n(?:.+\n)*\n(\{(?:.*\n)*?\})\n", text, flags=re.MULTILINE
    )
    assert found is not None
    curl = (
        f"curl --location --request POST 'https://api.example{found[1]}' \\\n"
        f"--header 'Content-Type: application/json' \\\n--data-raw '{found[2]}'\n"
    )
    return text[: found.start()] + curl + text[found.end() :]


def response_rows(text: str) -> str:
    return text.replace(
        "200Success\napplication/json\n", "200Success\napplication/json\ncodestringOptional\n", 1
    )


LAYOUTS: dict[str, Callable[[str], str]] = {
    "seed layout": lambda text: text,
    "lower-case required": lower_case,
    "type with format": with_format,
    "example on the field line": example_on_field_line,
    "last updated line": last_updated,
    "cURL sample": curl_sample,
    "response schema rows": response_rows,
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_parses_every_operation_without_drift(layout: str) -> None:
    for _, op in operations(SPEC):
        for language in ("en", "zh-CN"):
            text = LAYOUTS[layout](render_page(SPEC, op, language))
            page = parse_page(text, f"{op['operationId']}.{language}")
            rows = [r for r in check_page(SPEC, page) if r.kind != "snapshot-missing"]
            assert rows == [], (layout, op["operationId"], language)


def test_a_field_with_no_description_is_kept_not_swallowed() -> None:
    op = next(op for _, op in operations(SPEC) if op["operationId"] == "query_order")
    text = example_on_field_line(render_page(SPEC, op, "en"))
    assert "groupstringRequired" in text
    page = parse_page(text, "query_order")
    assert page.facts.headers["group"].required is True
    assert page.facts.headers["companyId"].example == "360"


def test_response_rows_the_spec_lacks_are_drift() -> None:
    op = next(op for _, op in operations(SPEC) if op["operationId"] == "query_order")
    text = render_page(SPEC, op, "en").replace(
        "200Success\napplication/json\n", "200Success\napplication/json\ndata.riskLevelintegerOptional\n", 1
    )
    rows = check_page(SPEC, parse_page(text, "query_order"))
    assert [(r.kind, r.where) for r in rows if r.kind != "snapshot-missing"] == [
        ("field-added", "response.data.riskLevel")
    ]


def test_an_unknown_field_shape_fails_at_its_line() -> None:
    op = next(op for _, op in operations(SPEC) if op["operationId"] == "query_order")
    text = render_page(SPEC, op, "en").replace("orderIdstringOptional", "orderIdstringOptionalish", 1)
    line = text.split("\n").index("orderIdstringOptionalish") + 1
    with pytest.raises(PageParseError, match=f"at line {line}: expected"):
        parse_page(text, "query_order")
