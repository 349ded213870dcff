"""Turning command-line options and case files into a collection plan."""

from datetime import date

import pytest

from timeline.collect.sources import Source, plan_for_case, read_url_file, sources_from_options
from timeline.errors import ConfigError


def test_text_url_list_skips_blanks_and_comments(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text("# Grok coverage\nhttps://a.example/1\n\n  https://b.example/2  \n# end\n", encoding="utf-8")
    assert [s.target for s in read_url_file(path)] == ["https://a.example/1", "https://b.example/2"]


def test_csv_url_list_keeps_hints(tmp_path):
    path = tmp_path / "sources.csv"
    path.write_text("url,outlet,language,published_date\nhttps://a.example/1,Example,fr,2026-01-02\n"
                    ",,,\n", encoding="utf-8")
    [source] = read_url_file(path)
    assert source == Source("url", "https://a.example/1", outlet="Example", language="fr", published="2026-01-02")


def test_csv_without_url_column_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("link,outlet\nhttps://a.example/1,Example\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.csv:1.*'url' column"):
        read_url_file(path)
    with pytest.raises(ConfigError, match="cannot read"):
        read_url_file(tmp_path / "missing.csv")


def test_options_in_a_stable_order(tmp_path):
    listing = tmp_path / "u.txt"
    listing.write_text("https://c.example/3\n", encoding="utf-8")
    sources = sources_from_options(["https://a.example/1", " "], [listing], ["https://f.example/rss"],
                                   ["https://s.example/sitemap.xml"], ["grok deepfake"])
    assert [(s.kind, s.target) for s in sources] == [
        ("url", "https://a.example/1"), ("url", "https://c.example/3"), ("feed", "https://f.example/rss"),
        ("sitemap", "https://s.example/sitemap.xml"), ("gdelt", "grok deepfake")]


def test_case_plan_reads_case_toml_and_sources_csv(tmp_path):
    case = tmp_path / "config" / "cases" / "demo"
    case.mkdir(parents=True)
    (case / "case.toml").write_text(
        '[case]\ntitle = "Demo"\nlanguages = ["nl", "fr"]\n[window]\nstart = 2025-12-20\nend = 2026-01-31\n'
        '[collect]\nfeeds = ["https://f.example/rss"]\nsitemaps = ["https://s.example/news.xml"]\n'
        'gdelt_queries = ["grok"]\n', encoding="utf-8")
    (case / "sources.csv").write_text("url,outlet,language,published_date\nhttps://a.example/1,A,nl,2026-01-02\n",
                                      encoding="utf-8")
    plan = plan_for_case("demo", tmp_path)
    assert plan.case == "demo" and plan.languages == ("nl", "fr")
    assert (plan.since, plan.until) == (date(2025, 12, 20), date(2026, 1, 31))
    assert [s.kind for s in plan.sources] == ["url", "feed", "sitemap", "gdelt"]


def test_unknown_case_is_a_config_error(tmp_path):
    (tmp_path / "config" / "cases").mkdir(parents=True)
    with pytest.raises(ConfigError, match="no case named"):
        plan_for_case("nope", tmp_path)


def test_source_kind_is_checked():
    with pytest.raises(ValueError):
        Source("torrent", "x")
