"""The docs -> spec loop: ``python generator/docs.py check|sync|changelog|render ...`` (vendor_docs.cli)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vendor_docs.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
