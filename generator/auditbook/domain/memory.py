"""Memory freed by Python handed back to the system.

glibc keeps what a large, short-lived structure took (a parsed packet, a piece's PDF
objects) for later use by the same process, so the process's resident size stays at its
largest: the next large structure then comes on top of it.
"""

from __future__ import annotations

import ctypes


def give_back_freed_memory() -> None:
    """Return freed memory to the system (glibc's malloc_trim); nothing where unsupported."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        return
