"""Calls into libraries that run their own asyncio loop (pyHanko signs and validates with
`asyncio.run`), made from code that may already be inside one: there, asyncio.run refuses,
so the call is made in a thread of its own."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def outside_event_loop(call: Callable[[], T]) -> T:
    """`call()`, here when no event loop runs in this thread, else in another thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(1, thread_name_prefix="auditbook-sync") as pool:
        return pool.submit(call).result()
