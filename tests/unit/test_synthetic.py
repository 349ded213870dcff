"""The benchmark corpus: recombined seeds that grow in time, edition by edition, and pass ingestion."""

from datetime import date

from timeline.ingest.jsonl import read_jsonl
from timeline.ingest.records import IngestReport
from timeline.synthetic import generate, write_jsonl

SEEDS = [
    {"language": "en", "text": "On 2 January 2026 the minister said the 2025 law covers all five platforms here.\n\n"
                               "Regulators in London opened an inquiry into the platform on Monday morning.\n\n"
                               "The company said in March 2026 it would restrict the image tool for most users."},
    {"language": "nl", "text": "Op 9 januari 2026 beperkte het bedrijf de functie tot betalende abonnees.\n\n"
                               "De Europese Commissie vroeg het platform om alle documenten te bewaren tot eind 2026."},
]


def test_each_edition_moves_publication_dates_and_text_years_back_together(tmp_path):
    records = list(generate(SEEDS, 30, edition_size=10))
    for i, rec in enumerate(records):
        edition = i // 10
        published = date.fromisoformat(rec["published"])
        assert date(2026 - edition, 1, 1) <= published <= date(2026 - edition, 3, 2)
        assert "2026" not in rec["text"] if edition else True
        if "January" in rec["text"] and edition:
            assert f"January {2026 - edition}" in rec["text"]
    assert any("2024" in rec["text"] for rec in records[20:])


def test_a_large_corpus_keeps_every_publication_date_through_ingestion(tmp_path):
    path = tmp_path / "corpus.jsonl"
    assert write_jsonl(generate(SEEDS, 40, edition_size=10), path) == 40
    report = IngestReport(source=str(path))
    articles = list(read_jsonl(path, report))
    # two recombinations of so few paragraphs can coincide: those are dropped as duplicates, nothing else
    assert len(articles) + len(report.rejects) == 40 and len(articles) >= 25
    assert all("duplicate" in r.reason for r in report.rejects)
    assert not [w for w in report.warnings if "date" in w.reason]
    assert all(a.published_date is not None for a in articles)
    assert {a.published_date.year for a in articles} == {2026, 2025, 2024, 2023}


def test_the_first_edition_is_unchanged_by_the_edition_size():
    assert list(generate(SEEDS, 10, edition_size=10)) == list(generate(SEEDS, 10, edition_size=1_000))
