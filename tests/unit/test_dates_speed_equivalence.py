"""The temporal tagger's shortcuts give exactly what the plain computations they replace give.

The tokenizer classes most tokens from per-language tables filled in for all tokens at once, the
tense reader looks each word's cue up once per language, and the grammar lets the regex engine skip
positions behind a look-ahead. Each is compared here with the straightforward version on realistic
text and on random mixtures of the cases that could make them differ: phrases, capitalised month
names, time zones, unit acronyms, curly apostrophes, numbers, signs and odd Unicode letters.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.nlp.dates import classes as C
from timeline.nlp.dates.grammar import _RULES, RULES, _finditer
from timeline.nlp.dates.lexicon import get_lexicon
from timeline.nlp.dates.tense import _cue, _cue_fast
from timeline.nlp.dates.tokens import TOKEN_RE, Tokens, _keys, _shape_class, _word_class, classify, norm

LANGS = ("en", "fr", "nl", "de")

NEWS = {
    "en": "The minister said on Friday that the talks will resume next week. The day before, at 3 p.m. GMT, "
          "X had limited Grok. Il y a two days ago, in May 2026, SEC and MIN rules... “It’s the 1990s”, 24/7.",
    "fr": "Le 2 janvier 2026, l’entreprise a déclaré qu'il y a deux jours, la veille au soir, Grok avait été "
          "limité. Jusqu'à la semaine prochaine, aujourd’hui et le lendemain matin, à 14h30 : rien.",
    "nl": "Vorige week donderdag zei de minister dat 's avonds om 14.30 uur de site plat lag. Over twee weken "
          "spreekt de Europese Commissie; de dag erna, op 9 januari, volgde X.",
    "de": "Am Montag, dem 5. Januar 2026, hatte die Behörde vor zwei Tagen erklärt, dass sie am Nachmittag "
          "im Dezember berichten wird. Seit März, ÜBER 20 Jahre, İstanbul.",
}

# Pieces that exercise every branch: lexicon words (as typed, capitalised, upper-cased), phrase heads with
# and without their continuation, numbers of each shape, signs known and unknown, odd letters.
PIECES = st.sampled_from([
    "the", "The", "day", "Day", "DAY", "before", "next", "week", "May", "may", "MAY", "GMT", "gmt", "SEC", "sec",
    "min", "MIN", "Friday", "friday", "il", "y", "a", "il y a", "l'", "l’", "d'", "aujourd'", "hui", "jusqu'",
    "la", "veille", "le", "lendemain", "'s", "avonds", "de", "dag", "erna", "vor", "zwei", "Tagen", "am", "März",
    "2026", "14", "3", "1990s", "'90s", "14:30", "14h30", "14.30", "uur", "2.1.26", "2026-01-02", "12,000",
    "2,5", "3 1/2", "½", "1er", "2nd", "5.", ",", ".", ";", "-", "–", "/", "$", "€", "%", "(", ")", "!", "?",
    "«", "’", "'", "_", "²", "Ⅻ", "İ", "Σ", "ß", "x²", "a.m.", "p.m.", "Grok", "X", "said", "will", "zal",
    "a déclaré", "hatte", "\n", "\n\n",
])
TEXTS = st.lists(PIECES, min_size=1, max_size=30).map(" ".join)


def _plain_classify(text: str, lex) -> Tokens:
    """Tokens and classes the straightforward way: one token at a time, every key looked up."""
    matches = list(TOKEN_RE.finditer(text))
    spans = [m.span() for m in matches]
    keys = [*_keys(text, spans), ""]
    out = Tokens(text)
    classes: list[str] = []
    i = 0
    while i < len(matches):
        start, end = spans[i]
        key, kind, surface = keys[i], matches[i].lastgroup, text[start:end]
        width, cls, value = 1, C.WORD, None
        if kind in ("word", "punct"):
            for rest, entry in lex.phrases.get(key, ()):
                if tuple(keys[i + 1 : i + 1 + len(rest)]) == rest:
                    width, (cls, value) = len(rest) + 1, entry
                    end = spans[i + width - 1][1]
                    key = norm(text[start:end])
                    break
            else:
                if key in lex.words:
                    cls, value = _word_class(lex, key, surface)
                elif kind == "punct":
                    cls = C.PUNCT_CLASSES.get(surface, C.OTHER_PUNCT)
        else:
            cls, value = _shape_class(kind, surface)
        out.starts.append(start)
        out.ends.append(end)
        out.lowers.append(key)
        out.values.append(value)
        classes.append(cls)
        i += width
    out.classes = "".join(classes)
    return out


def _same(a: Tokens, b: Tokens) -> None:
    assert (a.starts, a.ends, a.lowers, a.classes) == (b.starts, b.ends, b.lowers, b.classes)
    assert a.values == b.values
    assert [type(v) for v in a.values] == [type(v) for v in b.values]


def test_classify_matches_the_plain_loop_on_news_text():
    for lang, text in NEWS.items():
        toks = classify(text, get_lexicon(lang))
        _same(toks, _plain_classify(text, get_lexicon(lang)))
        assert set(toks.classes) - {C.WORD}  # the text holds dates: not everything came out plain


def test_phrases_still_become_one_token():
    toks = classify("Il y a deux jours, aujourd'hui.", get_lexicon("fr"))
    assert toks.lowers[0] == "il y a" and toks.classes[0] == C.AGO_PRE
    assert "aujourd'hui" in toks.lowers


@given(TEXTS, st.sampled_from(LANGS))
@settings(max_examples=300, deadline=None)
def test_classify_matches_the_plain_loop_on_mixed_pieces(text, lang):
    # classify twice: the second run reads the per-language caches the first one filled
    _same(classify(text, get_lexicon(lang)), _plain_classify(text, get_lexicon(lang)))
    _same(classify(text, get_lexicon(lang)), _plain_classify(text, get_lexicon(lang)))


@given(TEXTS, st.sampled_from(LANGS))
@settings(max_examples=200, deadline=None)
def test_cached_tense_cues_match_the_full_reading(text, lang):
    lex = get_lexicon(lang)
    toks = classify(text, lex)
    tables = lex.lookup_tables()
    for k in range(len(toks.lowers)):
        for near in (False, True):
            assert _cue_fast(lex, toks, k, near, tables.word_cues, tables.cue_pair_heads) == _cue(lex, toks, k, near)


def test_cached_tense_cues_on_news_text():
    for lang, text in NEWS.items():
        lex = get_lexicon(lang)
        toks = classify(text, lex)
        tables = lex.lookup_tables()
        found = [_cue_fast(lex, toks, k, True, tables.word_cues, tables.cue_pair_heads)
                 for k in range(len(toks.lowers))]
        assert found == [_cue(lex, toks, k, True) for k in range(len(toks.lowers))]
        assert any(found), lang  # each text has a tense cue


CLASS_CHARS = "wwwwwwwwDDDD.,cr-OaHGI1UWMmCvTNe4BLXRFPSnokzpuq$%@'AYVJKEhgsxyf9b+i"


@given(st.text(alphabet=CLASS_CHARS, max_size=80))
@settings(max_examples=300, deadline=None)
def test_rule_regexes_match_as_their_plain_patterns(classes):
    for rule, (name, pattern) in zip(RULES, _RULES, strict=True):
        plain = [m.span() for m in re.finditer(pattern, classes) if m.end() > m.start()]
        assert [m.span() for m in _finditer(rule, classes) if m.end() > m.start()] == plain, name
        assert [m.groupdict() for m in _finditer(rule, classes) if m.end() > m.start()] == [
            m.groupdict() for m in re.finditer(pattern, classes) if m.end() > m.start()], name
