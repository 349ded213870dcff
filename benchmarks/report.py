"""Turn a benchmark report into the targets of issue 8 (pass/fail with the measured value) and markdown tables."""

from __future__ import annotations

HEIDELTIME_TOKENS_PER_S = 1_400  # HeidelTime, warm JVM, on this machine (the baseline)
# A bare spaCy tokenizer on real news text, one core of this machine (the figure). On the synthetic
# corpus, whose paragraphs recur, the tokenizer's cache makes the same pass several times faster.
NOMINAL_TOKENIZER_WORDS_PER_S = 450_000
TARGETS = {
    "nlp_ratio": 0.25,  # full NLP at >= 25% of the bare tokenizer's words/s (1 worker)
    "speedup": 1.7,  # end to end, 1 -> 2 workers
    "rss_mib": 1024,  # peak memory of the whole process tree at 100k articles
    "rss_growth": 0.10,  # from 10k to 100k articles
    "temporal_tokens_per_s": 50 * HEIDELTIME_TOKENS_PER_S,
    # collection is limited by politeness when, at the polite pace, the CPU mostly idles and could go much faster
    "collect_cpu_share": 0.25,
    "collect_headroom": 5.0,
}


def _check(name: str, value: float | None, limit: float, higher_is_better: bool, where: str) -> dict:
    ok = None if value is None else (value >= limit if higher_is_better else value < limit)
    return {"target": name, "where": where, "value": value, "limit": limit, "ok": ok}


def _local(runs: list[dict]) -> list[dict]:
    return [r for r in runs if r["engine"] == "local"]


def check_targets(report: dict) -> list[dict]:
    """Every target of the issue that this report can judge, with the measured value."""
    runs = _local(report["runs"])
    checks = []
    for r in runs:
        where = f"{r['size']} articles, {r['workers']} worker(s)"
        if r["workers"] == 1:
            checks.append(_check("NLP words/s ÷ bare tokenizer words/s", r["ratio_to_bare_tokenizer"]["nlp"],
                                 TARGETS["nlp_ratio"], True, where))
            nominal = r.get("ratio_to_nominal_tokenizer", {}).get("nlp")
            if nominal is not None:  # the issue's own figure for the ceiling, on fresh text
                checks.append(_check(f"NLP words/s ÷ {NOMINAL_TOKENIZER_WORDS_PER_S:,} words/s (nominal tokenizer)",
                                     nominal, TARGETS["nlp_ratio"], True, where))
        if r["workers"] == 2 and "speedup_vs_1_worker" in r:
            checks.append(_check("speed-up 1 → 2 workers (end to end)", r["speedup_vs_1_worker"]["end_to_end"],
                                 TARGETS["speedup"], True, f"{r['size']} articles"))
    by_key = {(r["size"], r["workers"]): r for r in runs}
    for (size, workers), r in sorted(by_key.items()):
        if size < 100_000:
            continue
        pss = r["memory"]["pss_tree"]
        checks.append(_check("peak memory, MiB (PSS of the process tree)", pss, TARGETS["rss_mib"], False,
                             f"{size} articles, {workers} worker(s)"))
        small = by_key.get((10_000, workers))
        if small:
            growth = round(pss / small["memory"]["pss_tree"] - 1, 4)
            checks.append(_check("peak memory growth 10k → 100k", growth, TARGETS["rss_growth"], False,
                                 f"{workers} worker(s)"))
        hwm, small_hwm = (x["result"].get("self_max_rss_mib") if x else None for x in (r, small))
        if workers == 1 and hwm and small_hwm:  # one process: the kernel's exact peak, not a sampled one
            checks.append(_check("peak RSS growth 10k → 100k (the kernel's high-water mark of the one process)",
                                 round(hwm / small_hwm - 1, 4), TARGETS["rss_growth"], False, "1 worker(s)"))
    for ref in report["reference"]:
        tps = ref["result"]["temporal"].get("tokens_per_s")
        checks.append(_check("temporal tagging alone, tokens/s", tps, TARGETS["temporal_tokens_per_s"], True,
                             f"{ref['size']}-article corpus, {ref['result']['temporal'].get('n_texts')} texts"))
    real = (report.get("real_text") or {}).get("median")
    if real:
        checks.append(_check("NLP words/s ÷ bare tokenizer words/s, real texts each read once", real["ratio_to_bare"],
                             TARGETS["nlp_ratio"], True, f"{real['n_articles']} texts, {real['n_words']:,} words"))
    collect = report.get("collect") or {}
    if "polite" in collect:
        where = f"4 local hosts, {collect['polite']['delay_s']} s per host"
        checks.append(_check("collection: share of one core busy at the polite pace",
                             collect["polite"]["cpu_share"], TARGETS["collect_cpu_share"], False, where))
        checks.append(_check("collection: unthrottled ÷ polite pages/s", collect["headroom"],
                             TARGETS["collect_headroom"], True, where))
    return checks


def _fmt(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def _run_line(r: dict) -> str:
    res, rates, mem = r["result"], r["rates"], r["memory"]
    speedup = r.get("speedup_vs_1_worker", {}) if r["workers"] > 1 else {}
    alone = r["workers"] == 1  # with more workers the NLP overlaps the main process's reads and writes
    nlp_wps = rates["nlp"]["words_per_s"] if alone else None
    return (f"| {r['size']:,} | {r['engine']} | {r['workers']} | {r['reps']} | {_fmt(res['seconds']['end_to_end'], 1)} "
            f"| {_fmt(rates['end_to_end']['articles_per_s'])} | {_fmt(rates['end_to_end']['words_per_s'])} "
            f"| {_fmt(rates.get('per_article', {}).get('words_per_s'))} | {_fmt(nlp_wps)} "
            f"| {_fmt(r['ratio_to_bare_tokenizer']['end_to_end'], 3)} "
            f"| {_fmt(r['ratio_to_bare_tokenizer']['nlp'] if alone else None, 3)} "
            f"| {_fmt(r['ratio_to_nominal_tokenizer']['nlp'] if alone else None, 3)} "
            f"| {_fmt(mem['pss_tree'])} | {_fmt(mem['rss_tree'])} "
            f"| {_fmt(speedup.get('end_to_end'), 2)} | {_fmt(speedup.get('per_article'), 2)} |")


def _stage_line(r: dict) -> str:
    s = r["result"]["seconds"]
    cells = " | ".join(_fmt(s.get(k), 2) for k in ("ingest", "nlp", "write", "per_article", "consolidate", "analysis",
                                                    "other"))
    rerun = r.get("rerun")
    rerun_cell = f"{rerun['seconds']:.2f} s ({rerun['n_reused']:,} reused)" if rerun else "–"
    cpu = r["result"].get("cpu_seconds", {})
    cpu_cell = f"{cpu.get('main', 0):.1f} + {cpu.get('workers', 0):.1f}" if cpu else "–"
    return (f"| {r['size']:,} | {r['engine']} | {r['workers']} | {_fmt(r.get('startup_seconds'), 2)} | {cells} "
            f"| {cpu_cell} | {rerun_cell} |")


def _reference_lines(report: dict) -> list[str]:
    lines = ["| articles | words | bare tokenizer tokens/s | bare tokenizer words/s | temporal tokens/s "
             "| × HeidelTime (1,400 tokens/s) |", "|---:|---:|---:|---:|---:|---:|"]
    for ref in report["reference"]:
        bare, temporal = ref["result"]["bare_tokenizer"], ref["result"]["temporal"]
        tps = temporal.get("tokens_per_s")
        lines.append(f"| {ref['size']:,} | {bare['n_words']:,} | {_fmt(bare['tokens_per_s'])} "
                     f"| {_fmt(bare['words_per_s'])} | {_fmt(tps)} "
                     f"| {_fmt(tps / HEIDELTIME_TOKENS_PER_S if tps else None)} |")
    return lines


def _target_lines(report: dict) -> list[str]:
    lines = ["| target | where | measured | limit | met |", "|---|---|---:|---:|:-:|"]
    for c in report.get("targets", []):
        met = {True: "yes", False: "**no**", None: "–"}[c["ok"]]
        value = c["value"] if not isinstance(c["value"], float) else round(c["value"], 3)
        lines.append(f"| {c['target']} | {c['where']} | {value} | {c['limit'] if c['limit'] is not None else '–'} "
                     f"| {met} |")
    return lines


def _real_text_lines(report: dict) -> list[str]:
    real = report.get("real_text") or {}
    if "median" not in real:
        return ["", f"Real texts: {real['error']}"] if "error" in real else []
    m = real["median"]
    ratios = ", ".join(f"{r['ratio_to_bare']:.3f}" for r in real["runs"])
    return ["", f"Real texts each read once in a fresh process ({m['seeds']}: {m['n_articles']} texts, "
                f"{m['n_words']:,} words; median of {real['reps']}): NLP {m['nlp_words_per_s']:,} words/s, bare "
                f"tokenizer {m['bare_tokenizer_words_per_s']:,} words/s, ratio {m['ratio_to_bare']:.3f} "
                f"(ratios of the runs: {ratios})."]


def _page_lines(report: dict) -> list[str]:
    lines = []
    collect = report.get("collect") or {}
    if "polite" in collect:
        polite, fast = collect["polite"], collect["unthrottled"]
        lines += ["", f"Collection (`bench_collect.py`, 4 local hosts): {polite['pages_per_s']:.1f} pages/s at the "
                      f"polite pace ({polite['delay_s']} s per host), one core {100 * polite['cpu_share']:.0f}% busy; "
                      f"without the delay {fast['pages_per_s']:.0f} pages/s, one core "
                      f"{100 * fast['cpu_share']:.0f}% busy (local servers included)."]
    html = report.get("html_parse", {}).get("result")
    if html and "pages_per_s" in html:
        lines += ["", f"Page parser over the demo snapshot: {html['pages_per_s']:.1f} pages/s, "
                      f"{html['mb_per_s']:.2f} MB/s, {html['words_per_s']:,.0f} words/s (one core)."]
    return lines


def markdown(report: dict) -> str:
    """The tables for the README: speed and memory per run, seconds per stage, ceilings, targets."""
    env = report["environment"]
    lines = [f"Benchmarks, {env['started']}: {env['machine']['cpu_count']} cores ({env['machine']['cpu_model']}), "
             f"load {env['machine']['load_average']} at start; Python {env['python']}, spaCy {env['spacy']}; "
             f"seeds: {env['seeds']['source']} ({env['seeds']['n']} articles). Medians of `reps` runs.", "",
             "| articles | engine | workers | reps | seconds | articles/s | words/s | per-article words/s "
             "| NLP words/s | × bare tokenizer (end to end) | × bare tokenizer (NLP) | NLP ÷ 450k words/s "
             "| peak PSS MiB | peak RSS MiB | speed-up (end to end) | speed-up (per-article) |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [_run_line(r) for r in report["runs"]]
    lines += ["", "Seconds per stage (median run):", "",
              "| articles | engine | workers | start-up | ingest | NLP | batch writes | per-article phase "
              "| consolidate | analysis | other | CPU s (main + workers) | re-run, nothing new |",
              "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [_stage_line(r) for r in report["runs"]]
    lines += ["", "Ceilings over the same texts (one process):", "", *_reference_lines(report)]
    lines += _real_text_lines(report)
    lines += _page_lines(report)
    lines += ["", "Targets:", "", *_target_lines(report)]
    return "\n".join(lines)
