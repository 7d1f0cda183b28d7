"""pytest plugin (registered by installing ``multimarkets-bridge-sandbox``): the ``bridge_sandbox`` fixture.

    from multimarkets_bridge_sandbox import BridgeSandbox

    def test_register(bridge_sandbox: BridgeSandbox) -> None:
        number = bridge_sandbox.client.register_customer(phone="13200000001", ...)
        assert bridge_sandbox.sandbox.state.customers[0].customer_no == number

Each test gets a fresh sandbox (its own state, market, limits and faults), its own apiKey, a
configured ``BridgeClient``, and a local webhook receiver already subscribed (``notifications()``).
Override the ``bridge_sandbox_options`` fixture to change the sandbox settings (seed, clock, rate
limit, ...).

What is expensive is made once per session and shared: the loopback HTTP server (each test's sandbox
is swapped in behind it), the webhook receiver (reset per test, with a new URL so that a late delivery
meant for an earlier test is refused), and two RSA key pairs (the platform's and the one every test's
apiKey is issued for). A test therefore costs a few milliseconds, not a server start and two RSA key
generations.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from .testing import BridgeSandbox, client_settings

if TYPE_CHECKING:
    import ssl

    from multimarkets_bridge import Signer

    from .receiver import LocalWebhookReceiver
    from .server import SandboxServer

__all__ = ["BridgeSandbox", "bridge_sandbox", "bridge_sandbox_options"]


@pytest.fixture
def bridge_sandbox_options() -> dict[str, Any]:
    """Keyword arguments for the ``Sandbox`` of each ``bridge_sandbox`` (default ``{"seed": 7}``);
    override this fixture in your conftest to change the seed, clock, rate limit or faults."""
    return {"seed": 7}


@dataclass
class _SessionHost:
    server: SandboxServer
    receiver: LocalWebhookReceiver
    platform_key: tuple[str, str]
    client_key: tuple[str, str]
    client_signer: Signer
    tls: ssl.SSLContext


@pytest.fixture(scope="session")
def _bridge_sandbox_host() -> Iterator[_SessionHost]:
    import httpx
    from multimarkets_bridge import RsaSha1Signer, generate_key_pair

    from .app import Sandbox
    from .receiver import LocalWebhookReceiver
    from .server import SandboxServer

    platform_key = generate_key_pair(2048)
    idle = Sandbox(platform_key=platform_key)  # answers until the first test swaps its own in
    with (
        SandboxServer(idle) as server,
        LocalWebhookReceiver(platform_public_key=platform_key[1]) as receiver,
    ):
        client_key = generate_key_pair(2048)
        signer = RsaSha1Signer.from_secret_key(client_key[0])
        yield _SessionHost(server, receiver, platform_key, client_key, signer, httpx.create_ssl_context())
    idle.close()


@pytest.fixture
def bridge_sandbox(
    bridge_sandbox_options: dict[str, Any], _bridge_sandbox_host: _SessionHost
) -> Iterator[BridgeSandbox]:
    """A fresh local Bridge platform for this test (``BridgeSandbox``): ``.client`` (a signed
    ``BridgeClient``), ``.async_client()``, ``.sandbox`` (state, faults, prices), ``.notifications()``
    (the built-in receiver), ``.subscribe(url)`` (your own receiver; ``.platform_public_key`` verifies
    its deliveries), ``.deliveries()`` (signed bodies and headers to replay into your app)."""
    import httpx
    from multimarkets_bridge import BridgeClient

    from .app import Sandbox

    host = _bridge_sandbox_host
    sandbox = Sandbox(**{"platform_key": host.platform_key, **bridge_sandbox_options})
    credentials = sandbox.issue_key(company_id=360, key_pair=host.client_key)
    host.receiver.reset(sandbox.platform_public_key)
    host.server.serve(sandbox)
    try:
        client = BridgeClient(
            **client_settings(host.server.base_url, credentials, host.client_signer),  # key loaded once
            transport=httpx.HTTPTransport(verify=host.tls),  # one TLS context per session
        )
        with client:
            client.subscribe_webhook(api_key=credentials.api_key, webhook_url=host.receiver.url)
            yield BridgeSandbox(client, sandbox, host.server, credentials, host.receiver, host.client_signer)
    finally:
        sandbox.close()
