"""Canonicalisation vectors, properties, and real RSA sign/verify round trips."""

from __future__ import annotations

import base64
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import KeyPair, register_secret
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given, settings
from hypothesis import strategies as st
from multimarkets_bridge import (
    InvalidRequestError,
    RsaSha1Signer,
    RsaSha1Verifier,
    SigningKeyError,
    canonical_string,
)
from multimarkets_bridge.canonical import parse_exact

TS = 1700000000000

#: Strings to sign computed by the vendor's algorithm as documented, with fastjson 1.2's rendering
#: (tests/vectors/canonical.json says why each one is what it is).
VECTORS: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "vectors" / "canonical.json").read_text(encoding="utf-8")
)["vectors"]


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v["why"][:60])
def test_canonical_string_vectors(vector: dict[str, Any]) -> None:
    """Every vector, from the bytes sent and from their parsed value; a refused body is refused
    before anything is signed, with the character named."""
    body, timestamp = vector["body"].encode(), vector["timestamp"]
    if vector.get("refused"):
        for form in (body, parse_exact(body)):
            with pytest.raises(InvalidRequestError, match=r"U\+00[789]"):
                canonical_string(form, timestamp)
        return
    assert canonical_string(body, timestamp) == vector["expected"]
    assert canonical_string(parse_exact(body), timestamp) == vector["expected"]


def test_canonical_string_accepts_a_mapping_and_no_timestamp() -> None:
    assert canonical_string({"b": 1, "a": None, "c": "x"}, None) == "{b:1,c:x}"
    assert canonical_string({"size": 20, "current": 1}, 5) == canonical_string(
        b'{"current":"1","size":"20"}', 5
    )


json_leaf = st.none() | st.booleans() | st.integers(-(10**15), 10**15) | st.text(max_size=8)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=6), json_value, max_size=6), st.randoms(use_true_random=False))
def test_key_order_never_changes_the_canonical_string(obj: dict[str, Any], rnd: Any) -> None:
    def shuffled(value: Any) -> Any:
        if isinstance(value, dict):
            items = [(k, shuffled(v)) for k, v in value.items()]
            rnd.shuffle(items)
            return dict(items)
        if isinstance(value, list):
            return [shuffled(v) for v in value]
        return value

    a = json.dumps(obj, ensure_ascii=False).encode()
    b = json.dumps(shuffled(obj), ensure_ascii=True, indent=2).encode()
    assert _signed_or_refused(a) == _signed_or_refused(b)


def _signed_or_refused(body: Any) -> str:
    try:
        return canonical_string(body, TS)
    except InvalidRequestError as error:
        return f"refused: {error}"


# ---- an independent model of the vendor's renderer: Java semantics written out, no json module ----

_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _java_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _SHORT:
            out.append(_SHORT[ch])
        elif ord(ch) < 0x20 or ch in "\u2028\u2029":
            out.append(f"\\u{ord(ch):04X}")
        elif 0x7F <= ord(ch) <= 0x9F:
            raise ValueError("unsettled character")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _big_decimal_to_string(value: Decimal) -> str:
    """java.math.BigDecimal.toString from its definition: unscaled digits and scale."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    text = "".join(map(str, digits)) or "0"
    scale = -exponent
    adjusted = -scale + (len(text) - 1)
    negative = "-" if sign and any(digits) else ""
    if scale >= 0 and adjusted >= -6:
        if scale == 0:
            return negative + text
        text = text.rjust(scale + 1, "0")
        return f"{negative}{text[:-scale]}.{text[-scale:]}"
    mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
    return f"{negative}{mantissa}E{'+' if adjusted > 0 else ''}{adjusted}"


def _utf16_units(text: str) -> list[int]:
    """Java's String order: UTF-16 code units, a character beyond U+FFFF as its surrogate pair."""
    units: list[int] = []
    for point in map(ord, text):
        if point > 0xFFFF:
            units += [0xD800 + ((point - 0x10000) >> 10), 0xDC00 + ((point - 0x10000) & 0x3FF)]
        else:
            units.append(point)
    return units


def _fastjson(value: Any) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return _big_decimal_to_string(value)
    if isinstance(value, str):
        return _java_string(value)
    if isinstance(value, list):
        return "[" + ",".join(_fastjson(v) for v in value) + "]"
    keys = sorted((k for k, v in value.items() if v is not None), key=_utf16_units)
    return "{" + ",".join(f"{_java_string(k)}:{_fastjson(value[k])}" for k in keys) + "}"


TRICKY = st.sampled_from(
    [
        "a",
        "B",
        "_",
        "0",
        "\u00e9",
        "\uff01",
        "\uffff",
        "\U0001f600",
        "\U00010000",
        "\u2028",
        "\u2029",
        "\x1f",
        "\x0b",
        "\n",
        "\\",
        '"',
        "\x7f",
        "\x85",
    ]
)
tricky_text = st.lists(TRICKY, max_size=5).map("".join)
#: numbers of any scale, and the edges where writers differ (negative zero, exponent thresholds)
decimal_number = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    lambda d: abs(d.adjusted()) < 40
) | st.sampled_from(
    [Decimal(t) for t in ("-0.0", "-0E+3", "1E+20", "0.0000001", "0.000001", "1.50", "-1E-7")]
)
vendor_leaf = st.none() | st.booleans() | st.integers(-(10**30), 10**30) | decimal_number | tricky_text
vendor_value = st.recursive(
    vendor_leaf,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(tricky_text, inner, max_size=4),
    max_leaves=15,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(tricky_text, vendor_value, max_size=5))
def test_canonical_form_is_the_vendors_rendering_or_a_refusal(obj: dict[str, Any]) -> None:
    """Any body, with keys and text from the characters where JSON writers differ and numbers of any
    scale: the string to sign is the vendor's rendering with the quotes removed, or the body is refused
    exactly when the vendor's rendering is unsettled (U+007F-U+009F)."""
    text = _json_text(obj)
    try:
        expected: str | None = _fastjson(_without_nulls(json.loads(text, parse_float=Decimal))).replace(
            '"', ""
        )
    except ValueError:
        expected = None
    if expected is None:
        with pytest.raises(InvalidRequestError):
            canonical_string(text, None)
    else:
        assert canonical_string(text, None) == expected
        assert canonical_string(parse_exact(text), None) == expected


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _json_text(obj: Any) -> bytes:
    """The JSON text of ``obj``, its Decimals written as JSON numbers with their own digits."""

    def walk(value: Any) -> str:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dict):
            return (
                "{"
                + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{walk(v)}" for k, v in value.items())
                + "}"
            )
        if isinstance(value, list):
            return "[" + ",".join(walk(v) for v in value) + "]"
        return json.dumps(value, ensure_ascii=False)

    return walk(obj).encode()


def test_sign_verify_round_trip(key_pair: KeyPair) -> None:
    secret, public = key_pair.secret, key_pair.public
    signer = RsaSha1Signer.from_secret_key(secret)
    verifier = RsaSha1Verifier.from_public_key(public)
    body = '{"customerNo":"86000001","remark":"销户","isAuto":true}'.encode()
    signature = register_secret(signer.sign(body, TS))
    assert len(base64.b64decode(signature)) == 256
    assert verifier.verify(body, TS, signature)
    # the same JSON with other key order and whitespace verifies too (the sandbox re-canonicalises)
    assert verifier.verify(
        b'{ "isAuto": true, "remark": "\\u9500\\u6237", "customerNo": "86000001" }', TS, signature
    )


def test_tampering_fails_verification(key_pair: KeyPair, other_key_pair: KeyPair) -> None:
    signer = RsaSha1Signer.from_secret_key(key_pair.secret)
    verifier = RsaSha1Verifier.from_public_key(key_pair.public)
    body = b'{"symbolId":1,"num":"0.001"}'
    signature = register_secret(signer.sign(body, TS))
    assert not verifier.verify(b'{"symbolId":1,"num":"0.002"}', TS, signature)
    assert not verifier.verify(body, TS + 1, signature)
    flipped = base64.b64encode(bytes([base64.b64decode(signature)[0] ^ 1]) + base64.b64decode(signature)[1:])
    assert not verifier.verify(body, TS, flipped.decode())
    assert not verifier.verify(body, TS, "not base64!")
    other = RsaSha1Signer.from_secret_key(other_key_pair.secret)
    assert not verifier.verify(body, TS, register_secret(other.sign(body, TS)))


def test_pem_keys_are_accepted(key_pair: KeyPair) -> None:
    der = base64.b64decode(key_pair.secret)
    key = serialization.load_der_private_key(der, password=None)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    register_secret(pem)
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    signature = RsaSha1Signer.from_secret_key(pem).sign(b"{}", TS)
    assert RsaSha1Verifier.from_public_key(public_pem).verify(b"{}", TS, signature)
    assert RsaSha1Verifier.from_public_key(key_pair.public).verify(b"{}", TS, signature)


@pytest.mark.parametrize(
    "bad_key",
    [
        "",
        "   ",
        "not*base64*at*all",
        base64.b64encode(b"random bytes that are no DER key").decode(),
        "-----BEGIN PRIVATE KEY-----\nMIIBroken\n-----END PRIVATE KEY-----",
    ],
)
def test_malformed_secret_key_fails_at_construction_without_echoing_it(bad_key: str) -> None:
    with pytest.raises(SigningKeyError) as info:
        RsaSha1Signer.from_secret_key(bad_key)
    if bad_key.strip():
        assert bad_key.strip() not in str(info.value)
        assert bad_key.strip() not in repr(info.value)


def test_non_json_body_cannot_be_signed_and_never_verifies(key_pair: KeyPair) -> None:
    signer = RsaSha1Signer.from_secret_key(key_pair.secret)
    for body in (b"not json", b"\xff\xfe", b'{"a":'):
        with pytest.raises(InvalidRequestError):
            signer.sign(body, TS)
        assert not RsaSha1Verifier.from_public_key(key_pair.public).verify(body, TS, "AAAA")


def test_non_rsa_key_is_rejected() -> None:
    ec_key = ec.generate_private_key(ec.SECP256R1())
    der = ec_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(SigningKeyError, match="not an RSA private key"):
        RsaSha1Signer.from_secret_key(base64.b64encode(der).decode())


def test_public_key_errors_and_reprs_hide_keys(key_pair: KeyPair) -> None:
    with pytest.raises(SigningKeyError):
        RsaSha1Verifier.from_public_key("AAAA")
    signer = RsaSha1Signer.from_secret_key(key_pair.secret)
    assert repr(signer) == "RsaSha1Signer(key_size=2048)"
    assert key_pair.secret not in repr(signer)
    assert signer.public_key_b64() == key_pair.public
