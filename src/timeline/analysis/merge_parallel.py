"""The event merge on several processes: each sweeps its share of the blocks, the main process names.

Mentions are only ever compared within one block (modality × event-type family, ``grouping.block``), so
the windowed merge of a set of blocks yields exactly the events those blocks yield in the merge of
everything, each with the same members in the same order. Workers (forked, so they share the code and the
case's organisations) each sweep a share of the blocks and stream their finished event rows back with how
far they have settled; the main process names a day's events once every worker has settled past it, as the
one-process merge does. Event ids depend only on the events of their own day, so the tables come out the
same, row for row.
"""

from __future__ import annotations

import gc
import multiprocessing
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from multiprocessing.connection import Connection, wait

from timeline.errors import TimelineError

MIN_ROWS_PER_WORKER = 5_000  # below this a fork costs about what it saves (at 1k articles, 9k mentions, it cost more)
AHEAD_ROWS = 2_000  # event rows taken from workers ahead of the slowest before only the slowest is read
Block = tuple[str, str]
Sweep = Callable[[Sequence[Block]], Iterable[tuple[list[dict], int]]]


def fork_context():
    """The "fork" start method, or None where the platform has none (the caller then stays serial)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork") if "fork" in methods else None


def shares(sizes: Mapping[Block, int], workers: int) -> list[list[Block]]:
    """Blocks dealt to at most `workers` shares: the biggest first, each to the lightest share so far.

    Fewer shares when there is too little work (or too few blocks) for every worker; one share means
    "stay serial". Deterministic, so a rerun splits the same way.
    """
    blocks = sorted(sizes, key=lambda b: (-sizes[b], b))
    n = max(1, min(workers, len(blocks), sum(sizes.values()) // MIN_ROWS_PER_WORKER))
    dealt: list[list[Block]] = [[] for _ in range(n)]
    load = [0] * n
    for b in blocks:
        lightest = min(range(n), key=lambda i: (load[i], i))
        dealt[lightest].append(b)
        load[lightest] += sizes[b]
    return [d for d in dealt if d]


def parallel_sweep(sweep: Sweep, parts: Sequence[Sequence[Block]]) -> Iterator[tuple[list[dict], int]]:
    """Run ``sweep(part)`` for each part in its own forked process; yield ``(rows, settled)`` as rows arrive,
    where ``settled`` is the first day any worker may still return a row for."""
    ctx = _fork()
    workers: dict[Connection, tuple[int, multiprocessing.Process]] = {}
    try:
        gc.freeze()  # the workers' collectors then leave the shared objects (and their pages) alone
        try:
            for i, part in enumerate(parts):
                receive, send = ctx.Pipe(duplex=False)
                process = ctx.Process(target=_sweep_worker, args=(sweep, part, send), name=f"merge-{i}",
                                      daemon=True)
                process.start()
                send.close()
                workers[receive] = (i, process)
        finally:
            gc.unfreeze()
        settled = [-1] * len(parts)  # -1: nothing settled yet
        ahead = 0  # event rows taken from workers ahead of the slowest since it last moved on
        while workers:
            low = min(settled)
            for conn in wait(_listened(workers, settled, None if ahead < AHEAD_ROWS else low)):
                i, process = workers[conn]
                kind, *value = _receive(conn, process)
                rows = []
                if kind == "rows":
                    rows, settled[i] = value
                    ahead += len(rows) if settled[i] > low else 0
                else:  # "done": nothing more from that worker
                    del workers[conn]
                    conn.close()
                    process.join()
                    settled[i] = _END
                if min(settled) > low:
                    ahead, low = 0, min(settled)
                yield rows, min(settled)
    finally:
        for _, process in workers.values():
            process.terminate()
            process.join()


def _listened(workers: Mapping[Connection, tuple[int, multiprocessing.Process]], settled: Sequence[int],
              low: int | None) -> list[Connection]:
    """Every worker's pipe (`low` None), or once enough rows wait on the slowest (settled at `low`) only the
    slowest workers' pipes.

    Rows from a worker ahead cannot be named before the slowest settles past their day, so the main process
    would hold them all (a whole share of the corpus if one worker runs far ahead). Left unread, they wait
    in the pipe, and the worker ahead waits on its next send.
    """
    if low is None:
        return list(workers)
    return [conn for conn, (i, _) in workers.items() if settled[i] <= low]


class Forked:
    """One call run in a forked process while the caller goes on; :meth:`result` waits and returns its value."""

    def __init__(self, call: Callable[[], object]):
        ctx = _fork()
        self._receive, send = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_call_worker, args=(call, send), name="merge-writer", daemon=True)
        gc.freeze()  # the child's collector then leaves the shared objects (and their pages) alone
        try:
            self._process.start()
        finally:
            gc.unfreeze()
        send.close()

    def result(self) -> object:
        try:
            _, value = _receive(self._receive, self._process)
        finally:
            self._receive.close()
            self._process.join()
        return value

    def cancel(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receive.close()


_END = 10**9  # beyond any day ordinal


def _fork():
    ctx = fork_context()
    if ctx is None:
        raise TimelineError("parallel merge: this platform cannot fork")
    return ctx


def _receive(conn: Connection, process: multiprocessing.Process) -> tuple:
    """The worker's next message: ``("rows", rows, settled)``, ``("done",)`` or ``("value", value)``."""
    try:
        message = conn.recv()
    except EOFError:
        process.join()
        raise TimelineError(f"parallel merge: worker {process.name} died (exit code {process.exitcode})") from None
    if message[0] == "error":
        raise TimelineError(f"parallel merge: worker {process.name} failed: {message[1]}")
    return message


def _sweep_worker(sweep: Sweep, part: Sequence[Block], send: Connection) -> None:
    try:
        for rows, settled in sweep(part):
            send.send(("rows", rows, settled))
        send.send(("done",))
    except BaseException as exc:  # the main process reports it; a worker has no one else to tell
        send.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}"))
    finally:
        send.close()


def _call_worker(call: Callable[[], object], send: Connection) -> None:
    try:
        send.send(("value", call()))
    except BaseException as exc:
        send.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}"))
    finally:
        send.close()
