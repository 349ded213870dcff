"""Body text: the article and nothing else, paragraphs kept apart, and the newspaper4k fallback rule."""

from __future__ import annotations

import pytest

from timeline.parse import extract
from timeline.parse.dom import parse_html
from timeline.parse.extract import extract_body, extract_text, tidy_text

from ._parse_fixtures import fixture_bytes, fixture_url


def test_article_body_without_comments_related_links_or_footer():
    html = fixture_bytes("fr_jsonld_article").decode()
    text = extract_text(html, fixture_url("fr_jsonld_article"))
    assert "demandé au réseau social X de s'expliquer" in text
    assert "au moment de la publication de cet article" in text
    for boilerplate in ("Il était temps que quelqu'un réagisse", "Deepfakes : ce que dit la loi", "Mentions légales",
                        "Se connecter"):
        assert boilerplate not in text


def test_paragraphs_stay_on_separate_lines():
    html = fixture_bytes("en_time_element").decode()
    lines = extract_text(html, fixture_url("en_time_element")).splitlines()
    assert any(line.startswith("X has restricted the image generation") for line in lines)
    assert any(line.startswith("Critics said the restriction") for line in lines)
    assert not any("without their consent.Users" in line for line in lines)


def test_malformed_page_keeps_the_paragraphs_of_its_story():
    html = fixture_bytes("malformed_en").decode()
    text = extract_text(html, fixture_url("malformed_en"))
    for sentence in ("made urgent contact with X", "under the Online Safety Act",
                     "reports to the platform had gone unanswered", "users had been left unprotected"):
        assert sentence in text
    assert "not text" not in text and "document.write" not in text


def test_page_without_body_gives_none():
    assert extract_text("<html><head><title>t</title></head><body></body></html>", "https://example.org/") is None
    assert extract_text("", "https://example.org/") is None


def test_tidy_text_normalises_spaces_and_blank_lines():
    assert tidy_text("  One\u00a0 two \n\n\n  three\t four  \n") == "One two\nthree four"


PARAGRAPHS = [
    f"Paragraph {i}: the regulator described how the case developed, what the company answered in its "
    f"statement, and which measures ministers announced for the following weeks in section {i}."
    for i in range(12)
]
SPLIT_PAGE = (
    "<html><head><title>Split article</title></head><body><article>"
    + "".join(f"<div class='body'><p>{p}</p></div><div class='ad'>Advertisement</div>" for p in PARAGRAPHS)
    + "</article></body></html>"
)


def test_newspaper_fallback_recovers_text_trafilatura_missed(monkeypatch):
    partial = "\n".join(PARAGRAPHS[:3])
    monkeypatch.setattr(extract, "_trafilatura", lambda tree, url, favor_precision: partial)
    body = extract_body(parse_html(SPLIT_PAGE), "https://example.org/a")
    assert body.extractor == "newspaper4k"
    assert all(p in body.text for p in PARAGRAPHS)


def test_fallback_is_refused_when_it_does_not_contain_what_trafilatura_found(monkeypatch):
    other = "A completely different block of text about something else, repeated to have a few words."
    monkeypatch.setattr(extract, "_trafilatura", lambda tree, url, favor_precision: other)
    body = extract_body(parse_html(SPLIT_PAGE), "https://example.org/a")
    assert body.extractor == "trafilatura"
    assert body.text == other


def test_balanced_mode_is_tried_when_precision_mode_keeps_almost_nothing(monkeypatch):
    calls = []

    def fake(tree, url, favor_precision):
        calls.append(favor_precision)
        return "Too short." if favor_precision else "\n".join(PARAGRAPHS)

    monkeypatch.setattr(extract, "_trafilatura", fake)
    body = extract_body(parse_html(SPLIT_PAGE), None)
    assert calls == [True, False]
    assert body.text == "\n".join(PARAGRAPHS)


@pytest.mark.parametrize("name", ["fr_jsonld_article", "nl_utc_meta", "de_dateline_only", "ru_cp1251_declared"])
def test_extractor_leaves_the_tree_untouched(name):
    tree = parse_html(fixture_bytes(name).decode("cp1251" if name.startswith("ru") else "utf-8"))
    before = len(list(tree.iter()))
    extract_body(tree, fixture_url(name))
    assert len(list(tree.iter())) == before
