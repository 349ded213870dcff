"""The benchmark harness (``make bench``) works: it runs on a tiny corpus and measures what it claims.

No speed is asserted here (that is what the benchmark reports); these tests check that the harness runs the
real pipeline, that its memory probe sees memory a child really uses, and that a failing run is reported.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks"
SEEDS = ROOT / "tests" / "fixtures" / "corpus" / "seeds.jsonl"


def _module(name: str):
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    qualified = f"timeline_bench_{name}"
    if qualified not in sys.modules:
        spec = importlib.util.spec_from_file_location(qualified, BENCH / f"{name}.py")
        sys.modules[qualified] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[qualified])
    return sys.modules[qualified]


@pytest.fixture(scope="module")
def smoke_report(tmp_path_factory) -> dict:
    """The harness on 20 articles, one worker, one repetition (English and Dutch seeds: quick to load)."""
    tmp = tmp_path_factory.mktemp("bench")
    seeds = tmp / "seeds.jsonl"
    lines = [line for line in SEEDS.read_text().splitlines() if json.loads(line)["language"] in ("en", "nl")]
    seeds.write_text("\n".join(lines) + "\n")
    code = _module("run_all").main(["--sizes", "20", "--workers", "1", "--reps", "1", "--no-html", "--no-collect",
                                    "--seeds", str(seeds), "--temporal-sample", "20",
                                    "--results-dir", str(tmp), "--name", "smoke"])
    assert code == 0
    return json.loads((tmp / "smoke.json").read_text())


def test_harness_runs_the_whole_pipeline_on_twenty_articles(smoke_report):
    report = smoke_report
    (run,) = report["runs"]
    result = run["result"]
    assert result["n_articles"] == 20 and result["n_rejected"] == 0
    assert result["n_words_read"] == report["corpora"][0]["n_words"]
    assert result["uninstrumented"] == []  # every stage clock found its seam in the pipeline
    assert result["n_event_mentions"] > 0  # the real NLP ran: the seeds report events
    stages = result["seconds"]
    assert all(stages[k] >= 0 for k in ("ingest", "nlp", "write", "consolidate", "analysis"))
    assert stages["end_to_end"] >= stages["nlp"] + stages["analysis"]
    assert run["rates"]["end_to_end"]["articles_per_s"] > 0
    assert run["memory"]["pss_tree"] > 50  # MiB: Python, spaCy and pandas were loaded and seen
    assert run["rerun"]["n_reused"] == 20  # the incremental re-run found every article done


def test_reference_counts_the_same_texts_as_the_pipeline(smoke_report):
    report = smoke_report
    (ref,) = report["reference"]
    bare = ref["result"]["bare_tokenizer"]
    assert bare["n_texts"] == 20 and bare["n_words"] == report["corpora"][0]["n_words"]
    assert bare["n_tokens"] >= bare["n_words"]  # punctuation splits off: more tokens than words
    assert ref["result"]["temporal"]["n_texts"] == 20
    assert ref["result"]["temporal"]["n_timexes"] > 0  # the seeds are full of dates


def test_report_makes_the_table_and_judges_the_targets(smoke_report):
    report = smoke_report
    table = _module("report").markdown(report)
    assert "| 20 | local | 1 | 1 |" in table
    judged = {c["target"] for c in report["targets"]}
    assert "NLP words/s ÷ bare tokenizer words/s" in judged
    assert "temporal tagging alone, tokens/s" in judged
    assert "NLP words/s ÷ bare tokenizer words/s, real texts each read once" in judged


def test_real_text_ratio_reads_every_seed_once(smoke_report):
    real = smoke_report["real_text"]
    seeds = [json.loads(line) for line in (Path(real["median"]["seeds"])).read_text().splitlines()]
    assert real["reps"] == 1 and real["median"]["n_articles"] == len(seeds)
    assert real["median"]["n_words"] == sum(len(s["text"].split()) for s in seeds)
    assert 0 < real["median"]["ratio_to_bare"] < 1  # the NLP does more than tokenize
    assert "Real texts each read once" in _module("report").markdown(smoke_report)


def test_memory_probe_sees_what_a_child_allocates(tmp_path):
    measure = _module("measure")
    child = ("import sys, time; block = bytearray(300 * 1024 * 1024); block[::4096] = b'x' * len(block[::4096]); "
             "time.sleep(0.6); open(sys.argv[-1], 'w').write('{\"ok\": true}')")
    measured = measure.run_child([sys.executable, "-c", child], cwd=tmp_path, timeout=60, interval=0.05)
    assert measured["result"] == {"ok": True}
    assert 290 < measured["memory"]["pss_tree"] < 600
    assert measured["memory"]["rss_single"] >= measured["memory"]["pss_tree"] - 1


def test_a_failing_run_is_reported_with_its_error(tmp_path):
    measure = _module("measure")
    with pytest.raises(measure.BenchError, match="no such corpus"):
        measure.run_child([sys.executable, "-c", "raise SystemExit('no such corpus')"], cwd=tmp_path, timeout=60)


def test_median_of_runs_is_taken_per_number():
    measure = _module("measure")
    runs = [{"s": {"nlp": 3.0, "n": 5}, "tag": "a"}, {"s": {"nlp": 1.0, "n": 5}, "tag": "b"},
            {"s": {"nlp": 2.0, "n": 5}, "tag": "c"}]
    assert measure.median_tree(runs) == {"s": {"nlp": 2.0, "n": 5}, "tag": "a"}


def test_memory_timeline_tells_which_phase_held_the_peak(tmp_path):
    measure = _module("measure")
    child = ("import json, sys, time\n"
             "phases = []\n"
             "def phase(name, mib):\n"
             "    start = time.time(); block = bytearray(mib * 1024 * 1024)\n"
             "    block[::4096] = b'x' * len(block[::4096])\n"
             "    time.sleep(0.5); del block; phases.append([name, start, time.time()]); time.sleep(0.2)\n"
             "phase('small', 60); phase('large', 250); phase('medium', 120)\n"
             "open(sys.argv[-1], 'w').write(json.dumps({'phases': phases}))\n")
    measured = measure.run_child([sys.executable, "-c", child], cwd=tmp_path, timeout=60, interval=0.05,
                                 timeline=True)
    assert len(measured["memory_timeline"]) > 10
    by_phase = {p["phase"]: p for p in measure.peak_by_phase(measured["memory_timeline"],
                                                             measured["result"]["phases"])}
    assert max(by_phase.values(), key=lambda p: p["peak_pss_mib"])["phase"] == "large"
    assert by_phase["small"]["peak_pss_mib"] < by_phase["medium"]["peak_pss_mib"] < by_phase["large"]["peak_pss_mib"]
    assert by_phase["large"]["peak_pss_mib"] > 240


def test_pipeline_run_reports_its_phases_in_order(smoke_report):
    (run,) = smoke_report["runs"]
    phases = run["result"]["phases"]
    names = [p[0] for p in phases]
    for name in ("engine", "consolidate", "analysis", "actor_table", "event_merge", "edges"):
        assert names.count(name) == 1, name
    span = {p[0]: p[1:] for p in phases}
    assert span["engine"][1] <= span["consolidate"][0] <= span["analysis"][0]
    assert span["analysis"][0] <= span["actor_table"][0] < span["event_merge"][0] < span["edges"][0]
    assert span["edges"][1] <= span["analysis"][1]


def test_merge_memory_reruns_the_merge_of_a_finished_run_step_by_step(tmp_path, capsys):
    from timeline import pipeline
    from timeline.config import Settings
    from timeline.synthetic import generate, write_jsonl

    seeds = [json.loads(line) for line in SEEDS.read_text().splitlines() if json.loads(line)["language"] == "en"]
    write_jsonl(generate(seeds, 40), tmp_path / "corpus.jsonl")
    summary = pipeline.run_input(tmp_path / "corpus.jsonl", tmp_path / "out", case="grok-2026",
                                 settings=Settings(workers=1), root=ROOT)
    save = tmp_path / "merge.json"
    assert _module("merge_memory").main([str(tmp_path / "out"), "--save", str(save)]) == 0
    report = json.loads(save.read_text())
    assert report["counts"] == [summary.n_event_mentions, summary.n_events]  # the same merge, on a copy
    marked = [name for name, _ in report["marks"]]
    assert marked[0] == "start" and marked[-1] == "end" and "_fill start" in marked and "_write_mentions end" in marked
    assert report["memory"]["pss_tree"] > 50 and report["timeline"]
    assert "peak PSS" in capsys.readouterr().out
    assert _module("merge_memory").main([str(tmp_path)]) == 2  # not a run's folder: said, not a traceback
