"""Debug logs without code changes: ``MULTIMARKETS_LOG=debug|info`` sends the ``multimarkets_bridge``
logger to stderr (as ``OPENAI_LOG`` does for openai-python); the CLI's ``-v`` does the same.

Every line is redacted at the source: apiKeys masked, no secretKey, signature or request body.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .call_context import Attempt
    from .operation import Operation

__all__ = ["AnswerLog", "configure_from_env", "log_to_stderr"]

logger: logging.Logger = logging.getLogger("multimarkets_bridge")

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


class AnswerLog:
    """One DEBUG line per answer of the platform: ``call`` (the first attempt's trace) is the same for
    every attempt of one call and for its settlement, ``attempt`` counts its attempts (0 when no call
    is given), ``trace`` is this answer's; the apiKey is masked."""

    def __init__(self, api_key_masked: str) -> None:
        self._api_key = api_key_masked

    def __call__(
        self,
        operation: Operation,
        trace: str,
        status: int | None,
        elapsed_ms: float,
        outcome: str,
        call: Attempt | None = None,
    ) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "bizType=%s call=%s attempt=%d trace=%s status=%s elapsed_ms=%.1f outcome=%s apiKey=%s",
                operation.biz_type,
                (call.trace if call is not None else "") or trace,
                call.number if call is not None else 0,
                trace,
                status,
                elapsed_ms,
                outcome,
                self._api_key,
            )
