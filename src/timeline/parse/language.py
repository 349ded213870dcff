"""Offline language identification (py3langid), with the page's ``<html lang>`` as a prior.

The detector is restricted to :data:`LANGUAGES`: on short or mixed texts an unrestricted model often
answers with a rare language (Latin, Luxembourgish, Galician...) that no news pipeline here handles.
A declared ``lang`` wins unless the text clearly says otherwise, because outlets sometimes declare
their site language on pages quoting another language, but rarely declare a wrong one.
"""

from __future__ import annotations

import re
from functools import lru_cache

LANGUAGES = (
    "af", "ar", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "eu", "fa", "fi", "fr",
    "ga", "gl", "he", "hi", "hr", "hu", "hy", "id", "is", "it", "ja", "ka", "ko", "lt", "lv", "mk", "ms",
    "mt", "nb", "nl", "nn", "no", "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "sw", "ta", "th",
    "tl", "tr", "uk", "ur", "vi", "zh",
)
MIN_LETTERS = 20  # fewer letters than this: no guess
MIN_CONFIDENCE = 0.5  # below this the detector is guessing (names, numbers, boilerplate): no answer
PRIOR_KEEP = 0.05  # keep the declared language unless the detector gives it less than this probability
SAMPLE_CHARS = 4000
_LETTER = re.compile(r"[^\W\d_]")
_LANG_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in LANGUAGES if code in set(identifier.nb_classes)])
    return identifier


def normalise_tag(tag: str | None) -> str | None:
    """``nl-BE`` → ``nl``, ``iw`` → ``he``; None for tags outside :data:`LANGUAGES`."""
    match = _LANG_TAG.match(tag or "")
    if not match:
        return None
    code = match.group(1).lower()
    code = {"iw": "he", "in": "id", "fil": "tl"}.get(code, code)
    return code if code in LANGUAGES else None


def detect_language(text: str, prior: str | None = None) -> str | None:
    """ISO 639-1 code of `text`; `prior` (e.g. ``<html lang>``) is kept unless the text contradicts it.

    Returns the prior (possibly None) when the text is too short or too ambiguous to tell.
    """
    declared = normalise_tag(prior)
    sample = (text or "")[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample[:1000])) < MIN_LETTERS:
        return declared
    ranking = dict(_identifier().rank(sample))
    best = max(ranking, key=ranking.__getitem__)
    if declared and ranking.get(declared, 0.0) >= PRIOR_KEEP:
        return declared
    if ranking[best] >= MIN_CONFIDENCE:
        return normalise_tag(best)
    return declared
