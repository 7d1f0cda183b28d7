"""The broker app's own tests, written as a downstream project writes them: the ``bridge_sandbox``
fixture of ``multimarkets-bridge-sandbox`` (typed with ``BridgeSandbox``), the app served by uvicorn on
loopback receiving the sandbox's signed notifications, and a delivery replayed into a test client."""

from __future__ import annotations

import asyncio
import threading
import time
from decimal import Decimal

import pytest
import uvicorn
from fastapi.testclient import TestClient
from multimarkets_bridge import OrderStatus, models
from multimarkets_bridge_sandbox import BridgeSandbox, free_port
from service import BrokerService, Customer
from web import Ledger, create_app


@pytest.fixture
def broker(bridge_sandbox: BridgeSandbox) -> BrokerService:
    return BrokerService(bridge_sandbox.client)


@pytest.fixture
def customer(broker: BrokerService) -> Customer:
    return broker.onboard(phone="13200000001", password="secret-1", account_name="main")


def test_onboarding_and_reference_data(broker: BrokerService, customer: Customer) -> None:
    assert broker.customer_numbers() == [customer.customer_no]
    assert broker.details(customer.customer_no).customer_no == customer.customer_no
    assert broker.products()
    assert "USDT" in broker.currencies()
    assert all(isinstance(entry, models.DictionaryEntry) for entry in broker.countries())
    assert broker.rename_account(customer.customer_no, "renamed") == 1


def test_an_order_is_placed_read_filled_and_reported(
    bridge_sandbox: BridgeSandbox, broker: BrokerService, customer: Customer
) -> None:
    ledger = Ledger()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(bridge_sandbox.platform_public_key, ledger), port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        assert broker.subscribe(f"http://127.0.0.1:{port}/hooks/bridge", bridge_sandbox.credentials.api_key)
        assert broker.free_balance(customer, "USDT") > 0
        bridge_sandbox.sandbox.set_price(1, "60000")
        price = Decimal("61000")  # above the market: a limit buy fills at once
        placed = broker.buy(customer, symbol_id=1, price=price, quantity=Decimal("0.001"))
        assert placed.status is OrderStatus.FILLED
        assert broker.order(customer, 1, placed.client_order_id).client_order_id == placed.client_order_id
        assert [fill.execute_num for fill in broker.fills(customer, 1)] == [Decimal("0.001")]
        assert all(deposit.amount and deposit.amount > 0 for deposit in broker.deposits(customer))
        deliveries = bridge_sandbox.deliveries()
        assert [d.acknowledged for d in deliveries] == [True] * len(deliveries)
        assert list(ledger.fills.values()) == [Decimal("0.001")]
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_delivery_replayed_into_the_app_is_booked_once(
    bridge_sandbox: BridgeSandbox, broker: BrokerService, customer: Customer
) -> None:
    bridge_sandbox.sandbox.set_price(1, "60000")
    broker.buy(customer, symbol_id=1, price=Decimal("61000"), quantity=Decimal("0.002"))
    (delivery,) = [d for d in bridge_sandbox.deliveries() if d.message_type == "ORDER_EXEC_REPORT"]
    ledger = Ledger()
    with TestClient(create_app(bridge_sandbox.platform_public_key, ledger)) as app:
        first = app.post("/hooks/bridge", **delivery.replay())
        again = app.post("/hooks/bridge/", **delivery.replay())  # the same message, the other path form
        assert (first.status_code, again.status_code) == (200, 200)
        assert app.get("/fills").json() == {next(iter(ledger.fills)): "0.002"}
    assert len(ledger.fills) == 1


def test_the_async_client_from_the_fixture(bridge_sandbox: BridgeSandbox, customer: Customer) -> None:
    async def main() -> list[str]:
        async with bridge_sandbox.async_client() as client:
            page = await client.list_customers(current=1, size=20)
            return [record.customer_no or "" for record in page.records]

    assert asyncio.run(main()) == [customer.customer_no]


def test_closing_a_customer(broker: BrokerService, customer: Customer) -> None:
    broker.close(customer)
    assert broker.customer_numbers() == [customer.customer_no]  # closed customers stay listed
