# mypy: disallow-any-expr
"""The broker's web app: order notifications received at ``/hooks/bridge`` (FastAPI, as the docs show)
and booked once each, plus a read-only endpoint over the fills booked."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from decimal import Decimal

from fastapi import FastAPI
from multimarkets_bridge import models
from multimarkets_bridge.webhooks import NotificationReceiver, ReceivedNotification


@dataclass
class Ledger:
    """What the app books from notifications (in memory here; a database in a real service)."""

    fills: dict[str, Decimal] = field(default_factory=dict)
    cancelled: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def book(self, notification: ReceivedNotification) -> None:
        message = notification.message
        with self.lock:
            if isinstance(message, models.OrderExecReport) and message.trade_id and message.execute_num:
                self.fills[message.trade_id] = message.execute_num  # a WireDecimal: exact money
            elif isinstance(message, models.OrderCancelReport) and message.order_id:
                self.cancelled.append(message.order_id)


def create_app(platform_public_key: str, ledger: Ledger) -> FastAPI:
    app = FastAPI()
    receiver = NotificationReceiver(platform_public_key=platform_public_key)
    app.router.routes.extend(receiver.routes("/hooks/bridge", ledger.book))

    @app.get("/fills")  # type: ignore[misc]  # FastAPI's decorator type holds Any (FastAPI's, not the SDK's)
    def fills() -> dict[str, str]:
        with ledger.lock:
            return {trade: str(quantity) for trade, quantity in ledger.fills.items()}

    return app
