"""Parse a vendor page in the layout the GitBook text export arrives in (English or Chinese).

The layout, top to bottom: the site header and navigation; ``On this page`` and a numbered breadcrumb;
the title; optional prose with JSON examples (sometimes not valid JSON); ``Header parameters`` and
``Body`` blocks of ``<name><type><Required|Optional>`` lines, each followed by description lines and
an ``Example: <value>`` line; ``Responses`` (``200Success``, ``application/json``, ...); the request
sample (``POST /global/<bizType> HTTP/1.1``, HTTP headers, a blank line, the JSON body); then the
response examples, each optionally preceded by a ``<status><label>`` line.

``parse_page`` returns a ``ParsedPage`` (facts + title, language, fingerprint); a layout it does not
know raises ``PageParseError`` with ``cannot parse <page> at line N: <what was expected>``.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from typing import Any

from .facts import FieldFact, OperationFacts
from .page_text import CJK, NOISE_LINES, enum_values, fingerprint, loads_lenient
from .snapshots import PageSnapshot

FIELD_TYPES = r"(?:string|integer|number|boolean|object)\[\]|string|integer|number|boolean|object|array"
# <name><type>[ · <format>]<Required|Optional>[Example: <value>]; the layouts differ in the case of the
# required word, the format suffix ("integer · long") and whether the example shares the line
FIELD_LINE = re.compile(
    rf"^(?P<name>[A-Za-z_$][A-Za-z0-9_$.]*?)(?P<type>{FIELD_TYPES})(?:\s*·\s*(?P<format>[A-Za-z0-9_-]+))?"
    r"(?P<req>Required|Optional|required|optional)(?:\s*(?:Example|示例)\s*[:：]\s*(?P<example>.*))?$"
)
# a line that looks like a field line but is not one of the known shapes must fail, not become prose
FIELD_LIKE = re.compile(
    rf"^[A-Za-z_$][A-Za-z0-9_$.]*?(?:{FIELD_TYPES})\S*(?:Required|Optional|required|optional)"
)
REQUIRED_SUFFIX = re.compile(r"(Required|Optional|required|optional)$")
REQUEST_LINE = re.compile(r"^(?P<method>POST|GET|PUT|DELETE|PATCH) (?P<path>/\S*) HTTP/1\.1$")
CURL_LINE = re.compile(
    r"^curl\b.*?(?:-X\s+|--request\s+)?POST?\b.*?https?://[^\s'\"]*(?P<path>/global/[A-Za-z0-9_.]+)"
)
CURL_DATA = re.compile(r"--data(?:-raw)?\s+'")
STATUS_LINE = re.compile(r"^(?P<status>[1-5][0-9]{2})(?P<label>[^{\[]*)$")
POSSIBLE_VALUES = re.compile(r"^(?:Possible values|可选值)\s*[:：]\s*(?P<values>.+)$")
SECTIONS = {"Header parameters": "headers", "Body": "body", "Responses": "responses"}


class PageParseError(ValueError):
    """The page is not in a layout this parser knows."""

    def __init__(self, page: str, line: int, expected: str) -> None:
        super().__init__(f"cannot parse {page} at line {line}: {expected}")
        self.page = page
        self.line = line
        self.expected = expected


@dataclass(frozen=True)
class ParsedPage:
    """One page: its facts (with example values) and what identifies the page itself."""

    facts: OperationFacts
    language: str
    title: str
    fingerprint: str
    source: str
    repaired_examples: int = 0
    document: Any = None
    """The vendor's OpenAPI fragment the facts were read from (markdown exports), else None."""
    path: str | None = None
    """The fragment's path of this operation."""
    method: str = "post"
    """The HTTP method the page states for the operation (every Bridge operation is a POST so far)."""

    def snapshot(self, url: str | None = None) -> PageSnapshot:
        return PageSnapshot.of(
            self.facts, language=self.language, title=self.title, url=url, fingerprint=self.fingerprint
        )


@dataclass
class _Field:
    name: str
    type: str
    required: bool
    line: int
    example: str | None = None
    enum: tuple[str, ...] | None = None
    description: str = ""


def parse_page(text: str, source: str = "<page>") -> ParsedPage:
    """Parse one page; ``source`` names it in errors."""
    return _Parser(text, source).parse()


class _Parser:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.repaired = 0
        self.response_fields: dict[str, FieldFact] = {}

    def fail(self, index: int, expected: str) -> PageParseError:
        return PageParseError(self.source, index + 1, expected)

    def parse(self) -> ParsedPage:
        lines = self.lines
        if not any(line.strip() for line in lines):
            raise self.fail(0, "expected a page, found no text")
        title_index = self._title_index()
        title = lines[title_index].strip()
        language = self._language(title_index)
        request_index = next(
            (i for i, x in enumerate(lines) if REQUEST_LINE.match(x.strip()) or CURL_LINE.match(x.strip())),
            None,
        )
        if request_index is None:
            raise self.fail(len(lines) - 1, "expected the request line 'POST /global/<bizType> HTTP/1.1'")
        match = REQUEST_LINE.match(lines[request_index].strip()) or CURL_LINE.match(
            lines[request_index].strip()
        )
        assert match is not None
        curl = match.re is CURL_LINE
        path = match.group("path")
        if not path.startswith("/global/") or len(path) <= len("/global/"):
            raise self.fail(request_index, f"expected a request path /global/<bizType>, found {path!r}")
        biz_type = path.removeprefix("/global/")

        section_starts = [i for i in range(title_index + 1, request_index) if lines[i].strip() in SECTIONS]
        if not any(lines[i].strip() == "Header parameters" for i in section_starts):
            raise self.fail(request_index, "expected a 'Header parameters' block before the request sample")
        intro_end = section_starts[0]
        described = self._intro_examples(title_index + 1, intro_end)

        headers: dict[str, FieldFact] = {}
        body: dict[str, FieldFact] = {}
        statuses: list[int] = []
        bounds = [*section_starts, request_index]
        for start, end in itertools.pairwise(bounds):
            kind = SECTIONS[lines[start].strip()]
            if kind == "responses":
                statuses = self._statuses(start + 1, end)
            else:
                fields = self._fields(start + 1, end, lines[start].strip())
                (headers if kind == "headers" else body).update(fields)
        if not statuses:
            raise self.fail(request_index, "expected a 'Responses' block listing at least one status line")

        if curl:
            sample, responses = self._curl_samples(request_index, statuses[0])
        else:
            sample, responses = self._samples(request_index + 1, statuses[0])
        request_examples = ((sample,) if sample is not None else ()) + tuple(described)
        facts = OperationFacts(
            biz_type=biz_type,
            headers=headers,
            body=body,
            statuses=tuple(statuses),
            request_examples=request_examples,
            response_examples=responses,
            response_fields=self.response_fields,
        )
        return ParsedPage(
            facts=facts,
            language=language,
            title=title,
            fingerprint=fingerprint(lines[title_index:]),
            source=self.source,
            repaired_examples=self.repaired,
        )

    # --------------------------------------------------------------------------------- pieces

    def _title_index(self) -> int:
        lines = self.lines
        marker = next((i for i, x in enumerate(lines) if x.strip() in ("On this page", "本页内容")), None)
        if marker is None:
            raise self.fail(0, "expected the 'On this page' line with the breadcrumb before the title")
        index = marker + 1
        while index < len(lines) and (
            not lines[index].strip() or re.match(r"^\d+\.\s", lines[index].strip())
        ):
            index += 1
        if index >= len(lines) or lines[index].strip() in SECTIONS:
            raise self.fail(index, "expected the page title after the breadcrumb")
        return index

    def _language(self, title_index: int) -> str:
        first = next(x.strip() for x in self.lines if x.strip())
        if first.endswith(" en"):
            return "en"
        head = "\n".join(self.lines[: title_index + 1])
        return "zh-CN" if CJK.search(head) else "en"

    def _intro_examples(self, start: int, end: int) -> list[Any]:
        """JSON blocks in the prose between the title and the first field block."""
        found: list[Any] = []
        index = start
        while index < end:
            if self.lines[index].strip().startswith("{"):
                block_end = self._block_end(index, end)
                found.append(self._json(index, block_end))
                index = block_end
            else:
                index += 1
        return found

    def _fields(self, start: int, end: int, section: str) -> dict[str, FieldFact]:
        fields: list[_Field] = []
        for index in range(start, end):
            line = self.lines[index].strip()
            if not line or line == "application/json":
                continue
            match = FIELD_LINE.match(line)
            if match:
                required = match.group("req").lower() == "required"
                fields.append(_Field(match.group("name"), match.group("type"), required, index))
                if match.group("example") is not None:
                    fields[-1].example = match.group("example").strip()
                continue
            if FIELD_LIKE.match(line) or (REQUIRED_SUFFIX.search(line) and " " not in line):
                raise self.fail(
                    index, f"expected '<name><type><Required|Optional>' with a type of {FIELD_TYPES}"
                )
            if not fields:
                raise self.fail(
                    index, f"expected a field line '<name><type><Required|Optional>' in '{section}'"
                )
            current = fields[-1]
            if line.startswith("Example:") or line.startswith("示例:") or line.startswith("示例："):
                current.example = re.split(r"[:：]", line, maxsplit=1)[1].strip()
            elif possible := POSSIBLE_VALUES.match(line):
                values = [v.strip(" `'\"") for v in possible.group("values").split(",")]
                current.enum = tuple(v for v in values if v)
            elif not line.startswith("Default:"):
                current.description += " " + line
        if not fields:
            raise self.fail(start, f"expected at least one field line in '{section}'")
        out: dict[str, FieldFact] = {}
        for item in fields:
            enum = item.enum or enum_values(item.description)
            out[item.name] = FieldFact(item.type, item.required, item.example, enum)
        return out

    def _statuses(self, start: int, end: int) -> list[int]:
        """Status lines; in the layouts that list the response schema under a status, its rows too
        (kept as ``response_fields``, never skipped)."""
        statuses: list[int] = []
        runs: list[tuple[int, int]] = []
        run_start: int | None = None
        for index in range(start, end):
            line = self.lines[index].strip()
            if not line or "/" in line or line.lower() in ("post", "get"):
                continue
            status = STATUS_LINE.match(line)
            if FIELD_LINE.match(line):
                run_start = index if run_start is None else run_start
                continue
            if status is None and run_start is not None:
                continue  # a description or example line of a response row
            if status is None:
                raise self.fail(index, "expected a response status line such as '200Success'")
            if run_start is not None:
                runs.append((run_start, index))
                run_start = None
            statuses.append(int(status.group("status")))
        if run_start is not None:
            runs.append((run_start, end))
        for run in runs:
            self.response_fields.update(self._fields(*run, "Responses"))
        return statuses

    def _samples(self, start: int, default_status: int) -> tuple[Any | None, dict[int, Any]]:
        """The request body after the HTTP headers, then the response examples."""
        lines = self.lines
        index = start
        while index < len(lines) and lines[index].strip() and not lines[index].strip().startswith("{"):
            if ":" not in lines[index]:
                raise self.fail(index, "expected an HTTP header line 'Name: value' in the request sample")
            index += 1
        while index < len(lines) and (not lines[index].strip() or NOISE_LINES.match(lines[index].strip())):
            index += 1
        request: Any | None = None
        if index < len(lines) and lines[index].strip().startswith(("{", "[")):  # the request body
            block_end = self._block_end(index, len(lines))
            request, index = self._json(index, block_end), block_end
        return request, self._responses(index, default_status)

    def _curl_samples(self, start: int, default_status: int) -> tuple[Any | None, dict[int, Any]]:
        """A cURL sample (``--data-raw '<json>'`` over the following lines), then the response examples."""
        lines = self.lines
        index = start
        while index < len(lines) and not CURL_DATA.search(lines[index]):
            if not lines[index].strip():
                raise self.fail(index, "expected the cURL sample's --data-raw '<body>' argument")
            index += 1
        if index >= len(lines):
            raise self.fail(start, "expected the cURL sample's --data-raw '<body>' argument")
        head = CURL_DATA.split(lines[index], maxsplit=1)[1]
        body_lines = [head]
        while "'" not in body_lines[-1]:
            index += 1
            if index >= len(lines):
                raise self.fail(start, "expected the cURL body's closing quote")
            body_lines.append(lines[index])
        body_lines[-1] = body_lines[-1].rsplit("'", 1)[0]
        try:
            request, repaired = loads_lenient("\n".join(body_lines))
        except json.JSONDecodeError as exc:
            raise self.fail(index, f"expected a JSON body in the cURL sample ({exc.msg})") from None
        self.repaired += int(repaired)
        return request, self._responses(index + 1, default_status)

    def _responses(self, start: int, default_status: int) -> dict[int, Any]:
        """The response examples from ``start``, each under the status line before it (if any)."""
        responses: dict[int, Any] = {}
        status = default_status
        index = start
        while index < len(self.lines):
            line = self.lines[index].strip()
            if not line or NOISE_LINES.match(line):
                index += 1
                continue
            if line.startswith(("{", "[")):
                block_end = self._block_end(index, len(self.lines))
                responses.setdefault(status, self._json(index, block_end))
                index = block_end
                continue
            match = STATUS_LINE.match(line)
            if not match:
                raise self.fail(index, "expected a JSON example or a status line such as '200Success'")
            status = int(match.group("status"))
            index += 1
        return responses

    def _block_end(self, start: int, end: int) -> int:
        """Index just past the JSON block that opens at ``start`` (brackets balanced outside strings)."""
        depth = 0
        in_string = False
        escaped = False
        for index in range(start, end):
            for char in self.lines[index]:
                if in_string:
                    if escaped:
                        escaped = False
                    elif char == "\\":
                        escaped = True
                    elif char == '"':
                        in_string = False
                elif char == '"':
                    in_string = True
                elif char in "{[":
                    depth += 1
                elif char in "}]":
                    depth -= 1
            if depth <= 0:
                return index + 1
        raise self.fail(start, "expected the JSON example opened here to close")

    def _json(self, start: int, end: int) -> Any:
        block = "\n".join(self.lines[start:end])
        try:
            value, repaired = loads_lenient(block)
        except json.JSONDecodeError as exc:
            raise self.fail(start + exc.lineno - 1, f"expected a JSON example ({exc.msg})") from None
        self.repaired += int(repaired)
        return value
