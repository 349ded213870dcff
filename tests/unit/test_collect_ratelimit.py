"""Per-host delay and concurrency cap, and a scheduler that keeps workers busy across hosts."""

import itertools
import threading
import time

import pytest

from timeline.collect.ratelimit import HostGate, HostScheduler


def test_min_delay_between_request_starts_to_one_host():
    gate = HostGate(min_delay=0.1, per_host=4)
    starts = []
    for _ in range(4):
        with gate.slot("a.example"):
            starts.append(time.monotonic())
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.095


def test_hosts_do_not_wait_for_each_other():
    gate = HostGate(min_delay=5.0, per_host=1)
    t0 = time.monotonic()
    for host in ("a", "b", "c"):
        with gate.slot(host):
            pass
    assert time.monotonic() - t0 < 0.5


def test_per_host_concurrency_cap():
    gate = HostGate(min_delay=0.0, per_host=2)
    active, peak, lock = [0], [0], threading.Lock()

    def work():
        with gate.slot("h"):
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
            time.sleep(0.05)
            with lock:
                active[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 2


def test_crawl_delay_raises_but_never_lowers_the_delay():
    gate = HostGate(min_delay=1.0)
    gate.set_delay("h", 3.0)
    assert gate.delay("h") == 3.0
    gate.set_delay("h", 0.1)
    assert gate.delay("h") == 1.0


def test_defer_pushes_back_the_next_start():
    gate = HostGate(min_delay=0.0)
    gate.defer("h", 0.2)
    t0 = time.monotonic()
    with gate.slot("h"):
        pass
    assert time.monotonic() - t0 >= 0.18


def test_scheduler_prefers_a_ready_host():
    gate = HostGate(min_delay=10.0, per_host=1)
    with gate.slot("slow"):  # books slow's next start 10 s ahead
        pass
    sched = HostScheduler(gate)
    sched.put("slow", "s1")
    sched.put("fast", "f1")
    sched.close()
    host, item = sched.get()
    assert (host, item) == ("fast", "f1")


def test_scheduler_caps_items_handed_out_per_host_and_ends_when_drained():
    gate = HostGate(min_delay=0.0, per_host=1)
    sched = HostScheduler(gate)
    for i in range(2):
        sched.put("a", f"a{i}")
    sched.put("b", "b0")
    sched.close()
    first = sched.get()
    second = sched.get()
    assert {first[0], second[0]} == {"a", "b"}  # the second item of `a` waits until the first is done
    sched.done(first[0])
    sched.done(second[0])
    assert sched.get() == ("a", "a1")
    sched.done("a")
    assert sched.get() is None


def test_cancel_stops_waiting_workers():
    sched = HostScheduler(HostGate())
    result = []
    worker = threading.Thread(target=lambda: result.append(sched.get()))
    worker.start()
    time.sleep(0.05)
    sched.cancel()
    worker.join(2)
    assert result == [None]


def test_per_host_must_be_positive():
    with pytest.raises(ValueError):
        HostGate(per_host=0)
