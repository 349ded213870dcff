"""The look of every chart and page: an accessible palette, readable sizes, and chart texts in en/nl/fr.

Colours follow the Okabe–Ito palette, chosen because it stays distinguishable for the common forms of
colour blindness. Sizes are set so that a figure scaled down to 600 px wide still has text of about 11 px.
Month names and labels come from the tables below rather than the system locale, so a Dutch chart looks
the same on every machine.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from typing import Any

import matplotlib as mpl

# Okabe & Ito (2008), "Color Universal Design": eight colours safe for colour-blind readers.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
GREY = "#8C8C8C"
LIGHT_GREY = "#DDDDDD"
TEXT_COLOR = "#222222"
MUTED_TEXT = "#555555"
WINDOW_COLOR = "#FFF3C4"  # pale yellow band behind the highlighted window

# Figure geometry: 6.4 in wide, so 600 px on screen is ~94 px per inch and 9 pt text is ~11.7 px.
FIG_WIDTH_IN = 6.4
FONT_FAMILY = ["DejaVu Sans", "Liberation Sans", "Arial", "sans-serif"]  # wide script coverage
SIZES = {"title": 13.0, "subtitle": 10.0, "label": 9.0, "tick": 8.5, "source": 8.0, "small": 8.0}
DPI_PNG = 300

LANGS = ("en", "nl", "fr")

# Actor kinds fold into seven colour groups (the palette has eight colours; more would not stay distinct).
KIND_GROUPS = {
    "person": "person",
    "company": "company",
    "platform": "company",
    "ai_system": "ai_system",
    "government": "government",
    "country": "government",
    "legislature": "government",
    "political_party": "government",
    "regulator": "regulator",
    "intergovernmental_body": "regulator",
    "prosecutor_court": "justice",
    "ngo": "civil_society",
    "media": "civil_society",
    "other": "other",
}
GROUP_COLORS = {
    "government": OKABE_ITO["blue"],
    "regulator": OKABE_ITO["sky_blue"],
    "justice": OKABE_ITO["black"],
    "company": OKABE_ITO["orange"],
    "ai_system": OKABE_ITO["vermillion"],
    "person": OKABE_ITO["reddish_purple"],
    "civil_society": OKABE_ITO["bluish_green"],
    "other": GREY,
}

# Event types fold into five colour groups for the same reason.
TYPE_GROUPS = {
    "statement": "speech",
    "acknowledgement": "speech",
    "criticism": "speech",
    "restriction": "platform_action",
    "policy_change": "platform_action",
    "content_removal": "platform_action",
    "investigation": "enforcement",
    "regulatory_demand": "enforcement",
    "legal_complaint": "enforcement",
    "block_ban": "enforcement",
    "fine_sanction": "enforcement",
    "legislation": "lawmaking",
    "report_finding": "research",
    "other": "other",
}
TYPE_GROUP_COLORS = {
    "speech": OKABE_ITO["reddish_purple"],
    "platform_action": OKABE_ITO["vermillion"],
    "enforcement": OKABE_ITO["blue"],
    "lawmaking": OKABE_ITO["bluish_green"],
    "research": OKABE_ITO["orange"],
    "other": GREY,
}

MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
}

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "kind.person": "Person", "kind.company": "Company", "kind.platform": "Platform",
        "kind.ai_system": "AI system", "kind.government": "Government", "kind.regulator": "Regulator",
        "kind.prosecutor_court": "Prosecutor / court", "kind.ngo": "NGO", "kind.media": "Media",
        "kind.country": "Country", "kind.intergovernmental_body": "Intergovernmental body",
        "kind.political_party": "Political party", "kind.legislature": "Legislature", "kind.other": "Other",
        "group.government": "Government", "group.regulator": "Regulator / EU", "group.justice": "Justice",
        "group.company": "Company / platform", "group.ai_system": "AI system", "group.person": "Person",
        "group.civil_society": "NGO / media", "group.other": "Other",
        "type.statement": "statement", "type.acknowledgement": "acknowledgement", "type.criticism": "criticism",
        "type.restriction": "restriction", "type.policy_change": "policy change",
        "type.investigation": "investigation", "type.regulatory_demand": "regulatory demand",
        "type.legal_complaint": "legal complaint", "type.block_ban": "block / ban",
        "type.fine_sanction": "fine / sanction", "type.legislation": "legislation",
        "type.report_finding": "report", "type.content_removal": "content removal", "type.other": "other",
        "tgroup.speech": "Statements & criticism", "tgroup.platform_action": "Platform action",
        "tgroup.enforcement": "Enforcement", "tgroup.lawmaking": "Lawmaking", "tgroup.research": "Research",
        "tgroup.other": "Other",
        "chart.timeline_title": "Timeline of key events",
        "chart.network_title": "Who is named with whom",
        "chart.volume_title": "Coverage per day",
        "chart.lags_title": "How fast actors reacted",
        "axis.date": "Date", "axis.articles": "Articles per day", "axis.events": "Events per day",
        "axis.lag": "Days after {reference}", "axis.lag_plain": "Days until first reaction",
        "legend.window": "Window", "legend.milestone": "Milestone", "legend.key_event": "Key event",
        "legend.other_event": "Other event",
        "legend.sources": "size: number of sources",
        "sub.network": "Actors named in the same sentence. Node size: how connected; line width: how often.",
        "sub.network_by_day": "Actors named in the same sentence, cumulative up to each day.",
        "network.by_day": "As of {day}", "network.empty": "No connections yet",
        "source.line": "Source: {n_articles} articles from {n_outlets} outlets, collected {start}–{end}.",
        "source.line_undated": "Source: {n_articles} articles from {n_outlets} outlets.",
        "series.articles": "articles", "series.events": "events", "other": "other", "unknown": "unknown",
        "page.filter_actor": "Actor", "page.filter_type": "Type", "page.filter_language": "Language",
        "page.all": "All", "page.search": "Search", "page.key_only": "Key events only",
        "page.showing": "Showing {n} of {total} events", "page.sources": "Sources",
        "page.mentions": "How it was reported ({n})", "page.reported_by": "Reported by {n} sources",
        "page.reported_by_one": "Reported by 1 source",
        "page.date_conflict": "Sources disagree on the date", "page.no_events": "No events match the filters.",
        "page.generated": "Generated by timeline {version}.",
    },
    "nl": {
        "kind.person": "Persoon", "kind.company": "Bedrijf", "kind.platform": "Platform",
        "kind.ai_system": "AI-systeem", "kind.government": "Overheid", "kind.regulator": "Toezichthouder",
        "kind.prosecutor_court": "Justitie / rechter", "kind.ngo": "Ngo", "kind.media": "Media",
        "kind.country": "Land", "kind.intergovernmental_body": "Internationale organisatie",
        "kind.political_party": "Politieke partij", "kind.legislature": "Parlement", "kind.other": "Overig",
        "group.government": "Overheid", "group.regulator": "Toezichthouder / EU", "group.justice": "Justitie",
        "group.company": "Bedrijf / platform", "group.ai_system": "AI-systeem", "group.person": "Persoon",
        "group.civil_society": "Ngo / media", "group.other": "Overig",
        "type.statement": "verklaring", "type.acknowledgement": "erkenning", "type.criticism": "kritiek",
        "type.restriction": "beperking", "type.policy_change": "beleidswijziging",
        "type.investigation": "onderzoek", "type.regulatory_demand": "eis toezichthouder",
        "type.legal_complaint": "aangifte / klacht", "type.block_ban": "blokkade / verbod",
        "type.fine_sanction": "boete / sanctie", "type.legislation": "wetgeving",
        "type.report_finding": "rapport", "type.content_removal": "verwijdering", "type.other": "overig",
        "tgroup.speech": "Verklaringen & kritiek", "tgroup.platform_action": "Maatregel platform",
        "tgroup.enforcement": "Handhaving", "tgroup.lawmaking": "Wetgeving", "tgroup.research": "Onderzoek",
        "tgroup.other": "Overig",
        "chart.timeline_title": "Tijdlijn van de belangrijkste gebeurtenissen",
        "chart.network_title": "Wie wordt met wie genoemd",
        "chart.volume_title": "Berichtgeving per dag",
        "chart.lags_title": "Hoe snel partijen reageerden",
        "axis.date": "Datum", "axis.articles": "Artikelen per dag", "axis.events": "Gebeurtenissen per dag",
        "axis.lag": "Dagen na {reference}", "axis.lag_plain": "Dagen tot eerste reactie",
        "legend.window": "Periode", "legend.milestone": "Mijlpaal", "legend.key_event": "Kerngebeurtenis",
        "legend.other_event": "Andere gebeurtenis",
        "legend.sources": "grootte: aantal bronnen",
        "sub.network": "Partijen die in dezelfde zin worden genoemd. Grootte: hoe verbonden; lijndikte: hoe vaak.",
        "sub.network_by_day": "Partijen die in dezelfde zin worden genoemd, opgeteld tot en met elke dag.",
        "network.by_day": "Stand {day}", "network.empty": "Nog geen verbindingen",
        "source.line": "Bron: {n_articles} artikelen van {n_outlets} media, verzameld {start}–{end}.",
        "source.line_undated": "Bron: {n_articles} artikelen van {n_outlets} media.",
        "series.articles": "artikelen", "series.events": "gebeurtenissen", "other": "overig",
        "unknown": "onbekend",
        "page.filter_actor": "Partij", "page.filter_type": "Soort", "page.filter_language": "Taal",
        "page.all": "Alle", "page.search": "Zoeken", "page.key_only": "Alleen kerngebeurtenissen",
        "page.showing": "{n} van {total} gebeurtenissen", "page.sources": "Bronnen",
        "page.mentions": "Hoe het werd gemeld ({n})", "page.reported_by": "Gemeld door {n} bronnen",
        "page.reported_by_one": "Gemeld door 1 bron",
        "page.date_conflict": "Bronnen noemen verschillende data",
        "page.no_events": "Geen gebeurtenissen voor deze filters.",
        "page.generated": "Gemaakt met timeline {version}.",
    },
    "fr": {
        "kind.person": "Personne", "kind.company": "Entreprise", "kind.platform": "Plateforme",
        "kind.ai_system": "Système d'IA", "kind.government": "Gouvernement", "kind.regulator": "Régulateur",
        "kind.prosecutor_court": "Parquet / tribunal", "kind.ngo": "ONG", "kind.media": "Média",
        "kind.country": "Pays", "kind.intergovernmental_body": "Organisation internationale",
        "kind.political_party": "Parti politique", "kind.legislature": "Parlement", "kind.other": "Autre",
        "group.government": "Gouvernement", "group.regulator": "Régulateur / UE", "group.justice": "Justice",
        "group.company": "Entreprise / plateforme", "group.ai_system": "Système d'IA",
        "group.person": "Personne", "group.civil_society": "ONG / médias", "group.other": "Autre",
        "type.statement": "déclaration", "type.acknowledgement": "reconnaissance", "type.criticism": "critique",
        "type.restriction": "restriction", "type.policy_change": "changement de règles",
        "type.investigation": "enquête", "type.regulatory_demand": "injonction du régulateur",
        "type.legal_complaint": "plainte / signalement", "type.block_ban": "blocage / interdiction",
        "type.fine_sanction": "amende / sanction", "type.legislation": "législation",
        "type.report_finding": "rapport", "type.content_removal": "retrait de contenus", "type.other": "autre",
        "tgroup.speech": "Déclarations et critiques", "tgroup.platform_action": "Mesures de la plateforme",
        "tgroup.enforcement": "Contrôle et sanctions", "tgroup.lawmaking": "Législation",
        "tgroup.research": "Études", "tgroup.other": "Autre",
        "chart.timeline_title": "Chronologie des événements clés",
        "chart.network_title": "Qui est cité avec qui",
        "chart.volume_title": "Couverture par jour",
        "chart.lags_title": "Délais de réaction des acteurs",
        "axis.date": "Date", "axis.articles": "Articles par jour", "axis.events": "Événements par jour",
        "axis.lag": "Jours après {reference}", "axis.lag_plain": "Jours avant la première réaction",
        "legend.window": "Période", "legend.milestone": "Jalon", "legend.key_event": "Événement clé",
        "legend.other_event": "Autre événement",
        "legend.sources": "taille : nombre de sources",
        "sub.network": "Acteurs cités dans la même phrase. Taille : degré de connexion ; épaisseur : fréquence.",
        "sub.network_by_day": "Acteurs cités dans la même phrase, cumul jusqu'à chaque jour.",
        "network.by_day": "Au {day}", "network.empty": "Pas encore de liens",
        "source.line": "Source : {n_articles} articles de {n_outlets} médias, collectés du {start} au {end}.",
        "source.line_undated": "Source : {n_articles} articles de {n_outlets} médias.",
        "series.articles": "articles", "series.events": "événements", "other": "autre", "unknown": "inconnu",
        "page.filter_actor": "Acteur", "page.filter_type": "Type", "page.filter_language": "Langue",
        "page.all": "Tous", "page.search": "Rechercher", "page.key_only": "Événements clés seulement",
        "page.showing": "{n} événements sur {total}", "page.sources": "Sources",
        "page.mentions": "Comment c'était rapporté ({n})", "page.reported_by": "Rapporté par {n} sources",
        "page.reported_by_one": "Rapporté par 1 source",
        "page.date_conflict": "Les sources divergent sur la date",
        "page.no_events": "Aucun événement ne correspond aux filtres.",
        "page.generated": "Produit avec timeline {version}.",
    },
}


def check_lang(lang: str) -> str:
    """Return `lang` if charts can be drawn in it, else raise a ValueError listing the choices."""
    if lang not in TEXTS:
        raise ValueError(f"unsupported language {lang!r} for chart texts (choose from {', '.join(LANGS)})")
    return lang


def text(key: str, lang: str = "en", **values: Any) -> str:
    """A chart text in `lang`, falling back to English, then to the key itself (never a KeyError)."""
    template = TEXTS.get(lang, {}).get(key) or TEXTS["en"].get(key) or key
    return template.format(**values) if values else template


def kind_label(kind: str | None, lang: str = "en") -> str:
    return text(f"kind.{kind or 'other'}", lang)


def type_label(event_type: str | None, lang: str = "en") -> str:
    return text(f"type.{event_type or 'other'}", lang)


def kind_group(kind: str | None) -> str:
    return KIND_GROUPS.get(kind or "other", "other")


def kind_color(kind: str | None) -> str:
    return GROUP_COLORS[kind_group(kind)]


def type_group(event_type: str | None) -> str:
    return TYPE_GROUPS.get(event_type or "other", "other")


def type_color(event_type: str | None) -> str:
    return TYPE_GROUP_COLORS[type_group(event_type)]


def format_day(day: date, lang: str = "en", *, with_year: bool = False) -> str:
    """'2 Jan' / '2 jan' / '2 janv.' (and the year when asked), independent of the system locale."""
    month = MONTHS.get(lang, MONTHS["en"])[day.month - 1]
    return f"{day.day} {month} {day.year}" if with_year else f"{day.day} {month}"


def source_line(n_articles: int, n_outlets: int, start: date | None, end: date | None, lang: str = "en") -> str:
    """The credit line under a chart: how much coverage it rests on and when it was published."""
    if start is None or end is None:
        return text("source.line_undated", lang, n_articles=n_articles, n_outlets=n_outlets)
    return text("source.line", lang, n_articles=n_articles, n_outlets=n_outlets,
                start=format_day(start, lang, with_year=start.year != end.year),
                end=format_day(end, lang, with_year=True))


def rc_params() -> dict[str, Any]:
    """Matplotlib settings shared by every chart (applied with :func:`chart_style`)."""
    return {
        "font.family": "sans-serif",
        "font.sans-serif": FONT_FAMILY,
        "font.size": SIZES["label"],
        "axes.titlesize": SIZES["subtitle"],
        "axes.labelsize": SIZES["label"],
        "axes.edgecolor": MUTED_TEXT,
        "axes.labelcolor": TEXT_COLOR,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.labelsize": SIZES["tick"],
        "ytick.labelsize": SIZES["tick"],
        "xtick.color": MUTED_TEXT,
        "ytick.color": MUTED_TEXT,
        "text.color": TEXT_COLOR,
        "legend.fontsize": SIZES["small"],
        "legend.frameon": False,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "svg.fonttype": "none",  # keep text as text in SVG: searchable and editable by graphics desks
        "svg.hashsalt": "timeline",  # stable ids, so re-exports of the same data are byte-identical
        "pdf.fonttype": 42,  # embed TrueType, so text stays selectable in PDF
    }


@contextmanager
def chart_style():
    """Apply the shared look for the duration of one chart, then restore the caller's settings."""
    with mpl.rc_context(rc_params()):
        yield


def event_headline(actors: list[str], event_type: str | None, title: str, lang: str = "en", limit: int = 90) -> str:
    """'Ofcom, X: investigation' — or the (shortened) title when the type says nothing ('other')."""
    if (event_type or "other") == "other" and title:
        return title if len(title) <= limit else title[: limit - 1].rsplit(" ", 1)[0] + "…"
    who = ", ".join(actors)
    return f"{who}: {type_label(event_type, lang)}" if who else type_label(event_type, lang)
