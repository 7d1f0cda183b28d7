"""The committed record of one vendor page (``spec/pages/<bizType>.<lang>.json``): its facts, the shape
and digest of each example, the text's fingerprint, URL and language. No prose is kept."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spec_tools import ROOT

from .facts import FieldFact, OperationFacts, json_tree, value_digest

__all__ = ["SNAPSHOT_DIR", "ExampleShape", "PageSnapshot", "load_snapshots", "snapshot_path"]

SNAPSHOT_DIR = ROOT / "spec" / "pages"


@dataclass(frozen=True)
class ExampleShape:
    """An example reduced to what a snapshot keeps: its field tree and a digest of its values."""

    tree: dict[str, str]
    digest: str

    @classmethod
    def of(cls, value: Any) -> ExampleShape:
        return cls(json_tree(value), value_digest(value))

    def to_json(self) -> dict[str, Any]:
        return {"tree": self.tree, "sha256": self.digest}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ExampleShape:
        return cls(dict(data["tree"]), str(data["sha256"]))


@dataclass(frozen=True)
class PageSnapshot:
    """The committed record of one vendor page: facts, example shapes, fingerprint, where it lives."""

    biz_type: str
    language: str
    title: str
    url: str | None
    fingerprint: str
    headers: dict[str, FieldFact]
    body: dict[str, FieldFact]
    statuses: tuple[int, ...]
    request_examples: tuple[ExampleShape, ...]
    response_examples: dict[int, ExampleShape]

    @classmethod
    def of(
        cls, facts: OperationFacts, *, language: str, title: str, url: str | None, fingerprint: str
    ) -> PageSnapshot:
        return cls(
            biz_type=facts.biz_type,
            language=language,
            title=title,
            url=url,
            fingerprint=fingerprint,
            headers=dict(facts.headers),
            body=dict(facts.body),
            statuses=facts.statuses,
            request_examples=tuple(ExampleShape.of(v) for v in facts.request_examples),
            response_examples={s: ExampleShape.of(v) for s, v in facts.response_examples.items()},
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "bizType": self.biz_type,
            "language": self.language,
            "title": self.title,
            "url": self.url,
            "fingerprint": self.fingerprint,
            "headers": {k: v.to_json() for k, v in self.headers.items()},
            "body": {k: v.to_json() for k, v in self.body.items()},
            "statuses": list(self.statuses),
            "requestExamples": [e.to_json() for e in self.request_examples],
            "responseExamples": {str(s): e.to_json() for s, e in sorted(self.response_examples.items())},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PageSnapshot:
        return cls(
            biz_type=data["bizType"],
            language=data["language"],
            title=data["title"],
            url=data.get("url"),
            fingerprint=data["fingerprint"],
            headers={k: FieldFact.from_json(v) for k, v in data["headers"].items()},
            body={k: FieldFact.from_json(v) for k, v in data["body"].items()},
            statuses=tuple(int(s) for s in data["statuses"]),
            request_examples=tuple(ExampleShape.from_json(e) for e in data["requestExamples"]),
            response_examples={
                int(s): ExampleShape.from_json(e) for s, e in data["responseExamples"].items()
            },
        )

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def snapshot_path(biz_type: str, language: str, directory: Path = SNAPSHOT_DIR) -> Path:
    return directory / f"{biz_type}.{language}.json"


def load_snapshots(directory: Path = SNAPSHOT_DIR) -> dict[tuple[str, str], PageSnapshot]:
    """Committed snapshots keyed by ``(bizType, language)``."""
    found: dict[tuple[str, str], PageSnapshot] = {}
    if directory.is_dir():
        for path in sorted(directory.glob("*.*.json")):  # <bizType>.<lang>.json (not prose.json)
            snap = PageSnapshot.from_json(json.loads(path.read_text(encoding="utf-8")))
            found[(snap.biz_type, snap.language)] = snap
    return found
