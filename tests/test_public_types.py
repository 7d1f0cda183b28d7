"""No ``Any`` in a public return type: every name the package exports (and the webhook module's), every
public method and property of the classes among them, and every generated operation method."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from typing import Any

import multimarkets_bridge
from multimarkets_bridge import webhooks

ANY = re.compile(r"\bAny\b")


def _returns(function: Any) -> str:
    try:
        return str(inspect.signature(function).return_annotation)
    except (TypeError, ValueError):  # a builtin without a signature
        return ""


def _public_callables() -> Iterator[tuple[str, Any]]:
    exported = [(name, getattr(multimarkets_bridge, name)) for name in multimarkets_bridge.__all__]
    exported += [(f"webhooks.{name}", getattr(webhooks, name)) for name in webhooks.__all__]
    for name, value in exported:
        if inspect.isclass(value):
            members = {k: v for base in reversed(_own_bases(value)) for k, v in vars(base).items()}
            for attribute, member in members.items():
                if attribute.startswith("_"):
                    continue
                if isinstance(member, property):
                    yield f"{name}.{attribute}", member.fget
                elif callable(member) or isinstance(member, classmethod | staticmethod):
                    yield f"{name}.{attribute}", getattr(value, attribute)
        elif callable(value) and not isinstance(value, type):
            yield name, value


def _own_bases(cls: type) -> list[type]:
    """The class and its bases from this project (generated operations included), most derived first."""
    return [base for base in cls.__mro__ if base.__module__.startswith("multimarkets_bridge")]


def test_no_public_return_type_holds_any() -> None:
    checked = dict(_public_callables())
    assert len(checked) > 150  # the clients' operation methods are among them
    assert "BridgeClient.place_order" in checked
    assert "webhooks.NotificationReceiver.routes" in checked
    offenders = {name: _returns(fn) for name, fn in checked.items() if ANY.search(_returns(fn))}
    assert offenders == {}
