"""``python -m multimarkets_bridge_sandbox``: serve the sandbox, or issue a key for it.

Serve:      python -m multimarkets_bridge_sandbox --state-dir .sandbox --port 8700 [--seed 7]
Issue key:  python -m multimarkets_bridge_sandbox --state-dir .sandbox --port 8700 create-key --company-id 360

With ``--state-dir`` one folder keeps everything a shared sandbox needs across restarts: the registered
keys (``keys.json``), the platform state (``state.sqlite``) and the platform's notification key pair
(``platform-key.json``, mode 600; its public half also in ``platform-public-key.txt`` for receivers).
Without it, keys live in ``--keys`` (default ``.sandbox-keys/keys.json``), state only with ``--db``, and
the platform key is new at every start. Key files hold apiKey, companyId and the PUBLIC key only;
``create-key`` writes the secret key to its own file (mode 600), never prints it, and prints every
``export`` a client needs (``MULTIMARKETS_BASE_URL`` included: ``from_env()`` otherwise targets the
vendor's remote test host).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from pathlib import Path

import uvicorn
from multimarkets_bridge_client.registry import PLATFORM

from .app import Sandbox
from .faults import FAULT_KINDS, Fault

DEFAULT_KEYS = Path(".sandbox-keys") / "keys.json"
PLATFORM_KEY_FILE = "platform-key.json"
PLATFORM_PUBLIC_KEY_FILE = "platform-public-key.txt"


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by its owner only (mode 600 from the start)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def platform_key(state_dir: Path) -> tuple[str, str]:
    """The platform's notification key pair kept in ``state_dir`` (made on first use): receivers
    configured with its public key keep working after a restart."""
    from multimarkets_bridge.signing import generate_key_pair

    path = state_dir / PLATFORM_KEY_FILE
    if path.exists():
        stored = json.loads(path.read_text(encoding="utf-8"))
        return str(stored["secretKey"]), str(stored["publicKey"])
    state_dir.mkdir(parents=True, exist_ok=True)
    secret, public = generate_key_pair(2048)
    _write_private(path, json.dumps({"secretKey": secret, "publicKey": public}))
    (state_dir / PLATFORM_PUBLIC_KEY_FILE).write_text(public + "\n", encoding="utf-8")
    return secret, public


def _load_keys(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    keys = data.get("keys", []) if isinstance(data, dict) else []
    return [k for k in keys if isinstance(k, dict)]


def _base_url(args: argparse.Namespace) -> str:
    """The URL clients of this sandbox use (``MULTIMARKETS_BASE_URL``)."""
    return f"http://{args.host}:{args.port}/webhook"


def create_key(keys_path: Path, company_id: int, base_url: str, state_dir: Path | None = None) -> int:
    sandbox = Sandbox(rate_limit_per_minute=None)
    credentials = sandbox.issue_key(company_id)
    sandbox.close()
    keys_path.parent.mkdir(parents=True, exist_ok=True)
    keys = [
        *_load_keys(keys_path),
        {"apiKey": credentials.api_key, "companyId": company_id, "publicKey": credentials.public_key},
    ]
    keys_path.write_text(json.dumps({"keys": keys}, indent=2), encoding="utf-8")
    secret_path = keys_path.parent / f"{credentials.api_key}.secret"
    _write_private(secret_path, credentials.secret_key)
    print(f"apiKey:     {credentials.api_key}")
    print(f"companyId:  {company_id}")
    print(f"secret key: written to {secret_path} (mode 600)")
    if state_dir is not None:
        platform_key(state_dir)
        public_path = state_dir / PLATFORM_PUBLIC_KEY_FILE
        print(f"platform public key (webhook receivers verify with it): {public_path}")
    print("# a client of this sandbox (BridgeClient.from_env() / the multimarkets-bridge CLI):")
    print(f"export MULTIMARKETS_BASE_URL={base_url}")
    print(f"export MULTIMARKETS_API_KEY={credentials.api_key} MULTIMARKETS_COMPANY_ID={company_id}")
    print(f'export MULTIMARKETS_SECRET_KEY="$(cat {secret_path})"')
    return 0


def serve(args: argparse.Namespace) -> int:
    try:  # refuse a busy port before announcing a URL nobody will answer on
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((args.host, args.port))
    except OSError as exc:
        print(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    sandbox = Sandbox(
        seed=args.seed,
        db_path=args.db,
        platform_key=platform_key(args.state_dir) if args.state_dir else None,
        rate_limit_per_minute=args.rate_limit or None,
        faults=args.fault,
        unique_client_order_ids=not args.allow_duplicate_client_order_ids,
    )
    keys = _load_keys(args.keys)
    for key in keys:
        sandbox.register_key(str(key["apiKey"]), int(str(key["companyId"])), str(key["publicKey"]))
    print(
        f"sandbox on {_base_url(args)} ({len(keys)} key(s) from {args.keys}); "
        f"clients: export MULTIMARKETS_BASE_URL={_base_url(args)}",
        file=sys.stderr,
    )
    if not keys:
        print(
            "no keys registered yet: run `python -m multimarkets_bridge_sandbox create-key`", file=sys.stderr
        )
    try:
        uvicorn.run(sandbox.app, host=args.host, port=args.port, log_level="warning", lifespan="off")
    finally:
        sandbox.close()
    return 0


def _fault(text: str) -> Fault:
    try:
        return Fault.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m multimarkets_bridge_sandbox", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--state-dir",
        type=Path,
        help="folder that keeps keys, state and the platform key across restarts (a shared sandbox)",
    )
    parser.add_argument(
        "--keys", type=Path, help=f"key file (apiKey, companyId, public key); default {DEFAULT_KEYS}"
    )
    sub = parser.add_subparsers(dest="command")
    issue = sub.add_parser("create-key", help="create a key pair and register its apiKey")
    issue.add_argument("--company-id", type=int, default=360)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8700)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", help="SQLite file that keeps the state across restarts")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        type=_fault,
        metavar="OP:KIND[:PHASE[:TIMES]]",
        help="inject a fault (repeatable; OP '*' = every operation, TIMES 'always'); kinds: "
        + ", ".join(FAULT_KINDS),
    )
    parser.add_argument(
        "--allow-duplicate-client-order-ids",
        action="store_true",
        help="accept a reused clientOrderId (model a platform that does not de-duplicate orders)",
    )
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=PLATFORM.requests,
        help="requests per window per apiKey (0 = off; default: the spec's x-rate-limit)",
    )
    args = parser.parse_args(argv)
    if args.keys is None:
        args.keys = args.state_dir / "keys.json" if args.state_dir else DEFAULT_KEYS
    if args.db is None and args.state_dir is not None:
        args.state_dir.mkdir(parents=True, exist_ok=True)
        args.db = str(args.state_dir / "state.sqlite")
    if args.command == "create-key":
        return create_key(args.keys, args.company_id, _base_url(args), args.state_dir)
    return serve(args)


if __name__ == "__main__":
    raise SystemExit(main())
