"""``python -m multimarkets_bridge_sandbox``: serve the sandbox, or issue a key for it.

Serve:      python -m multimarkets_bridge_sandbox --host 127.0.0.1 --port 8700 [--seed 7] [--db state.sqlite]
Issue key:  python -m multimarkets_bridge_sandbox create-key --company-id 360

Keys live in a JSON file (``--keys``, default ``.sandbox-keys/keys.json``) holding apiKey, companyId and
the PUBLIC key only; ``create-key`` writes the secret key to its own file (mode 600) and never prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from pathlib import Path

import uvicorn

from .app import Sandbox
from .faults import FAULT_KINDS, Fault

DEFAULT_KEYS = Path(".sandbox-keys") / "keys.json"


def _load_keys(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    keys = data.get("keys", []) if isinstance(data, dict) else []
    return [k for k in keys if isinstance(k, dict)]


def create_key(keys_path: Path, company_id: int) -> int:
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
    fd = os.open(secret_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(credentials.secret_key)
    print(f"apiKey:     {credentials.api_key}")
    print(f"companyId:  {company_id}")
    print(f"secret key: written to {secret_path} (mode 600)")
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
        rate_limit_per_minute=args.rate_limit or None,
        faults=args.fault,
        unique_client_order_ids=not args.allow_duplicate_client_order_ids,
    )
    keys = _load_keys(args.keys)
    for key in keys:
        sandbox.register_key(str(key["apiKey"]), int(str(key["companyId"])), str(key["publicKey"]))
    print(
        f"sandbox on http://{args.host}:{args.port}/webhook ({len(keys)} key(s) from {args.keys})",
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
        "--keys", type=Path, default=DEFAULT_KEYS, help="key file (apiKey, companyId, public key)"
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
        "--rate-limit", type=int, default=100, help="requests per minute per apiKey (0 = off)"
    )
    args = parser.parse_args(argv)
    if args.command == "create-key":
        return create_key(args.keys, args.company_id)
    return serve(args)


if __name__ == "__main__":
    raise SystemExit(main())
