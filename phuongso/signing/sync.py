"""pyHanko's blocking calls run an event loop of their own (asyncio.run), which fails in a
thread that already runs one (an async caller, the browser tests' Playwright): there they run
in a worker thread instead."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def blocking(function: Callable[..., T], *args: object, **kwargs: object) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(function, *args, **kwargs).result()
