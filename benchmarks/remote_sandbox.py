"""A sandbox in a process of its own, like a remote platform: ``python benchmarks/platform.py``.

Prints one JSON line (``base_url``, ``api_key``, ``secret_key``, ``company_id``, ``pid``) once it
serves, and stops when its standard input closes. No rate limit: the benchmarks measure speed.
"""

from __future__ import annotations

import json
import sys

from multimarkets_bridge_sandbox import Sandbox, SandboxServer


def main() -> int:
    import os

    sandbox = Sandbox(rate_limit_per_minute=None)
    credentials = sandbox.issue_key(company_id=360)
    with SandboxServer(sandbox) as server:
        line = {
            "base_url": server.base_url,
            "api_key": credentials.api_key,
            "secret_key": credentials.secret_key,
            "company_id": credentials.company_id,
            "pid": os.getpid(),
        }
        print(json.dumps(line), flush=True)
        sys.stdin.read()  # until the parent closes it
    sandbox.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
