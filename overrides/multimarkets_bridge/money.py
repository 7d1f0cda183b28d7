"""Money values: decimal strings on the wire, ``Decimal`` in Python, never ``float``.

Defined once in [`multimarkets_bridge_core.money`][] (the generated models decode with it) and
re-exported here, the SDK's public path.
"""

from multimarkets_bridge_core.money import (
    DECIMAL_PATTERN,
    WireDecimal,
    decimal_from_text,
    decimal_text,
    parse_decimal,
)

__all__ = ["DECIMAL_PATTERN", "WireDecimal", "decimal_from_text", "decimal_text", "parse_decimal"]
