"""Merge rules for institutions and their bodies, echoes that name nobody, guessed days and salience."""

from __future__ import annotations

from datetime import date

import pandas as pd

from timeline.analysis import consensus, salience
from timeline.analysis.mentions import from_frame
from timeline.analysis.timeline import merge_events, organisations
from timeline.types import ActorEntry

DAY = date(2025, 12, 5)


def _row(mid: str, article: str, lang: str, event_type: str, actors: str | None, targets: str | None,
         sentence: str, *, day: date | None = DAY, source: str = "explicit", published: date = DAY,
         confidence: float = 0.9) -> dict:
    return {"mention_id": mid, "article_id": article, "url": f"https://{article}.example/a", "outlet": article,
            "language": lang, "published_date": published, "sentence": sentence, "sentence_index": 0,
            "char_start": 0, "char_end": len(sentence), "trigger": "fine", "event_type": event_type,
            "plover": None, "actors": actors, "targets": targets, "modality": "asserted", "date": day,
            "date_precision": "day", "date_source": source, "timex_text": None, "confidence": confidence}


def test_the_commission_and_the_union_are_one_organisation_even_when_a_case_redefines_the_commission():
    assert organisations(())["European Commission"] == organisations(())["European Union"] == "European Union"
    case_ec = ActorEntry("european-commission", "European Commission", "intergovernmental_body", "EU")
    case_eu = ActorEntry("eu", "European Union", "intergovernmental_body", "EU")
    orgs = organisations((case_ec, case_eu))
    assert orgs["European Commission"] == orgs["European Union"] == "European Union"
    assert "Ofcom" not in orgs  # a regulator without a parent belongs to no larger body


def _commission_fines_x() -> list[dict]:
    """Two reports, in English and French, that date the Commission's fine of X by its text ("on Friday")."""
    return [
        _row("m1", "a1", "en", "fine_sanction", "European Commission", "X",
             "The European Commission fined X €120 million on Friday."),
        _row("m2", "a2", "fr", "fine_sanction", "European Commission", "X",
             "La Commission européenne a infligé vendredi une amende de 120 millions d'euros à X."),
    ]


def test_reports_naming_the_commission_or_the_union_merge_into_one_fine():
    rows = [
        *_commission_fines_x(),
        _row("m3", "a3", "en", "fine_sanction", "European Union", "X",
             "The European Union fined Elon Musk's X on Friday.", source="relative"),
    ]
    events, _ = merge_events(pd.DataFrame(rows))
    assert len(events) == 1 and events["n_sources"].iloc[0] == 3


def test_states_blocking_the_same_product_stay_two_events():
    rows = [
        _row("m1", "a1", "en", "block_ban", "Indonesia", "Grok", "Indonesia blocked Grok on Saturday.",
             day=date(2026, 1, 10)),
        _row("m2", "a2", "en", "block_ban", "Malaysia", "Grok", "Malaysia blocked Grok on Saturday.",
             day=date(2026, 1, 10)),
        _row("m3", "a3", "en", "block_ban", "Malaysia", "xAI", "Malaysia blocked xAI's chatbot on Saturday.",
             day=date(2026, 1, 10)),
    ]
    events, _ = merge_events(pd.DataFrame(rows))
    assert sorted(events["n_sources"]) == [1, 2]


def test_a_byline_dated_echo_naming_nobody_joins_the_event_of_its_type_and_day():
    rows = [
        *_commission_fines_x(),
        _row("m3", "a3", "nl", "fine_sanction", None, None, "Het is de eerste boete onder de DSA.", day=None,
             source="published"),
        _row("m4", "a4", "en", "criticism", "Marco Rubio", "European Union",
             "Rubio called the fine an attack on Americans.", day=None, source="published"),
    ]
    events, linked = merge_events(pd.DataFrame(rows))
    fine = linked.loc[linked["mention_id"].isin(["m1", "m3"]), "event_id"]
    assert fine.nunique() == 1 and len(events) == 2


def test_exact_days_outvote_days_guessed_inside_last_week():
    exact = _row("m1", "a1", "en", "investigation", "Ofcom", "X", "Ofcom opened an investigation on 12 January.",
                 day=date(2026, 1, 12), published=date(2026, 1, 15))
    guesses = [_row(f"g{i}", f"b{i}", "en", "investigation", "Ofcom", "X", "Ofcom opened an investigation last week.",
                    day=date(2026, 1, 9), source="relative", published=date(2026, 1, 15), confidence=0.45)
               for i in range(2)]
    members = from_frame(pd.DataFrame([exact, *guesses]))
    assert consensus.vote_date(members) == date(2026, 1, 12)
    confident = from_frame(pd.DataFrame([exact, *[{**g, "confidence": 0.9} for g in guesses]]))
    assert consensus.vote_date(confident) == date(2026, 1, 9)  # two confident reports do outvote one


def test_actorless_and_plain_statement_events_rank_below_named_acts():
    events = pd.DataFrame({
        "event_id": ["fine", "echo", "said"],
        "date": [DAY, DAY, DAY],
        "type": ["fine_sanction", "fine_sanction", "statement"],
        "actors": ["European Commission", None, "Elon Musk"],
        "n_sources": [4, 4, 4],
        "n_languages": [2, 2, 2],
    })
    importance = salience.actor_importance(events)
    scores = salience.salience(events, explicit_share=pd.Series([1.0, 1.0, 1.0]),
                               n_outlets=pd.Series([4, 4, 4]), importance=importance)
    assert scores[0] == 1.0 and scores[1] < scores[2] < scores[0]
    assert scores[1] < 0.8  # an act nobody is said to have done weighs far less than the same act with its actor


def test_key_events_skip_near_duplicates_of_picked_events():
    events = pd.DataFrame({
        "event_id": ["restrict", "restrict-echo", "ban", "probe"],
        "date": [date(2026, 1, 9), date(2026, 1, 9), date(2026, 1, 11), date(2026, 1, 12)],
        "type": ["restriction", "restriction", "block_ban", "investigation"],
        "actors": ["X", "Grok", "Malaysia", "Ofcom"],
        "targets": ["Grok", None, "Grok", "X"],
        "salience": [1.0, 0.95, 0.7, 0.9],
        "n_sources": [9, 7, 4, 9],
    })
    assert set(salience.select_key_events(events, 3)) == {"restrict", "ban", "probe"}
    assert salience.select_key_events(events, 4)[-1] == "restrict-echo"  # only when nothing else is left


def test_records_of_one_article_share_its_id_and_repeated_sentences_share_one_string():
    wire = "Ofcom opened an investigation into X over the Grok images."
    rows = [_row("m1", "a1", "en", "investigation", "Ofcom", "X", wire),
            _row("m2", "a1", "en", "criticism", "Ofcom", "X", "Ofcom criticised X."),
            _row("m3", "a2", "en", "investigation", "Ofcom", "X", wire)]
    # the values arrive as separate string objects, as Arrow's to_pylist gives them
    copies = [{k: (v + " ")[:-1] if isinstance(v, str) else v for k, v in row.items()} for row in rows]
    assert copies[0]["article_id"] is not copies[1]["article_id"]
    first, second, third = from_frame(pd.DataFrame(copies))
    assert first.article_id is second.article_id and first.article_id == "a1" and third.article_id == "a2"
    assert first.sentence is third.sentence and first.sentence == wire and second.sentence == "Ofcom criticised X."
    assert [m.mention_id for m in (first, second, third)] == ["m1", "m2", "m3"]
