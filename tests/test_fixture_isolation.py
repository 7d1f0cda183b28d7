"""The ``bridge_sandbox`` fixture shares its server, receiver and RSA keys per session; each test
still gets its own sandbox (state, market, limits), its own apiKey and a receiver URL of its own."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

SUITE = """
import httpx
import pytest
from multimarkets_bridge import BridgeClient
from multimarkets_bridge.errors import AuthenticationError

EARLIER = {}


def test_first(bridge_sandbox):
    bridge_sandbox.client.register_customer(
        phone="13200000001", pwd="dc483e80a7a0bd9ef71d8cf973673924", country="CN",
        register_source=1, customer_group_id=1,
    )
    assert bridge_sandbox.client.list_customers().total == 1
    EARLIER.update(
        api_key=bridge_sandbox.credentials.api_key,
        secret=bridge_sandbox.credentials.secret_key,
        url=bridge_sandbox.receiver.url,
        sandbox=bridge_sandbox.sandbox,
        base_url=bridge_sandbox.base_url,
    )


def test_second(bridge_sandbox):
    assert bridge_sandbox.client.list_customers().total == 0
    assert bridge_sandbox.sandbox is not EARLIER["sandbox"]
    assert bridge_sandbox.sandbox.market is not EARLIER["sandbox"].market
    assert bridge_sandbox.credentials.api_key != EARLIER["api_key"]
    assert bridge_sandbox.base_url == EARLIER["base_url"]
    # the earlier test's apiKey opens nothing here
    stale = BridgeClient(
        base_url=bridge_sandbox.base_url, api_key=EARLIER["api_key"], secret_key=EARLIER["secret"],
        company_id=360, rate_limit_per_minute=None, max_retries=0,
    )
    with stale, pytest.raises(AuthenticationError):
        stale.list_customers()
    # a late delivery to the earlier receiver URL is refused and never recorded
    assert bridge_sandbox.receiver.url != EARLIER["url"]
    assert httpx.post(EARLIER["url"], content=b"{}").status_code == 404
    assert bridge_sandbox.notifications() == []
"""


def test_each_test_gets_its_own_sandbox_key_and_receiver(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_pair=SUITE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:valkey")
    result.assert_outcomes(passed=2)
