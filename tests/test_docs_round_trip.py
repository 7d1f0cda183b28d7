"""The docs loop's round trip over every drift class (issue 26).

Random sets of spec mutations are published on a replica of the vendor's site (tests/vendor_site.py:
llms.txt in one of its link forms, markdown exports with OpenAPI fragments or HTML-only pages in
GitBook's markup, English or Chinese site); ``discover`` must report exactly those mutations, and
``sync`` must apply exactly the ones the spec can take (re-checking the synced spec leaves only the rows
that need a person) and leave the spec byte-identical when there are none. Damaged pages each give
their own error and hide nothing else.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ROOT
from vendor_site import LINK_FORMS, SiteOptions, spell_link, vendor_site

sys.path.insert(0, str(ROOT / "generator"))

from spec_tools import load_spec, operations
from vendor_docs.discovery import Discovery, discover
from vendor_docs.sync import PageInput, sync

SPEC = load_spec()
QUIET = {"snapshot-missing", "new-page"}  # a replica page has no committed snapshot or record yet
Row = tuple[str, str, str]  # (operationId, kind, where)


def _op(spec: dict[str, Any], operation_id: str) -> dict[str, Any]:
    return next(op for _, op in operations(spec) if op["operationId"] == operation_id)


def _props(spec: dict[str, Any], schema: str) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"][schema]["properties"]
    return found


@dataclass(frozen=True)
class Mutation:
    """One drift class applied to one operation's page; what ``discover`` must report for it."""

    name: str
    operation: str
    kind: str
    where: str
    apply: Callable[[dict[str, Any], SiteOptions], None]
    auto: bool  # sync applies it (the re-check no longer reports it)
    in_html: bool = True  # an HTML-only page shows it (body field rows, pages); else markdown only
    languages: tuple[str, ...] = ("en", "zh-CN")

    def visible(self, spec: dict[str, Any], language: str, form: str) -> bool:
        key = "x-doc-url-cn" if language == "zh-CN" else "x-doc-url"
        op = next(
            (o for _, o in operations(spec) if self.operation in (o["operationId"], o["x-biz-type"])), None
        )
        on_site = op is not None and bool(op.get(key)) and language in self.languages
        return on_site and (form == "markdown" or self.in_html)


def _set(schema: str, name: str, value: Any) -> Callable[[dict[str, Any], SiteOptions], None]:
    return lambda spec, _: _props(spec, schema).__setitem__(name, value)


def _new_operation(both_sites: bool) -> Callable[[dict[str, Any], SiteOptions], None]:
    def apply(spec: dict[str, Any], _: SiteOptions) -> None:
        template = copy.deepcopy(_op(spec, "query_balances"))
        urls = {"x-doc-url": "https://docs.multimarkets.org/bridge-api/trading/order-list"}
        if both_sites:
            urls["x-doc-url-cn"] = "https://docs-cn.multimarkets.org/bridge-api/jiao-yi/ding-dan-lie-biao"
        else:
            template.pop("x-doc-url-cn", None)
        template.update(operationId="list_orders", summary="Order list", **urls)
        template["x-biz-type"] = "tradeapi.admin.OrderAdminApiService.listOrders"
        spec["paths"]["/global/tradeapi.admin.OrderAdminApiService.listOrders"] = {"post": template}

    return apply


NEW_BIZ_TYPE = "tradeapi.admin.OrderAdminApiService.listOrders"  # a new operation's row names its bizType


def _money_as_number(spec: dict[str, Any], _: SiteOptions) -> None:
    """A response field the fragment types ``number`` whose example value happens to be whole."""
    _props(spec, "CustomerDetails")["creditLimit"] = {"type": "number"}
    answers = _op(spec, "get_customer_details")["responses"]["200"]["content"]["application/json"]
    for example in answers.get("examples", {}).values():
        example["value"]["data"]["creditLimit"] = 100


def _method(spec: dict[str, Any], _: SiteOptions) -> None:
    item = spec["paths"]["/global/config.admin.AdminAssetsDubboService.getAssetsList"]
    item["get"] = item.pop("post")


def _option(field: str, operation: str, value: Any = None) -> Callable[[dict[str, Any], SiteOptions], None]:
    def apply(_: dict[str, Any], options: SiteOptions) -> None:
        target = getattr(options, field)
        if isinstance(target, dict):
            target[operation] = value
        else:
            target.add(operation)

    return apply


def _required_flip(spec: dict[str, Any], _: SiteOptions) -> None:
    spec["components"]["schemas"]["ListDictionaryEntriesRequest"]["required"] = []


def _field_removed(spec: dict[str, Any], _: SiteOptions) -> None:
    del _props(spec, "CancelCustomerRequest")["isAuto"]


def _enum_added(spec: dict[str, Any], _: SiteOptions) -> None:
    spec["components"]["schemas"]["RegisterSource"]["enum"].append(99)


MUTATIONS = [
    Mutation("scalar field added", "list_customers", "field-added", "body.vipOnly",
             _set("ListCustomersRequest", "vipOnly", {"type": "boolean"}), auto=True),
    Mutation("array of objects added", "list_exchange_accounts", "field-added", "body.filters",
             _set("ListExchangeAccountsRequest", "filters",
                  {"type": "array", "items": {"type": "object", "properties": {"k": {"type": "string"}}}}),
             auto=False),
    Mutation("map added", "update_exchange_account", "field-added", "body.labels",
             _set("UpdateExchangeAccountRequest", "labels",
                  {"type": "object", "additionalProperties": {"type": "string"}}), auto=False),
    Mutation("oneOf field added", "list_products", "field-added", "body.tag",
             _set("ListProductsRequest", "tag", {"oneOf": [{"type": "string"}, {"type": "integer"}]}),
             auto=False),
    Mutation("field removed", "cancel_customer", "field-removed", "body.isAuto", _field_removed, auto=False),
    Mutation("type changed", "subscribe_webhook", "type-changed", "body.webhookUrl",
             _set("SubscribeWebhookRequest", "webhookUrl", {"type": "integer"}), auto=False),
    Mutation("required flipped", "list_dictionary_entries", "required-changed", "body.parentCode",
             _required_flip, auto=False),
    Mutation("enum value added", "register_customer", "enum-changed", "body.registerSource", _enum_added,
             auto=True, in_html=False),
    Mutation("response field added", "get_customer_details", "field-added", "response.data.creditLimit",
             _money_as_number, auto=True, in_html=False),
    Mutation("method changed", "list_company_currencies", "method-changed", "method", _method,
             auto=False),  # GitBook's HTML shows the method badge too
    Mutation("operation added on the English site", NEW_BIZ_TYPE, "operation-missing",
             "bizType tradeapi.admin.OrderAdminApiService.listOrders", _new_operation(False), auto=False),
    Mutation("operation added on both sites", NEW_BIZ_TYPE, "operation-missing",
             "bizType tradeapi.admin.OrderAdminApiService.listOrders", _new_operation(True), auto=False),
    Mutation("page moved", "query_deposit_records", "page-moved", "page",
             _option("moved", "query_deposit_records", "/bridge-api/trading-interface/deposits"), auto=True),
    Mutation("page moved by a redirect", "add_exchange_account", "page-moved", "page",
             _option("redirected", "add_exchange_account", "/bridge-api/accounts/add"), auto=True),
    Mutation("page removed", "query_trade_records", "page-gone", "page",
             _option("removed", "query_trade_records"), auto=False),
]  # fmt: skip
EXCLUSIVE = {"operation added on the English site", "operation added on both sites"}


def _published(chosen: list[Mutation], form: str) -> tuple[dict[str, Any], SiteOptions]:
    spec = copy.deepcopy(SPEC)
    options = SiteOptions()
    for mutation in chosen:
        mutation.apply(spec, options)
    if form == "html":
        options.html_only = {str(op["operationId"]) for _, op in operations(spec)}
    return spec, options


def _rows(found: Discovery) -> set[Row]:
    return {(r.operation, r.kind, r.where) for r in found.rows if r.kind not in QUIET}


def _copy_spec(tmp: Path) -> Path:
    for name in ("spec/bridge-api.openapi.yaml", "pyproject.toml", "generator/config.yaml"):
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_bytes((ROOT / name).read_bytes())
    return tmp


MUTATION_SETS = st.lists(
    st.sampled_from(MUTATIONS), min_size=1, max_size=6, unique_by=lambda m: m.name
).filter(lambda chosen: len({m.name for m in chosen} & EXCLUSIVE) < 2)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    chosen=MUTATION_SETS,
    language=st.sampled_from(["en", "zh-CN"]),
    form=st.sampled_from(["markdown", "html"]),
    link=st.tuples(*(st.sampled_from(LINK_FORMS[part]) for part in ("start", "end", "tail")), st.booleans()),
)
def test_check_reports_exactly_the_published_mutations_and_sync_applies_exactly_the_expressible(
    chosen: list[Mutation], language: str, form: str, link: tuple[str, str, str, bool], tmp_path_factory: Any
) -> None:
    published, options = _published(chosen, form)
    options.link_form = lambda base, path: spell_link(base, path, *link)  # llms.txt in one of its forms
    expected = {(m.operation, m.kind, m.where) for m in chosen if m.visible(published, language, form)}
    with vendor_site(published, language, options) as base:
        found = discover(SPEC, base, language=language)
        assert found.errors == []
        assert _rows(found) == expected

        root = _copy_spec(tmp_path_factory.mktemp("repo"))
        before = (root / "spec" / "bridge-api.openapi.yaml").read_bytes()
        pages = [PageInput(o, page.source) for page in found.pages for o in page.operations]
        report = sync(pages, root=root, regenerate=False)
        synced = load_spec(root / "spec" / "bridge-api.openapi.yaml")
        again = discover(synced, base, language=language)
    drafted = {
        (m.operation, m.kind, m.where) for m in chosen if m.kind == "operation-missing" and form == "markdown"
    }
    applied = {(m.operation, m.kind, m.where) for m in chosen if m.auto}
    assert _rows(again) == expected - applied - drafted  # what sync could not take is still reported
    assert {
        (r.operation, r.kind, r.where) for r in report.applied if r.kind not in QUIET
    } == expected & applied
    if not expected & applied and not expected & drafted:
        assert (root / "spec" / "bridge-api.openapi.yaml").read_bytes() == before  # nothing to apply


def test_the_spec_editor_writes_an_unchanged_spec_back_byte_for_byte() -> None:
    """sync edits the spec in ruamel's round-trip mode: what it does not change stays as written."""
    from vendor_docs.spec_edits import SpecEditor

    path = ROOT / "spec" / "bridge-api.openapi.yaml"
    assert SpecEditor(path).dump() == path.read_text(encoding="utf-8")


DAMAGES = {  # SiteOptions field -> what the error must say
    "broken": "HTTP 500",
    "missing": "HTTP 404",
    "truncated": "a complete OpenAPI block",
    "undecodable": "does not decode as utf-8",
    "slow": "timeout",
}


def test_each_damaged_page_is_its_own_error_and_hides_nothing() -> None:
    """A page answering 500 or 404, a cut OpenAPI block, bytes not in the declared charset, a page too
    slow to answer: each is one error naming its page; no page-gone row for it; every other page's
    rows (here, a field added elsewhere) are exactly as without the damage."""
    from urllib.parse import urlsplit

    damaged = dict(zip(DAMAGES, ["list_customers", "cancel_customer", "subscribe_webhook", "place_order",
                                 "query_order"], strict=True))  # fmt: skip
    published, options = _published([MUTATIONS[1]], "markdown")
    for field, operation in damaged.items():
        getattr(options, field).add(operation)
    with vendor_site(published, "en", options) as base:
        found = discover(SPEC, base, language="en", timeout=0.5)
    assert _rows(found) == {(MUTATIONS[1].operation, MUTATIONS[1].kind, MUTATIONS[1].where)}
    assert len(found.errors) == len(DAMAGES), found.errors
    for field, operation in damaged.items():
        path = urlsplit(str(_op(SPEC, operation)["x-doc-url"])).path
        (error,) = [e for e in found.errors if path in e]
        assert DAMAGES[field] in error, error
