"""How many processes auditbook's parallel work may use: the cores it may run on, or the
AUDITBOOK_PROCESSES setting (1: everything in this process)."""

from __future__ import annotations

import os

from auditbook.domain.errors import ConfigError

ENVIRONMENT = "AUDITBOOK_PROCESSES"


def processes() -> int:
    """The setting when there is one, else the cores this process may use."""
    setting = os.environ.get(ENVIRONMENT, "").strip()
    if setting:
        try:
            wanted = int(setting)
        except ValueError:
            raise ConfigError(f"{ENVIRONMENT} must be a whole number, got {setting!r}") from None
        if wanted < 1:
            raise ConfigError(f"{ENVIRONMENT} must be 1 or more, got {wanted}")
        return wanted
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
