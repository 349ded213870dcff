"""Measure a benchmark run from the outside: wall time, and the peak memory of its whole process tree.

Each run happens in a child process so that its memory is its own: a sampler thread polls the child and
every descendant (spaCy's worker processes, Dask's nanny and worker processes) and keeps the highest total.
RSS counts pages shared between forked processes once per process, so the sum overstates the real use;
PSS splits each shared page between the processes that share it and is the honest total. Both are kept,
with the largest single process (what ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` would report).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

MIB = 1024 * 1024
_GONE = (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess)


class BenchError(RuntimeError):
    """A benchmark run failed; the message carries the command and the end of its error output."""


@dataclass
class MemoryPeak:
    """Highest memory seen while a process tree ran, in bytes."""

    rss_tree: int = 0  # sum of RSS over the process and its descendants (shared pages counted repeatedly)
    pss_tree: int = 0  # sum of PSS (shared pages split): the memory the run really occupied
    rss_single: int = 0  # the largest single process
    processes: int = 0  # most processes alive at once
    samples: int = 0

    def as_mib(self) -> dict[str, float | int]:
        data = asdict(self)
        return {k: (round(v / MIB, 1) if k.startswith(("rss", "pss")) else v) for k, v in data.items()}


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except _GONE:
        return []


def _usage(proc: psutil.Process, with_pss: bool) -> tuple[int, int] | None:
    """(rss, pss) of one process; pss falls back to rss where the kernel does not expose it."""
    try:
        if with_pss:
            info = proc.memory_full_info()
            return info.rss, getattr(info, "pss", info.rss)
        rss = proc.memory_info().rss
        return rss, rss
    except _GONE:
        return None


class TreeSampler(threading.Thread):
    """Poll a process tree every `interval` seconds and keep the peak (a daemon thread)."""

    def __init__(self, pid: int, interval: float = 0.2, with_pss: bool = True, keep_samples: bool = False):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.with_pss = with_pss
        self.peak = MemoryPeak()
        # (epoch seconds, pss_tree, rss_tree) of every sample when asked: when the peak happened, not only how high
        self.samples: list[tuple[float, int, int]] | None = [] if keep_samples else None
        self._stop_event = threading.Event()

    def sample(self) -> None:
        usages = [u for u in (_usage(p, self.with_pss) for p in _tree(self.pid)) if u is not None]
        if not usages:
            return
        peak = self.peak
        rss, pss = sum(u[0] for u in usages), sum(u[1] for u in usages)
        peak.samples += 1
        peak.rss_tree = max(peak.rss_tree, rss)
        peak.pss_tree = max(peak.pss_tree, pss)
        peak.rss_single = max(peak.rss_single, max(u[0] for u in usages))
        peak.processes = max(peak.processes, len(usages))
        if self.samples is not None and pss:  # an exiting process can report nothing: not a drop to zero
            self.samples.append((time.time(), pss, rss))

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.interval)

    def stop(self) -> MemoryPeak:
        self._stop_event.set()
        self.join()
        return self.peak


def _tail(path: Path, limit: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-limit:]
    except OSError:
        return ""


def run_child(cmd: list[str], *, cwd: Path, timeout: float, interval: float = 0.2,
              env: dict[str, str] | None = None, timeline: bool = False) -> dict:
    """Run `cmd` (which must accept ``--result FILE`` and write JSON there); measure it from outside.

    Returns ``{"result": <the child's JSON>, "memory": MemoryPeak in MiB, "wall_seconds": float}``; with
    `timeline`, also ``"memory_timeline"``: every sample as ``[epoch seconds, pss_tree MiB, rss_tree MiB]``.
    """
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp:
        result_path, err_path = Path(tmp) / "result.json", Path(tmp) / "stderr.txt"
        with err_path.open("wb") as err:
            started = time.perf_counter()
            proc = subprocess.Popen([*cmd, "--result", str(result_path)], cwd=cwd, stdout=subprocess.DEVNULL,
                                    stderr=err, env={**os.environ, **(env or {})})
            sampler = TreeSampler(proc.pid, interval, keep_samples=timeline)
            sampler.start()
            try:
                code = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                raise BenchError(f"timed out after {timeout:.0f} s: {' '.join(cmd)}") from None
            finally:
                peak = sampler.stop()
            wall = time.perf_counter() - started
        if code != 0 or not result_path.is_file():
            raise BenchError(f"exit code {code}: {' '.join(cmd)}\n{_tail(err_path)}")
        result = json.loads(result_path.read_text())
    measured = {"result": result, "memory": peak.as_mib(), "wall_seconds": round(wall, 3)}
    if sampler.samples is not None:
        measured["memory_timeline"] = [[round(t, 2), round(pss / MIB, 1), round(rss / MIB, 1)]
                                       for t, pss, rss in sampler.samples]
    return measured


def peak_by_phase(timeline: list[list[float]], phases: list[list]) -> list[dict]:
    """The highest PSS sampled inside each phase (``[name, start, end]`` in epoch seconds), phases in time order.

    Phases may nest (the event merge inside the cross-article analysis); a sample counts for every phase
    around it. ``"before"``/``"after"`` cover what no phase does (start-up, writing run.json).
    """
    if not timeline:
        return []
    bounds = sorted(phases, key=lambda p: (p[1], -p[2]))
    first, last = timeline[0][0], timeline[-1][0]
    spans = [["before", first, bounds[0][1] if bounds else last], *bounds,
             ["after", max((p[2] for p in bounds), default=first), last + 1]]
    out = []
    for name, start, end in spans:
        inside = [s for s in timeline if start <= s[0] < end]
        if inside:
            top = max(inside, key=lambda s: s[1])
            out.append({"phase": name, "seconds": round(end - start, 1), "peak_pss_mib": top[1],
                        "at_second": round(top[0] - first, 1), "samples": len(inside)})
    return out


def median_tree(values: list) -> object:
    """The element-wise median of equally shaped JSON values (numbers are medians, the rest from the first)."""
    first = values[0]
    if isinstance(first, dict):
        return {k: median_tree([v[k] for v in values if isinstance(v, dict) and k in v]) for k in first}
    if isinstance(first, bool) or not isinstance(first, int | float):
        return first
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    return round(statistics.median(numbers), 4)


def rate(count: float, seconds: float | None) -> float | None:
    """`count` per second, or None when the time is missing or too small to mean anything."""
    if not seconds or seconds < 1e-6:
        return None
    return round(count / seconds, 1)


def machine_info() -> dict:
    """What the numbers depend on: cores, CPU model, load when the benchmark started."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu_count": os.cpu_count(), "cpu_model": model, "load_average": [round(x, 2) for x in os.getloadavg()],
            "memory_total_mib": round(psutil.virtual_memory().total / MIB)}
