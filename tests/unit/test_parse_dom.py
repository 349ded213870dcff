"""Parsing markup into one tree: malformed pages, absurd nesting and non-HTML input."""

from __future__ import annotations

import pytest

from timeline.errors import RecordError
from timeline.parse.dom import flatten_deep_markup, parse_html

SENTENCE = "The regulator said it had opened a formal investigation into the platform. "


@pytest.mark.timeout(30)
@pytest.mark.parametrize("closed", [True, False])
def test_ten_thousand_nested_divs_keep_their_text(closed):
    depth = 10_000
    html = "<html><body>" + "<div>" * depth + f"<p>{SENTENCE * 5}</p>"
    html += ("</div>" * depth if closed else "") + "<p>Closing paragraph after the nest.</p></body></html>"
    tree = parse_html(html)
    text = tree.text_content()
    assert SENTENCE.strip() in text
    assert "Closing paragraph after the nest." in text
    depth_seen = max(len(list(el.iterancestors())) for el in tree.iter())
    assert depth_seen < 2048


def test_flattening_keeps_shallow_markup_and_block_breaks():
    html = "<div><p>keep</p>" + "<span>" * 5 + "deep" + "</span>" * 5 + "</div>"
    flat = flatten_deep_markup(html, max_depth=3)
    assert "<p>keep</p>" in flat
    assert "deep" in flat
    assert flat.count("<span>") == 2  # levels 2 and 3 kept, deeper ones became line breaks


def test_script_content_is_not_scanned_for_tags():
    html = "<html><body><script>var s = '<div><div><div>';</script><p>ok</p></body></html>"
    assert flatten_deep_markup(html, max_depth=2).count("<div>") == 3


def test_malformed_markup_parses():
    tree = parse_html("<html><head><title>x</title><body><p>one<p>two</b></i><div>three</span></body>")
    assert [p.text_content() for p in tree.iter("p")][:2] == ["one", "two"]


def test_xml_declaration_and_control_characters_do_not_break_parsing():
    tree = parse_html('<?xml version="1.0" encoding="ISO-8859-1"?><html><body><p>a\x00b\x0bc\ud800d</p></body></html>')
    assert tree.findtext(".//p") == "abcd"


@pytest.mark.parametrize("text", ["just words, no markup at all", ""])
def test_input_without_markup_is_a_record_error(text):
    with pytest.raises(RecordError, match="no markup"):
        parse_html(text)
