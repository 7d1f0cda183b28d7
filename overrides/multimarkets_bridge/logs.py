"""Debug logs without code changes: ``MULTIMARKETS_LOG=debug|info`` sends the ``multimarkets_bridge``
logger to stderr (as ``OPENAI_LOG`` does for openai-python); the CLI's ``-v`` does the same.

Every line is redacted at the source: apiKeys masked, no secretKey, signature or request body.
"""

from __future__ import annotations

import logging
import os

__all__ = ["configure_from_env", "log_to_stderr"]

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}


def log_to_stderr(level: int) -> None:
    """Send the SDK's log lines at ``level`` and above to stderr (once; a second call only sets the level)."""
    logger = logging.getLogger("multimarkets_bridge")
    logger.setLevel(level)
    if not any(getattr(handler, "_multimarkets", False) for handler in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._multimarkets = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


def configure_from_env() -> None:
    """Apply ``MULTIMARKETS_LOG`` (``debug`` or ``info``; anything else is ignored)."""
    level = _LEVELS.get(os.environ.get("MULTIMARKETS_LOG", "").strip().lower())
    if level is not None:
        log_to_stderr(level)
