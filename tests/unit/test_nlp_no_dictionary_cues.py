"""General weaknesses found on a second incident run without a dictionary (tests/fixtures/incidents)."""

from __future__ import annotations

from timeline.nlp.pipeline import analyze_text


def _actors(text: str, lang: str) -> list[str]:
    return [m.name for m in analyze_text(text, lang=lang).actor_mentions]


def _events(text: str, lang: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(e.event_type, e.actors) for e in analyze_text(text, lang=lang).event_mentions]


def test_an_upper_case_dateline_is_not_an_actor():
    text = "DEN HAAG (ANP) - Nederland keurt het visumverbod af dat de Amerikaanse regering heeft ingesteld."
    assert "HAAG" not in " ".join(_actors(text, "nl"))
    assert ("criticism", ("Netherlands",)) in _events(text, "nl")


def test_a_name_after_a_portfolio_keeps_its_particle():
    text = "Dat laat minister van Buitenlandse Zaken David van Weel via een woordvoerder weten."
    assert "David van Weel" in _actors(text, "nl")


def test_the_owner_of_a_nominal_trigger_is_its_source():
    text = "Elon Musk answered the European Union's €120 million fine against X with a one-word post."
    fines = [e for e in analyze_text(text, lang="en").event_mentions if e.event_type == "fine_sanction"]
    assert fines and fines[0].actors == ("European Union",) and fines[0].targets == ("X",)


def test_united_states_is_not_a_speech_verb_and_a_visa_ban_is_a_sanction():
    text = "The United States has imposed visa bans on five Europeans it accuses of pressuring platforms."
    assert ("fine_sanction", ("United States",)) in _events(text, "en")


def test_a_reaction_to_an_earlier_ban_is_the_reaction():
    text = "French President Emmanuel Macron condemned the bans on Wednesday, calling them intimidation."
    assert _events(text, "en")[0] == ("criticism", ("Emmanuel Macron",))
