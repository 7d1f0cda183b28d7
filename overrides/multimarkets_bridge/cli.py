"""``multimarkets-bridge`` / ``python -m multimarkets_bridge``: call one Bridge operation from a shell.

Every spec operation is a subcommand (``list-customers``; ``list_customers`` works too), built at start
from the generated operation registry and the spec the package carries: one option per body field, with
its type, enum values and description. Credentials come from the ``MULTIMARKETS_*`` variables
([`BridgeClient.from_env`][]); ``--sandbox`` instead starts the local sandbox (the
``multimarkets-bridge-sandbox`` distribution, found through its entry point) for a one-off try. The
result is printed as JSON (``--raw``: the whole envelope), each enum code with its member's name beside
it (``"status": "2", "statusName": "FILLED"``); enum options take the code or the name
(``--biz-type 2`` or ``--biz-type LIMIT``). A failure prints the typed error (class, code, message,
trace) as JSON on stderr and exits with 1; bad arguments exit with 2; a closed output pipe (``| head``)
ends quietly with 141 (128 + SIGPIPE), as shell tools do.

    multimarkets-bridge --sandbox list-products --company-id 360
    MULTIMARKETS_API_KEY=... multimarkets-bridge list-customers --size 50
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import json
import logging
import os
import sys
import typing
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

__all__ = ["build_parser", "main"]

_GLOBAL_OPTIONS = {"sandbox", "raw", "base_url", "operation", "compact", "verbose"}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    unknown = _unknown_operation(words)
    if unknown is not None:
        parser.error(unknown)
    args = parser.parse_args(words)
    if args.operation is None:
        parser.print_help()
        return 2
    if args.verbose:
        from .logs import log_to_stderr

        log_to_stderr(logging.DEBUG)
    from .errors import BridgeError

    try:
        with _client(args) as client:
            return _call(client, args)
    except BridgeError as exc:
        _fail(exc)
        return 1
    except BrokenPipeError:  # the reader went away (| head): stop quietly, as shell tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush must not fail again
        return _SIGPIPE_STATUS


#: what a shell reports for a program ended by SIGPIPE (128 + 13)
_SIGPIPE_STATUS = 141


def _unknown_operation(words: list[str]) -> str | None:
    """The error for an operation name the spec does not have (each name listed once, dashed)."""
    from multimarkets_bridge_client.registry import OPERATIONS

    value_options = {"--base-url"}
    position = 0
    while position < len(words) and words[position].startswith("-"):
        position += 2 if words[position] in value_options else 1
    if position >= len(words):
        return None
    name = words[position].replace("-", "_")
    if name in OPERATIONS:
        return None
    known = ", ".join(sorted(op.replace("_", "-") for op in OPERATIONS))
    return f"unknown operation {words[position]!r}; the operations are: {known}"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser: global options and one subcommand per spec operation."""
    from multimarkets_bridge_client.registry import OPERATIONS

    from . import __version__

    parser = argparse.ArgumentParser(
        prog="multimarkets-bridge",
        description="Call one MultiMarkets Bridge operation and print the result as JSON.",
        epilog="Credentials: MULTIMARKETS_API_KEY, MULTIMARKETS_SECRET_KEY, MULTIMARKETS_COMPANY_ID, "
        "optional MULTIMARKETS_BASE_URL (default: the test environment), MULTIMARKETS_LANG, "
        "MULTIMARKETS_RECV_WINDOW.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--sandbox", action="store_true", help="start the local sandbox and call it")
    parser.add_argument("--base-url", help="override MULTIMARKETS_BASE_URL")
    parser.add_argument("--raw", action="store_true", help="print the whole response envelope")
    parser.add_argument("--compact", action="store_true", help="print JSON on one line")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log each HTTP exchange to stderr (redacted)"
    )
    commands = parser.add_subparsers(dest="operation", metavar="OPERATION")
    from . import spec_data

    schemas = spec_data.spec()["components"]["schemas"]
    for operation in sorted(OPERATIONS.values(), key=lambda op: op.operation_id):
        name = operation.operation_id.replace("_", "-")
        aliases = [operation.operation_id] if "_" in operation.operation_id else []
        command = commands.add_parser(
            name,
            aliases=aliases,
            help=operation.summary,
            description=f"{operation.summary}. Bridge {operation.biz_type}; docs: {operation.doc_url}",
        )
        command.set_defaults(operation_id=operation.operation_id)
        for spec in _field_options(operation, schemas):
            command.add_argument(spec.pop("flag"), **spec)
    return parser


def _field_options(operation: Any, schemas: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``add_argument`` keywords (plus ``flag``) for each body field of ``operation``."""
    from multimarkets_bridge_client.registry import WIRE_NAMES

    from .operation import body_model
    from .spec_data import merged_properties

    model = body_model(operation)
    hints = typing.get_type_hints(model, vars(sys.modules[model.__module__]))
    props = merged_properties(schemas[operation.body_schema])
    wire = WIRE_NAMES.get(model.__name__, {})
    for fld in attrs.fields(model):
        if not fld.init:
            continue
        prop = props.get(wire.get(fld.name, fld.name), {})
        if "$ref" in prop:
            rest = {k: v for k, v in prop.items() if k != "$ref"}
            prop = {**schemas[prop["$ref"].rsplit("/", 1)[-1]], **rest}
        kind = _value_type(hints[fld.name])
        flag = "--" + fld.name.replace("_", "-")
        option: dict[str, Any] = {"flag": flag, "dest": fld.name, "default": None}
        text = (prop.get("description") or "").replace("%", "%%")
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            members = list(kind)
            meanings = prop.get("x-enum-meanings") or {}
            option["metavar"] = "{" + ",".join(f"{m.value}|{m.name}" for m in members) + "}"
            labels = [f"{m.value}={meanings[str(m.value)]}" for m in members if str(m.value) in meanings]
            text = f"{text} ({'; '.join(labels)})" if labels else text
            option["type"] = _member_parser(kind, meanings)
        elif kind is bool:
            option["action"] = argparse.BooleanOptionalAction
        elif kind is int:
            option["type"] = int
        elif kind is float:  # a JSON number: whole numbers stay integers ("1" -> 1, "1.5" -> 1.5)
            option["type"] = _number
        elif kind in (list, dict):
            option["type"] = json.loads
            option["metavar"] = "JSON"
        else:
            option["type"] = str
        # a required enum with a single value (tradeType) may be left out: the method fills it in
        single = isinstance(kind, type) and issubclass(kind, enum.Enum) and len(list(kind)) == 1
        # a member the client fills with its own company (x-sdk-fill) may be left out
        required = fld.default is attrs.NOTHING and not single and fld.name not in operation.company_fields
        option["required"] = required
        option["help"] = text if required or "optional" in text else text + " (optional)"
        yield option


def _number(text: str) -> int | float:
    """A JSON number from an option: an integer when it is written as one."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def _member_parser(enum_cls: type[enum.Enum], meanings: dict[str, str]) -> Any:
    """Text -> enum member, by its raw value (``2``) or its name in any case (``LIMIT``, ``limit``);
    anything else is refused with the values, their names and meanings."""
    by_value = {str(member.value): member for member in enum_cls}
    by_name = {member.name.lower(): member for member in enum_cls}
    choices = "; ".join(
        f"{member.value}|{member.name}"
        + (f"={meanings[str(member.value)]}" if str(member.value) in meanings else "")
        for member in enum_cls
    )

    def parse(text: str) -> Any:
        member = by_value.get(text)
        named = by_name.get(text.lower())
        if member is not None and named is not None and member is not named:
            raise argparse.ArgumentTypeError(
                f"ambiguous choice {text!r}: the value of {member.name} and a name"
            )
        if member is None and named is None:
            raise argparse.ArgumentTypeError(f"invalid choice {text!r} (choose from {choices})")
        return member or named

    parse.__name__ = enum_cls.__name__
    return parse


def _value_type(hint: Any) -> Any:
    """What an option parses its text into: the field's one type (``list``/``dict`` for JSON), else str."""
    from .inputs import bare_type

    bare = bare_type(hint)
    if bare is None:
        return str
    origin = typing.get_origin(bare)
    return origin if origin in (list, dict) else bare


@contextlib.contextmanager
def _client(args: argparse.Namespace) -> Iterator[Any]:
    from .client import BridgeClient

    if not args.sandbox:
        overrides = {"base_url": args.base_url} if args.base_url else {}
        with BridgeClient.from_env(**overrides) as client:
            yield client
        return
    # the sandbox is another distribution: found through its entry point, never imported by name
    from importlib.metadata import entry_points

    from .errors import ConfigurationError

    found = entry_points(group="multimarkets_bridge.sandbox", name="local")
    if not found:
        needs = "--sandbox needs the sandbox: pip install multimarkets-bridge-sandbox"
        raise ConfigurationError(needs)
    with next(iter(found)).load()() as settings, BridgeClient(**settings) as client:
        yield client


def _call(client: Any, args: argparse.Namespace) -> int:
    from multimarkets_bridge_client.registry import OPERATIONS

    operation = OPERATIONS[args.operation_id]
    fields = {
        name: value
        for name, value in vars(args).items()
        if name not in _GLOBAL_OPTIONS and name != "operation_id" and value is not None
    }
    method = getattr(client.with_raw_response if args.raw else client, operation.operation_id)
    result = method(**fields)
    output = dict(result.envelope) if args.raw else _jsonable(result)
    sys.stdout.write(json.dumps(output, ensure_ascii=False, indent=None if args.compact else 2) + "\n")
    sys.stdout.flush()  # a closed pipe is found here, inside main's handler
    return 0


def _jsonable(value: Any) -> Any:
    """Typed results as JSON values: models as their wire dicts with each enum member's name beside
    its code (``statusName``), decimals as their text."""
    from .money import decimal_text

    if attrs.has(type(value)) and hasattr(value, "to_dict"):
        return _named_model(value)
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return decimal_text(value)
    return value


def _named_model(model: Any) -> dict[str, Any]:
    """``model.to_dict()`` with nested models walked and ``<member>Name`` added for each enum value."""
    from multimarkets_bridge_client.registry import WIRE_NAMES

    output: dict[str, Any] = model.to_dict()
    wire = WIRE_NAMES.get(type(model).__name__, {})
    for fld in attrs.fields(type(model)):
        value = getattr(model, fld.name)
        key = wire.get(fld.name, fld.name)
        if key not in output:
            continue
        if isinstance(value, enum.Enum) and f"{key}Name" not in output:
            output[f"{key}Name"] = value.name
        elif isinstance(value, list) or attrs.has(type(value)):
            output[key] = _jsonable(value)
    return output


def _fail(exc: Any) -> None:
    report = {
        "error": type(exc).__name__,
        "code": exc.code,
        "message": exc.message,
        "trace": exc.trace,
        "operation": exc.operation_id,
        "retryable": exc.retryable,
    }
    # what a person needs to settle a write whose outcome is unknown (look the order up, never resend)
    for key in ("outcome", "client_order_id", "order_id"):
        if getattr(exc, key, None) is not None:
            report[key] = getattr(exc, key)
    print(json.dumps(report, ensure_ascii=False), file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover - python -m multimarkets_bridge.cli
    raise SystemExit(main())
