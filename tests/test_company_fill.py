"""Members the spec marks ``x-sdk-fill: company-id`` carry the client's own company when left out and
take the company as an ``int`` (``list_products(company_id=360)``), as the method, the CLI and the
docs say; the requests are read off the wire on their way to the sandbox."""

from __future__ import annotations

import json
from typing import Any

import httpx
from multimarkets_bridge import OPERATIONS, BridgeClient


class Recording(httpx.HTTPTransport):
    """The real transport, keeping each request body it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.bodies: list[dict[str, Any]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.bodies.append(json.loads(request.read() or b"{}"))
        return super().handle_request(request)


def test_the_company_is_filled_from_the_client_and_taken_as_an_int(bridge_sandbox: Any) -> None:
    assert {name for name, op in OPERATIONS.items() if op.company_fields} == {
        "list_products", "list_company_currencies",
    }  # fmt: skip
    transport = Recording()
    credentials = bridge_sandbox.credentials
    with BridgeClient(
        base_url=bridge_sandbox.base_url, api_key=credentials.api_key, secret_key=credentials.secret_key,
        company_id=credentials.company_id, rate_limit_per_minute=None, transport=transport,
    ) as client:  # fmt: skip
        assert client.list_products()
        assert client.list_products(company_id=360)
        ids = [product.symbol_id for product in client.list_products(company_id="361")]
        assert ids == [product.symbol_id for product in client.list_products(company_id=361)]
        client.list_company_currencies()
    assert [body.get("companyId") for body in transport.bodies] == [
        str(credentials.company_id), "360", "361", "361", str(credentials.company_id),
    ]  # fmt: skip
