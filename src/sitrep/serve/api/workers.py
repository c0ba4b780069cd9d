"""Serve stage: the bounded pool that runs extraction requests off the event loop.

Extraction takes seconds of CPU. Run on the event loop it would stop every other request; run in
the server's shared thread pool, enough of them at once would take every thread and all memory.
So extraction requests get a pool of their own: ``workers`` threads, at most ``queue`` requests
waiting beside them (one more is refused at once, 429), and a time limit per request, past which
the client gets its answer (504) and the server goes on. A thread cannot be stopped from outside,
so an extraction past its time finishes in the background and keeps its place in the pool until
then: the pool never holds more than ``workers + queue`` requests, however slow they are.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class ExtractLimits:
    """How much extraction the server takes on at once (``sitrep serve`` uses the defaults)."""

    #: Extraction threads. Extraction is thread-safe, but mostly holds the GIL: more threads than
    #: cores add memory, not speed.
    workers: int = 2
    #: Requests that may wait for a thread; one more is refused with 429.
    queue: int = 8
    #: Seconds a request may take, waiting included: one piece of text (schemas.MAX_TEXT_CHARS)
    #: extracts in about 10 s, so only a queue of slow requests or a pathological text reaches it.
    timeout_s: float = 60.0
    #: Seconds a refused client is told to wait (Retry-After).
    retry_after_s: int = 10


class PoolFull(Exception):
    """Every worker is busy and the queue is full."""


class TooSlow(Exception):
    """The request ran past its time limit."""


class ExtractionPool:
    """A thread pool with a bound on the requests it holds and a time limit on each."""

    def __init__(self, limits: ExtractLimits) -> None:
        self.limits = limits
        self._executor = ThreadPoolExecutor(max_workers=limits.workers, thread_name_prefix="sitrep-extract")
        self._slots = threading.BoundedSemaphore(limits.workers + limits.queue)
        self._count_lock = threading.Lock()
        self._held = 0

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        """Run ``fn(*args)`` on a worker thread and wait for it, within the time limit.

        Raises:
            PoolFull: no room for another request (answer 429 with Retry-After).
            TooSlow: the time limit passed first (answer 504); a request still queued is dropped,
                one already running finishes in the background.
        """
        if not self._slots.acquire(blocking=False):
            raise PoolFull
        with self._count_lock:
            self._held += 1
        try:
            future = self._executor.submit(fn, *args)
        except RuntimeError:  # shut down
            self._release(None)
            raise PoolFull from None
        # The slot is freed when the work ends, not when the client stops waiting.
        future.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.limits.timeout_s)
        except TimeoutError:
            future.cancel()
            raise TooSlow from None

    def _release(self, _future: Future | None) -> None:
        with self._count_lock:
            self._held -= 1
        self._slots.release()

    @property
    def held(self) -> int:
        """Requests in the pool now, running or waiting (a request past its time counts until it ends)."""
        return self._held

    def close(self) -> None:
        """Drop queued requests and let running ones finish without waiting for them."""
        self._executor.shutdown(wait=False, cancel_futures=True)
