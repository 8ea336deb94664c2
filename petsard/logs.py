"""Logging set-up from the Executor section: stdout, a file, or both."""

from __future__ import annotations

import logging
import sys
from datetime import datetime
from pathlib import Path

from petsard.executor_settings import ExecutorSettings

LOGGER = "petsard"
_MARK = "_petsard_handler"


class _QuietErrors:
    """A log the disk stops taking (full, a file-size limit) is reported once, in one line,
    instead of a traceback for every message."""

    _reported = False

    def handleError(self, record: logging.LogRecord) -> None:
        if not self._reported:
            self._reported = True
            target = getattr(self, "baseFilename", None) or "standard output"
            sys.stderr.write(f"petsard: could not write the log to {target}: "
                             f"{sys.exc_info()[1]}; further log messages there are lost\n")


class _StreamHandler(_QuietErrors, logging.StreamHandler):
    pass


class _FileHandler(_QuietErrors, logging.FileHandler):
    pass


def configure_logging(settings: ExecutorSettings) -> Path | None:
    """Replace the handlers petsard installed before; return the log file, if any."""
    logger = logging.getLogger(LOGGER)
    for handler in [h for h in logger.handlers if getattr(h, _MARK, False)]:
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(settings.log_level)
    logger.propagate = False
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    log_file = None
    if settings.log_output_type in ("stdout", "both"):
        handlers.append(_StreamHandler(sys.stdout))
    if settings.log_output_type in ("file", "both"):
        name = settings.log_filename.replace("{timestamp}",
                                             datetime.now().strftime("%Y%m%d_%H%M%S"))
        log_file = Path(settings.log_dir) / name
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(_FileHandler(log_file, encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(formatter)
        setattr(handler, _MARK, True)
        logger.addHandler(handler)
    return log_file


def get_logger(name: str) -> logging.Logger:
    return logging.getLogger(f"{LOGGER}.{name}")
