"""Canonicalisation vectors, properties, and real RSA sign/verify round trips."""

from __future__ import annotations

import base64
import json
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

TS = 1700000000000

VECTORS = [
    # (body, timestamp, string to sign); the first is the vendor's worked example
    (
        b'{"companyId":1,"lang":"zh-CN","customerNo":"86001308"}',
        1650361143685,
        "{companyId:1,customerNo:86001308,lang:zh-CN}1650361143685",
    ),
    (
        b'{"customerNo":"86000001","remark":"test","isAuto":false,"extra":null}',
        TS,
        "{customerNo:86000001,isAuto:false,remark:test}1700000000000",
    ),
    (b'{"size":"20","current":"1"}', TS, "{current:1,size:20}1700000000000"),
    (
        b'{"b":{"y":2,"x":1,"z":null},"a":[3,1,{"d":1,"c":null}]}',
        TS,
        "{a:[3,1,{d:1}],b:{x:1,y:2}}1700000000000",
    ),
    ('{"remark":"销户"}'.encode(), TS, "{remark:销户}1700000000000"),
    (b"{}", TS, "{}1700000000000"),
    (b"", TS, "{}1700000000000"),
    (b'{"remark":"say \\"hi\\""}', TS, "{remark:say \\hi\\}1700000000000"),
    (
        b'{"price":"60000.10","num":"0.001","tradeType":10}',
        TS,
        "{num:0.001,price:60000.10,tradeType:10}1700000000000",
    ),
    (
        b'{"webhookUrl":"https://example.com/hook?a=1&b=2"}',
        TS,
        "{webhookUrl:https://example.com/hook?a=1&b=2}1700000000000",
    ),
    (b'{"a":[null,1]}', TS, "{a:[null,1]}1700000000000"),
    (b'{"n":1.50,"i":7,"t":true}', TS, "{i:7,n:1.50,t:true}1700000000000"),
    (b'{"B":1,"a":2,"_":3}', TS, "{B:1,_:3,a:2}1700000000000"),
    (b' {\n "x" : [ ] } ', TS, "{x:[]}1700000000000"),
]


@pytest.mark.parametrize(("body", "timestamp", "expected"), VECTORS)
def test_canonical_string_vectors(body: bytes, timestamp: int, expected: str) -> None:
    assert canonical_string(body, timestamp) == expected


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
    assert canonical_string(a, TS) == canonical_string(b, TS)


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
