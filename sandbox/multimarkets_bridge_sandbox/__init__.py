"""Local stateful sandbox of the MultiMarkets Bridge API (``pip install multimarkets-bridge-sandbox``).

In-process:

```python
from multimarkets_bridge_sandbox import Sandbox, SandboxServer

sandbox = Sandbox(seed=7)
creds = sandbox.issue_key(company_id=360)
with SandboxServer(sandbox) as server:
    ...  # BridgeClient(base_url=server.base_url, api_key=creds.api_key, secret_key=creds.secret_key, ...)
```

As a process: ``python -m multimarkets_bridge_sandbox --host 127.0.0.1 --port 8700``.
"""

from .app import Credentials, Sandbox
from .errors import Codes, SandboxError
from .notifier import Delivery
from .server import SandboxServer, free_port
from .testing import BridgeSandbox

__all__ = [
    "BridgeSandbox",
    "Codes",
    "Credentials",
    "Delivery",
    "Sandbox",
    "SandboxError",
    "SandboxServer",
    "free_port",
]
