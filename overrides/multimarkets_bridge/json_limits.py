"""Limits checked on JSON text before it is parsed: a hostile body nested thousands deep must be refused
in linear time, never reach the parser (Python's raises RecursionError). Used by the notification
receiver and by the sandbox for request bodies."""

from __future__ import annotations

__all__ = ["nesting_exceeds"]


def nesting_exceeds(body: bytes, limit: int) -> bool:
    """True when JSON ``body`` nests arrays/objects deeper than ``limit`` (strings are skipped)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth, in_string, escaped = 0, False, False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False
