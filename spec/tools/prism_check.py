"""Drive the SDK against a Prism mock of the spec: every read-only operation, N calls in all.

Prism answers each call with a body it generates from the spec's response schemas (success or error
envelope). The SDK must decode every one of them: a ``ResponseValidationError`` means the spec allows an
answer the SDK cannot read. Usage: ``python spec/tools/prism_check.py BASE_URL [CALLS]``; exit 1 on any
decode error. Run by ``nox -s spec_tools``.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable

from multimarkets_bridge import BridgeClient, ExchangeId, TradeType, TradingAccountSelector, generate_key_pair
from multimarkets_bridge.errors import BridgeError, ResponseValidationError


def main(base_url: str, calls: int) -> int:
    secret, _ = generate_key_pair(1024)  # Prism checks that the headers are present, not the signature
    client = BridgeClient(
        api_key="k" * 32, secret_key=secret, company_id=360, base_url=base_url, max_retries=0
    )
    account = TradingAccountSelector(
        trade_type=TradeType.TRADING_BRIDGE,
        exchange_id=ExchangeId.BINANCE,
        account_name="main",
        customer_no="86000001",
        customer_group_id=1,
    )
    operations: dict[str, Callable[[], object]] = {
        "list_customers": lambda: client.list_customers(),
        "get_customer_details": lambda: client.get_customer_details(customer_no="86000001"),
        "list_exchange_accounts": lambda: client.list_exchange_accounts(),
        "query_balances": lambda: client.query_balances(account=account),
        "query_deposit_records": lambda: client.query_deposit_records(account=account),
        "query_order": lambda: client.query_order(account=account, symbol_id=1, order_id="1"),
        "query_trade_records": lambda: client.query_trade_records(account=account, symbol_id=1),
        "list_products": lambda: client.list_products(company_id="360"),
        "list_company_currencies": lambda: client.list_company_currencies(company_id="360"),
        "list_dictionary_entries": lambda: client.list_dictionary_entries(parent_code="currency"),
    }
    tally: Counter[str] = Counter()
    names = list(operations)
    with client:
        for n in range(calls):
            name = names[n % len(names)]
            try:
                operations[name]()
                tally["decoded success"] += 1
            except ResponseValidationError as exc:
                tally["decode error"] += 1
                print(f"{name}: {exc}", file=sys.stderr)
            except BridgeError as exc:  # an error envelope, decoded and mapped
                tally[f"decoded error envelope ({type(exc).__name__})"] += 1
    print(f"prism mock, {calls} SDK calls: {dict(sorted(tally.items()))}")
    return 1 if tally["decode error"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 300))
