"""What the ``bridge_sandbox`` pytest fixture yields: [`BridgeSandbox`][] (type your fixture
arguments with it; importing it needs no pytest)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from multimarkets_bridge import AsyncBridgeClient, BridgeClient, Signer
    from multimarkets_bridge.webhooks import ReceivedNotification

    from .app import Credentials, Sandbox
    from .notifier import Delivery
    from .receiver import LocalWebhookReceiver
    from .server import SandboxServer

__all__ = ["BridgeSandbox", "ClientSettings", "client_settings"]


class ClientSettings(TypedDict):
    """Keyword arguments of ``BridgeClient`` / ``AsyncBridgeClient`` (checked against them by mypy)."""

    base_url: str
    api_key: str
    signer: Signer | None
    secret_key: str | None
    company_id: int
    rate_limit_per_minute: None


def client_settings(base_url: str, credentials: Credentials, signer: Signer | None) -> ClientSettings:
    """The settings of a client of one test's sandbox (sync or async): its apiKey, its key (the
    loaded ``signer`` when there is one: loading checks the RSA key, ~40 ms), no rate pacing."""
    return {
        "base_url": base_url,
        "api_key": credentials.api_key,
        "signer": signer,
        "secret_key": None if signer else credentials.secret_key,
        "company_id": credentials.company_id,
        "rate_limit_per_minute": None,
    }


@dataclass
class BridgeSandbox:
    """What the ``bridge_sandbox`` fixture yields (annotate the fixture argument with it)."""

    client: BridgeClient
    """A ``BridgeClient`` signed with this test's apiKey, pointed at the sandbox (no rate pacing)."""
    sandbox: Sandbox
    """The platform itself: its ``state``, ``faults``, ``seed_balance``, ``set_price`` ..."""
    server: SandboxServer
    credentials: Credentials
    """This test's apiKey, secretKey and company id."""
    receiver: LocalWebhookReceiver
    """The built-in webhook receiver the platform delivers to (until [`subscribe`][] points it
    elsewhere)."""
    _signer: Signer | None = None

    @property
    def base_url(self) -> str:
        """The sandbox's base URL (``http://127.0.0.1:<port>``)."""
        return self.server.base_url

    @property
    def platform_public_key(self) -> str:
        """The key the sandbox signs notifications with: give it to your own ``NotificationReceiver``."""
        return self.sandbox.platform_public_key

    def async_client(self) -> AsyncBridgeClient:
        """An ``AsyncBridgeClient`` like [`client`][] (use it with ``async with``)."""
        from multimarkets_bridge import AsyncBridgeClient

        return AsyncBridgeClient(**client_settings(self.base_url, self.credentials, self._signer))

    def subscribe(self, url: str) -> None:
        """Point the platform's notifications at ``url`` (your own app served on loopback) instead of
        the built-in receiver."""
        self.client.subscribe_webhook(api_key=self.credentials.api_key, webhook_url=url)

    def notifications(self, at_least: int = 0, timeout: float = 10.0) -> list[ReceivedNotification]:
        """Notifications the built-in receiver got (waits for ``at_least`` of them)."""
        return self.receiver.wait_for(at_least, timeout) if at_least else list(self.receiver.received)

    def deliveries(self, wait: float = 10.0) -> list[Delivery]:
        """Every notification the platform sent, once all are finished (at most ``wait`` seconds), with
        the signed body and headers: ``Delivery.replay()`` sends one again to your app."""
        self.sandbox.notifier.wait_idle(wait)
        return self.sandbox.deliveries()
