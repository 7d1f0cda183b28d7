"""MkDocs hooks: the pages made from the spec (``generator/docs_site.py``) join the hand-written ones.

* ``operations/<operationId>.md`` - one generated page per operation, listed under "Operations";
* ``<!-- operations-table -->``, ``<!-- error-codes-table -->`` and ``<!-- retry-table -->`` markers in
  a page are replaced by the tables of the spec's operations, its ``x-error-codes`` and the SDK's
  ``FAILURE_POLICY``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "generator"))

import docs_site  # noqa: E402 - generator/ is put on the path just above
from mkdocs.structure.files import File, Files  # noqa: E402

_PAGES: list[docs_site.OperationPage] = []


def _spec() -> dict[str, Any]:
    from multimarkets_bridge.spec_data import spec

    return spec()


def on_config(config: Any) -> Any:
    """Make the operation pages and list them in the navigation under "Operations"."""
    from multimarkets_bridge import BridgeClient
    from multimarkets_bridge_client.registry import WIRE_NAMES

    methods = {name: getattr(BridgeClient, name) for name in dir(BridgeClient) if not name.startswith("_")}
    _PAGES[:] = docs_site.operation_pages(_spec(), WIRE_NAMES, methods)
    for entry in config["nav"]:
        if isinstance(entry, dict) and "Operations" in entry:
            entry["Operations"] = ["operations.md", *({page.operation_id: page.path} for page in _PAGES)]
    return config


def on_files(files: Files, config: Any) -> Files:
    for page in _PAGES:
        files.append(File.generated(config, page.path, content=page.markdown))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if "<!-- operations-table -->" in markdown:
        prefix = "" if "/" not in page.file.src_uri else "../"
        table = docs_site.operations_table(_PAGES, _spec()).replace("](operations/", f"]({prefix}operations/")
        markdown = markdown.replace("<!-- operations-table -->", table)
    if "<!-- retry-table -->" in markdown:
        from multimarkets_bridge.errors import FAILURE_POLICY

        markdown = markdown.replace("<!-- retry-table -->", docs_site.retry_table(FAILURE_POLICY))
    if "<!-- error-codes-table -->" in markdown:
        markdown = markdown.replace("<!-- error-codes-table -->", docs_site.error_codes_table(_spec()))
    return markdown
