"""pytest plugin (auto-registered by ``multimarkets-bridge[sandbox]``): the ``bridge_sandbox`` fixture.

    def test_register(bridge_sandbox):
        number = bridge_sandbox.client.register_customer(phone="13200000001", ...)
        assert bridge_sandbox.sandbox.state.customers[0].customer_no == number

Each test gets a fresh sandbox on a free loopback port, a fresh RSA key pair, a configured
``BridgeClient``, and a local webhook receiver already subscribed (``notifications()``). Override the
``bridge_sandbox_options`` fixture to change the sandbox settings (seed, clock, rate limit, ...).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from multimarkets_bridge import BridgeClient
    from multimarkets_bridge.webhooks import ReceivedNotification

    from .app import Credentials, Sandbox
    from .receiver import LocalWebhookReceiver
    from .server import SandboxServer


@dataclass
class BridgeSandbox:
    """What the ``bridge_sandbox`` fixture yields."""

    client: BridgeClient
    sandbox: Sandbox
    server: SandboxServer
    credentials: Credentials
    receiver: LocalWebhookReceiver

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def notifications(self, at_least: int = 0, timeout: float = 10.0) -> list[ReceivedNotification]:
        """Notifications the receiver got (waits for ``at_least`` of them)."""
        return self.receiver.wait_for(at_least, timeout) if at_least else list(self.receiver.received)


@pytest.fixture
def bridge_sandbox_options() -> dict[str, Any]:
    """Keyword arguments for :class:`~multimarkets_bridge_sandbox.Sandbox`; override in your conftest."""
    return {"seed": 7}


@pytest.fixture
def bridge_sandbox(bridge_sandbox_options: dict[str, Any]) -> Iterator[BridgeSandbox]:
    from multimarkets_bridge import BridgeClient

    from .app import Sandbox
    from .receiver import LocalWebhookReceiver
    from .server import SandboxServer

    sandbox = Sandbox(**bridge_sandbox_options)
    credentials = sandbox.issue_key(company_id=360)
    with (
        SandboxServer(sandbox) as server,
        LocalWebhookReceiver(platform_public_key=sandbox.platform_public_key) as receiver,
    ):
        client = BridgeClient(
            base_url=server.base_url,
            api_key=credentials.api_key,
            secret_key=credentials.secret_key,
            company_id=credentials.company_id,
            rate_limit_per_minute=None,
        )
        with client:
            client.subscribe_webhook(api_key=credentials.api_key, webhook_url=receiver.url)
            yield BridgeSandbox(client, sandbox, server, credentials, receiver)
    sandbox.close()
