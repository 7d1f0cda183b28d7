"""Text helpers the page readers share: enum listings in descriptions, page fingerprints, lenient
JSON for the vendor's examples, and the character and noise patterns."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

__all__ = ["CJK", "NOISE_LINES", "PLACEHOLDER", "enum_values", "fingerprint", "loads_lenient"]

ENUM_ITEM = re.compile(r"(?:^|(?<=[\s,;:：，；(（]))(?P<value>[A-Za-z0-9_.+-]+)\s*=(?!=)")
PLACEHOLDER = re.compile(r'(?<!["\w])(\{\{[^{}"\n]+\}\})(?!["\w])')
CJK = re.compile(r"[\u3400-\u9fff]")
NOISE_LINES = re.compile(r"^(Last updated\b.*|最后更新.*|Previous.*Next.*|Powered by GitBook)$")


def enum_values(description: str) -> tuple[str, ...] | None:
    """Values a description lists as ``<value>=<meaning>`` (two or more), in order, without repeats."""
    values: list[str] = []
    for match in ENUM_ITEM.finditer(description):
        if match.group("value") not in values:
            values.append(match.group("value"))
    return tuple(values) if len(values) >= 2 else None


def fingerprint(lines: list[str]) -> str:
    """Digest of the page content (title onwards), blind to whitespace and to relative dates."""
    kept = [line.strip() for line in lines if line.strip() and not NOISE_LINES.match(line.strip())]
    return hashlib.sha256("\n".join(kept).encode("utf-8")).hexdigest()


def loads_lenient(block: str) -> tuple[Any, bool]:
    """Parse a JSON example as vendor pages print it; returns ``(value, repaired)``.

    Repairs: unquoted ``{{placeholders}}``, a missing comma at the end of a line, trailing commas.
    """
    quoted = PLACEHOLDER.sub(r'"\1"', block)
    try:
        return json.loads(quoted), quoted != block
    except json.JSONDecodeError:
        pass
    lines = [line.rstrip() for line in quoted.splitlines()]
    fixed: list[str] = []
    for index, line in enumerate(lines):
        following = next((x.strip() for x in lines[index + 1 :] if x.strip()), "")
        stripped = line.strip()
        needs_comma = (
            stripped
            and not stripped.endswith(("{", "[", ","))
            and following.startswith('"')
            and not stripped.startswith(("{", "["))
        )
        fixed.append(line + "," if needs_comma else line)
    repaired = re.sub(r",(\s*[}\]])", r"\1", "\n".join(fixed))
    return json.loads(repaired), True
