"""Request signing: the vendor's documented Open API scheme (SHA1withRSA over canonical body + timestamp).

String to sign = [`canonical_string`][multimarkets_bridge.canonical.canonical_string]``(body, timestamp)``:
the body as the platform's Java service writes it back (sorted keys, ``null`` members dropped, compact),
every ``"`` removed, the ``timestamp`` header value appended (see [`multimarkets_bridge.canonical`][]).

Vendor example: ``{"companyId":1,"lang":"zh-CN","customerNo":"86001308"}`` with timestamp
``1650361143685`` gives ``{companyId:1,customerNo:86001308,lang:zh-CN}1650361143685``.

Signature = base64(RSASSA-PKCS1-v1_5 / SHA-1 over the UTF-8 bytes of that string), keyed with the
merchant's secretKey: a base64 PKCS#8 DER RSA private key (PEM text is accepted too). The Bridge pages
do not publish the algorithm; the scheme is pluggable through the [`Signer`][] protocol.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from .canonical import ParsedBody, canonical_string, parse_exact
from .errors import ConfigurationError, InvalidRequestError, SigningKeyError

if TYPE_CHECKING:  # cryptography is imported when a key is loaded, not with the package
    from cryptography.hazmat.primitives.asymmetric import rsa

__all__ = [
    "ParsedBody",
    "RsaSha1Signer",
    "RsaSha1Verifier",
    "Signer",
    "Verifier",
    "canonical_string",
    "generate_key_pair",
    "parse_exact",
]


@runtime_checkable
class Signer(Protocol):
    """Produces the ``signature`` header for a request body and timestamp."""

    def sign(self, body: bytes, timestamp: int | None) -> str: ...


@runtime_checkable
class Verifier(Protocol):
    """Checks a ``signature`` header (used by the sandbox and by webhook receivers)."""

    def verify(
        self, body: bytes | Mapping[str, Any] | ParsedBody, timestamp: int | None, signature: str
    ) -> bool:
        """True when ``signature`` signs ``body`` (the JSON bytes, their [`parse_exact`][] result, or
        a mapping) and ``timestamp``."""
        ...


def _decode_key_material(text: str, kind: str) -> tuple[bytes, bool]:
    """Return (bytes, is_pem). Error messages never include the key."""
    stripped = text.strip()
    if stripped.startswith("-----BEGIN"):
        return stripped.encode("ascii", errors="replace"), True
    try:
        return base64.b64decode("".join(stripped.split()), validate=True), False
    except (binascii.Error, ValueError):
        raise SigningKeyError(
            f"{kind} is neither PEM text nor valid base64 ({len(stripped)} characters)"
        ) from None


def load_signer(secret_key: object) -> tuple[RsaSha1Signer | None, str | None]:
    """``(signer, None)`` for a readable secretKey, else ``(None, why)``; never raises, so no frame of
    an error's traceback holds the key text or its decoded bytes (the caller drops its own copy)."""
    if not isinstance(secret_key, str) or not secret_key.strip():
        return None, "secretKey is empty"
    try:
        material, is_pem = _decode_key_material(secret_key, "secretKey")
    except SigningKeyError as error:
        return None, error.message
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        if is_pem:
            key = serialization.load_pem_private_key(material, password=None)
        else:
            key = serialization.load_der_private_key(material, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        return None, "secretKey could not be read as an unencrypted PKCS#8 RSA private key"
    if not isinstance(key, rsa.RSAPrivateKey):
        return None, f"secretKey holds a {type(key).__name__}, not an RSA private key"
    return RsaSha1Signer(key), None


class RsaSha1Signer:
    """Signs with SHA1withRSA (PKCS#1 v1.5). Build it with [`from_secret_key`][]."""

    __slots__ = ("_hash", "_key", "_padding")

    def __init__(self, private_key: rsa.RSAPrivateKey) -> None:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        self._key = private_key
        self._padding = padding.PKCS1v15()
        self._hash = hashes.SHA1()  # noqa: S303 - the vendor's scheme

    @classmethod
    def from_secret_key(cls, secret_key: str) -> RsaSha1Signer:
        """Load the merchant secretKey (base64 PKCS#8 DER, or PEM). Raises [`SigningKeyError`][],
        from a frame that no longer holds the key (error reporters that capture locals see none)."""
        signer, problem = load_signer(secret_key)
        secret_key = ""  # the text leaves this frame before an error does
        if signer is None:
            raise SigningKeyError(problem or "secretKey could not be read")
        return signer

    @property
    def key_size(self) -> int:
        return self._key.key_size

    def sign(self, body: bytes, timestamp: int | None) -> str:
        message = canonical_string(body, timestamp).encode("utf-8")
        signature = self._key.sign(message, self._padding, self._hash)
        return base64.b64encode(signature).decode("ascii")

    def public_key_b64(self) -> str:
        """The matching public key as base64 X.509 SubjectPublicKeyInfo DER (what the platform stores)."""
        from cryptography.hazmat.primitives import serialization

        der = self._key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return base64.b64encode(der).decode("ascii")

    def __repr__(self) -> str:
        return f"RsaSha1Signer(key_size={self.key_size})"


class RsaSha1Verifier:
    """Verifies SHA1withRSA signatures. Build it with [`from_public_key`][]."""

    __slots__ = ("_hash", "_invalid", "_key", "_padding")

    def __init__(self, public_key: rsa.RSAPublicKey) -> None:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        self._invalid = InvalidSignature  # imported once, not per verification
        self._key = public_key
        self._padding = padding.PKCS1v15()
        self._hash = hashes.SHA1()  # noqa: S303 - the vendor's scheme

    @classmethod
    def from_public_key(cls, public_key: str) -> RsaSha1Verifier:
        """Load a base64 X.509 SubjectPublicKeyInfo DER key, or PEM. Raises [`SigningKeyError`][]."""
        if not isinstance(public_key, str) or not public_key.strip():
            raise SigningKeyError("public key is empty")
        material, is_pem = _decode_key_material(public_key, "public key")
        from cryptography.exceptions import UnsupportedAlgorithm
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        try:
            key = (
                serialization.load_pem_public_key(material)
                if is_pem
                else serialization.load_der_public_key(material)
            )
        except (ValueError, TypeError, UnsupportedAlgorithm):
            raise SigningKeyError("public key could not be read as an X.509 RSA public key") from None
        if not isinstance(key, rsa.RSAPublicKey):
            raise SigningKeyError(f"public key is a {type(key).__name__}, not an RSA key")
        return cls(key)

    def verify(
        self, body: bytes | Mapping[str, Any] | ParsedBody, timestamp: int | None, signature: str
    ) -> bool:
        """True when ``signature`` signs ``body`` (the JSON bytes, their [`parse_exact`][] result, or
        a mapping) and ``timestamp``."""
        try:
            raw = binascii.a2b_base64(signature, strict_mode=True)  # b64decode(validate=True), in C
            message = canonical_string(body, timestamp).encode("utf-8")
        except (binascii.Error, ValueError, InvalidRequestError):
            return False
        try:
            self._key.verify(raw, message, self._padding, self._hash)
        except self._invalid:
            return False
        return True

    def __repr__(self) -> str:
        return f"RsaSha1Verifier(key_size={self._key.key_size})"


def generate_key_pair(key_size: int = 2048) -> tuple[str, str]:
    """A fresh ``(secret_key, public_key)`` pair in the platform's formats (base64 PKCS#8 / X.509 DER).

    For sandboxes and tests; production keys are issued by the platform's business team.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    if isinstance(key_size, bool) or not isinstance(key_size, int) or not 1024 <= key_size <= 16384:
        raise ConfigurationError("key_size must be a whole number of bits from 1024 to 16384")
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    secret = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return base64.b64encode(secret).decode("ascii"), RsaSha1Signer(key).public_key_b64()
