"""Is the event reported as fact, or only planned, threatened, demanded, denied or imagined?

The cue nearest before the trigger decides: in the trigger's own clause within a few words ("could
face a ban", "is considering blocking", "n'a pas restreint"), or further back in the sentence for a
governing verb that heads the clause ("denied that it had …", "threatened to …", "called on X to …").
"""

from __future__ import annotations

from timeline.nlp.roles import Trigger

NEAR_CHARS = 60  # how far before the trigger a cue in its clause still counts
GOVERNING = {"denied", "threatened", "demanded", "planned"}
MIN_GOVERNING_LEN = 5  # short cues ("not", "will") only count near the trigger


# When several cues qualify, the one that most changes what the reader may believe wins:
# "could demand" is hypothetical, "would not restrict" denied, "will demand" demanded.
STRENGTH = {"denied": 5, "threatened": 4, "hypothetical": 3, "demanded": 2, "planned": 1}


def modality_of(text: str, clause: tuple[int, int], trig: Trigger, cues: list) -> str:
    """The modality of `trig` given all modality cues (start, end, term, modality) of the text."""
    c_start, _ = clause
    best = "asserted"
    for start, end, term, mod in cues:
        if end > trig.start:
            break
        if start >= c_start and trig.start - end <= NEAR_CHARS:
            near = True
        elif mod in GOVERNING and len(term) >= MIN_GOVERNING_LEN and trig.start - end <= 3 * NEAR_CHARS:
            near = _same_sentence(text, end, trig.start)
        else:
            near = False
        if near and STRENGTH[mod] > STRENGTH.get(best, 0):
            best = mod
    return best


def _same_sentence(text: str, a: int, b: int) -> bool:
    between = text[a:b]
    return not any(p in between for p in (". ", "! ", "? ", "\n"))
