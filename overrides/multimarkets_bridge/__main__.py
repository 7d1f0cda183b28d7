"""``python -m multimarkets_bridge``: the command line (see :mod:`multimarkets_bridge.cli`)."""

from .cli import main

raise SystemExit(main())
