"""``python -m multimarkets_bridge``: the command line (see [`multimarkets_bridge.cli`][])."""

from .cli import main

raise SystemExit(main())
