"""Politeness: a minimum delay between requests to one host and a cap on parallel requests to it.

:class:`HostGate` is the authority: every HTTP request (page, retry, redirect hop, robots.txt, feed)
passes through ``gate.slot(host)``, which waits for the host's next free start time and a free
per-host connection. :class:`HostScheduler` hands work to the worker threads, preferring hosts that
are ready now, so a long queue for one slow host never idles the workers that could serve others.
Threads give the global concurrency cap (the pool size).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class _HostState:
    delay: float
    next_start: float = 0.0
    active: int = 0


class HostGate:
    """Per-host minimum delay between request starts and per-host concurrency cap (thread-safe)."""

    def __init__(self, min_delay: float = 1.0, per_host: int = 2, *, clock: Callable[[], float] = time.monotonic):
        if per_host < 1:
            raise ValueError("per_host must be at least 1")
        self.min_delay = max(0.0, min_delay)
        self.per_host = per_host
        self._clock = clock
        self._cond = threading.Condition()
        self._hosts: dict[str, _HostState] = {}

    def _state(self, host: str) -> _HostState:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _HostState(delay=self.min_delay)
        return state

    def set_delay(self, host: str, seconds: float) -> None:
        """Raise the host's delay (robots.txt Crawl-delay); never below the configured minimum."""
        with self._cond:
            self._state(host).delay = max(self.min_delay, seconds)

    def delay(self, host: str) -> float:
        with self._cond:
            return self._state(host).delay

    def defer(self, host: str, seconds: float) -> None:
        """Push the host's next start back (Retry-After applies to every worker, not just one)."""
        with self._cond:
            state = self._state(host)
            state.next_start = max(state.next_start, self._clock() + seconds)
            self._cond.notify_all()

    def wait_time(self, host: str) -> float:
        """Seconds until a request to `host` could start now; inf when its connections are all busy."""
        with self._cond:
            state = self._state(host)
            if state.active >= self.per_host:
                return float("inf")
            return max(0.0, state.next_start - self._clock())

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of the host's connections for the duration of a request."""
        with self._cond:
            state = self._state(host)
            while True:
                now = self._clock()
                if state.active < self.per_host and now >= state.next_start:
                    break
                timeout = None if state.active >= self.per_host else state.next_start - now
                self._cond.wait(timeout)
            state.active += 1
            state.next_start = now + state.delay
        try:
            yield
        finally:
            with self._cond:
                state.active -= 1
                self._cond.notify_all()


@dataclass
class _Queues(Generic[T]):
    pending: dict[str, deque[T]] = field(default_factory=dict)
    running: dict[str, int] = field(default_factory=dict)
    closed: bool = False
    cancelled: bool = False


class HostScheduler(Generic[T]):
    """Work queue keyed by host: `get()` returns an item whose host can take a request soonest.

    At most `per_host` items of one host are handed out at a time, so the remaining workers stay
    free for other hosts. `get()` returns None once the queue is closed and empty.
    """

    def __init__(self, gate: HostGate, *, clock: Callable[[], float] = time.monotonic):
        self.gate = gate
        self._clock = clock
        self._cond = threading.Condition()
        self._q: _Queues[T] = _Queues()

    def put(self, host: str, item: T) -> None:
        with self._cond:
            self._q.pending.setdefault(host, deque()).append(item)
            self._cond.notify_all()

    def close(self) -> None:
        """No more items will be added; idle workers may stop once the queues drain."""
        with self._cond:
            self._q.closed = True
            self._cond.notify_all()

    def cancel(self) -> None:
        """Drop everything still queued (Ctrl-C): workers finish their current item and stop."""
        with self._cond:
            self._q.cancelled = self._q.closed = True
            self._q.pending.clear()
            self._cond.notify_all()

    def done(self, host: str) -> None:
        with self._cond:
            self._q.running[host] -= 1
            self._cond.notify_all()

    def _pick(self) -> tuple[str | None, float]:
        best, best_wait = None, float("inf")
        for host, items in self._q.pending.items():
            if not items or self._q.running.get(host, 0) >= self.gate.per_host:
                continue
            wait = self.gate.wait_time(host)
            if wait < best_wait:
                best, best_wait = host, wait
        return best, best_wait

    def get(self) -> tuple[str, T] | None:
        with self._cond:
            while not self._q.cancelled:
                host, wait = self._pick()
                if host is not None and wait <= 0:
                    self._q.running[host] = self._q.running.get(host, 0) + 1
                    return host, self._q.pending[host].popleft()
                if host is None and self._q.closed and not any(self._q.pending.values()):
                    return None
                self._cond.wait(min(wait, 0.5) if host is not None else 0.5)
            return None
