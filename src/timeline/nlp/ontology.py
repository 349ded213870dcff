"""The event ontology: types, what each means, its PLOVER category, and which type wins a sentence.

PLOVER (Political Language Ontology for Verifiable Event Records, Open Event Data Alliance) is the
successor of CAMEO; we map to its top-level categories where one fits (its "investigate" and
"disapprove" modes both sit under ACCUSE, administrative sanctions and bans under COERCE). Types with
no PLOVER counterpart (a plain statement, a report's findings, a law) map to None. A threatened or
demanded action is coded by its modality, and its PLOVER category becomes THREATEN or DEMAND.
"""

from __future__ import annotations

EVENT_TYPES: dict[str, tuple[str, str | None]] = {
    # type: (meaning, PLOVER category)
    "statement": ("An actor says something on the record, with no more specific act.", None),
    "acknowledgement": ("An actor admits a fault, lapse or responsibility, or apologises.", "CONCEDE"),
    "criticism": ("An actor criticises, condemns or accuses another.", "ACCUSE"),
    "restriction": ("A feature, service or access is limited (e.g. to paying users).", "COERCE"),
    "policy_change": ("An actor changes its rules, safeguards or terms.", "CONCEDE"),
    "investigation": ("An authority opens or runs an inquiry, probe or assessment.", "ACCUSE"),
    "regulatory_demand": ("An authority orders, summons or formally asks an actor to act or inform.", "DEMAND"),
    "legal_complaint": ("A complaint, referral to prosecutors, lawsuit or charge.", "ACCUSE"),
    "block_ban": ("A service or feature is blocked, banned or suspended.", "COERCE"),
    "fine_sanction": ("A fine, penalty or sanction is imposed.", "COERCE"),
    "legislation": ("A law or bill is proposed, passed or changed.", None),
    "report_finding": ("Research, a report or the press documents what happened.", None),
    "content_removal": ("Content is removed or taken down.", None),
    "other": ("Anything else worth keeping.", None),
}

# When several types fire in one clause, the first in this list wins: specific acts before reactions,
# reactions before plain speech.
PRIORITY: tuple[str, ...] = (
    "fine_sanction",
    "block_ban",
    "investigation",
    "regulatory_demand",
    "legal_complaint",
    "restriction",
    "content_removal",
    "legislation",
    "policy_change",
    "acknowledgement",
    "criticism",
    "report_finding",
    "statement",
    "other",
)
RANK = {t: i for i, t in enumerate(PRIORITY)}

MODALITY_PLOVER = {"threatened": "THREATEN", "demanded": "DEMAND"}


def plover_for(event_type: str, modality: str = "asserted") -> str | None:
    """The PLOVER category of an event of `event_type` reported with `modality`."""
    if modality in MODALITY_PLOVER:
        return MODALITY_PLOVER[modality]
    return EVENT_TYPES.get(event_type, ("", None))[1]
