"""``client.paginate.<operation>(...)``: every record of a list operation, however many calls it takes.

How to walk an operation comes from its spec ``x-pagination``
([`Pagination`][multimarkets_bridge.operation.Pagination]):

* ``page``: page numbers from 1 until a short or empty page, ``total`` is reached, or a page brings
  only records already seen (a platform that ignores the page number cannot loop the walk forever);
* ``window``: the ``start``/``end`` range (epoch ms) is cut into windows no longer than the spec
  allows, in time order. A window whose answer is full (``limit`` records) may hold more, and the
  platform does not publish which ones it drops, so such a window is split in two and each half is
  asked again, down to a single millisecond. The walk never depends on the order the platform returns.

Records are told apart by the spec's ``key`` fields (the whole record when there are none), so none is
yielded twice. A page number given to a ``page`` walk is where it starts; ``.bounded(max_items=...,
max_pages=...)`` stops it early. Each call goes through the client exactly as
``client.with_raw_response.<operation>`` does; [`Pager.pages`][] yields those raw responses.

The walk itself is sans-I/O ([`Walk`][]): it proposes request bodies and reads the answers, and the
sync and async pagers only differ in how they send.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from multimarkets_bridge_client.registry import WIRE_NAMES
from multimarkets_bridge_core.paging import AsyncPager, Pager

from .errors import InvalidRequestError, PaginationError
from .operation import Operation, Pagination

__all__ = ["AsyncPager", "Pager", "Walk"]  # the pagers themselves live in the core (re-exported)


class Walk:
    """The state of one paginated walk: the next body to send, and what each answer adds."""

    def __init__(
        self,
        operation: Operation,
        body: Any,
        *,
        now_ms: int,
        max_items: int | None,
        max_pages: int | None,
    ) -> None:
        rule = operation.pagination
        if rule is None:
            raise InvalidRequestError(
                f"{operation.operation_id} is not a list operation", operation_id=operation.operation_id
            )
        for name, bound in (("max_items", max_items), ("max_pages", max_pages)):
            if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int) or bound < 1):
                raise _invalid(operation, name, "must be a whole number >= 1 or None")
        self.operation: Operation = operation
        self.rule: Pagination = rule
        self.body: Any = body
        self.max_items: int | None = max_items
        self.max_pages: int | None = max_pages
        self.attr: dict[str, str] = _attributes(type(body).__name__)
        self.pages: int = 0
        self.items: int = 0
        self.seen: set[Any] = set()
        self.done: bool = False
        if rule.style == "page":
            first = self._int(rule.page or "")  # a page number given: the walk starts there
            if first is not None and first < 1:
                raise _invalid(operation, self._attr(rule.page or ""), "must be a page number >= 1")
            self.page: int = first or 1
            self.size: int | None = self._int(rule.size) if rule.size else None
        else:
            self.windows: list[tuple[int, int]] = self._windows(now_ms)
            self.current: tuple[int, int] | None = None

    # -- requests ------------------------------------------------------------------------------
    def next_body(self) -> Any | None:
        """The body of the next call, or None when the walk is complete."""
        if self.done or (self.max_pages is not None and self.pages >= self.max_pages):
            return None
        if self.rule.style == "page":
            return self._evolve({self.rule.page or "": self.page})
        if not self.windows:
            return None
        self.current = self.windows.pop(0)
        start, end = self.current
        changes: dict[str, Any] = {self.rule.start or "": start, self.rule.end or "": end}
        if self.rule.limit and self.rule.max_limit:
            changes[self.rule.limit] = self.rule.max_limit
        return self._evolve(changes)

    def take(self, data: Any) -> list[Any]:
        """Read one answer's ``data``; return the records not yielded before (within the bounds)."""
        self.pages += 1
        if self.rule.style == "page":
            records = list(self._read(data, self.rule.records) or [])
            size = self.size or self._read(data, self.rule.size)
            total = self._read(data, self.rule.total)
            self.page += 1
            if (
                not records
                or (isinstance(size, int) and len(records) < size)
                or (isinstance(total, int) and isinstance(size, int) and (self.page - 1) * size >= total)
            ):
                self.done = True
            fresh = self._fresh(records)
            if records and not fresh and self.max_items is None:
                self.done = True  # a page of records already seen: the platform ignores the page number
            return fresh
        records = list(data or [])
        limit = self.rule.max_limit
        if limit is not None and len(records) >= limit and self.current is not None:
            start, end = self.current
            if end <= start:
                raise PaginationError(
                    f"{self.operation.operation_id}: more than {limit} records at {start} ms; "
                    "the window cannot be split further",
                    operation_id=self.operation.operation_id,
                    biz_type=self.operation.biz_type,
                )
            middle = (start + end) // 2
            self.windows[:0] = [(start, middle), (middle + 1, end)]  # ask both halves again
            return []
        return self._fresh(records)

    # -- helpers -------------------------------------------------------------------------------
    def _windows(self, now_ms: int) -> list[tuple[int, int]]:
        rule = self.rule
        start = self._int(rule.start or "")
        end = self._int(rule.end or "")
        end = now_ms if end is None else end
        if start is None:
            if rule.max_window_ms is None:
                raise _invalid(
                    self.operation, self._attr(rule.start or ""), "is required to walk every record"
                )
            start = end - rule.max_window_ms
        if end < start:
            raise _invalid(self.operation, self._attr(rule.end or ""), "must not be before the start")
        step = rule.max_window_ms
        if step is None:
            return [(start, end)]
        windows = []
        while start <= end:
            windows.append((start, min(start + step, end)))
            start += step + 1
        return windows

    def _int(self, member: str) -> int | None:
        value = getattr(self.body, self._attr(member), None) if member else None
        if value is None or type(value).__name__ == "Unset":
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise _invalid(
                self.operation, self._attr(member), f"must be a whole number, got {value!r}"
            ) from None

    def _attr(self, member: str) -> str:
        return self.attr.get(member, member)

    def _evolve(self, changes: dict[str, Any]) -> Any:
        import attrs  # with the first page, not with the client

        return attrs.evolve(self.body, **{self._attr(member): value for member, value in changes.items()})

    def _fresh(self, records: list[Any]) -> list[Any]:
        fresh = []
        for record in records:
            key = self._key(record)
            if key in self.seen:
                continue
            if self.max_items is not None and self.items >= self.max_items:
                self.done = True
                break
            self.seen.add(key)
            self.items += 1
            fresh.append(record)
        if self.max_items is not None and self.items >= self.max_items:
            self.done = True
        return fresh

    def _key(self, record: Any) -> Any:
        values = [getattr(record, self._attr_of(record, member), None) for member in self.rule.key]
        if self.rule.key and all(value is not None for value in values):
            return tuple(values)
        as_dict = record.to_dict() if hasattr(record, "to_dict") else record
        return json.dumps(as_dict, sort_keys=True, default=str)

    def _read(self, data: Any, member: str | None) -> Any:
        return getattr(data, self._attr_of(data, member), None) if data is not None and member else None

    @staticmethod
    def _attr_of(record: Any, member: str) -> str:
        return _attributes(type(record).__name__).get(member, member)


@functools.cache
def _attributes(model: str) -> dict[str, str]:
    """JSON member -> attribute of a generated model (``WIRE_NAMES`` turned round, once per model)."""
    return {member: attr for attr, member in WIRE_NAMES.get(model, {}).items()}


def _invalid(operation: Operation, name: str, problem: str) -> InvalidRequestError:
    return InvalidRequestError(
        f"{operation.operation_id}: {name} {problem}",
        biz_type=operation.biz_type,
        operation_id=operation.operation_id,
    )
