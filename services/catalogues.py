"""The configurable lists (catalogues) and their German defaults."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import CatalogueEntry

# catalogue -> [(key, label)] ; access routes marked * count as outreach (indicator 4)
DEFAULTS: dict[str, list[tuple[str, str]]] = {
    "access_route": [
        ("aufsuchend*", "Aufsuchend (Kümmerer ging auf die Person zu)"),
        ("hinweis_nachbarschaft*", "Hinweis aus der Nachbarschaft"),
        ("hinweis_genossenschaft*", "Hinweis der Genossenschaft"),
        ("tuer_und_angel", "Tür-und-Angel-Gespräch"),
        ("sprechstunde", "Sprechstunde"),
        ("selbstmeldung", "Selbstmeldung (Anruf, Besuch)"),
        ("angehoerige", "Angehörige"),
        ("partner", "Vermittlung durch einen Partner"),
        ("quartiersaktivitaet", "Bei einer Quartiersaktivität"),
    ],
    "problem_area": [
        ("vereinsamung", "Vereinsamung"),
        ("verwahrlosung", "Verwahrlosung"),
        ("mietschulden", "Mietschulden / finanzielle Not"),
        ("pflege", "Pflege- und Unterstützungsbedarf"),
        ("gesundheit", "Gesundheit"),
        ("psychische_belastung", "Psychische Belastung"),
        ("sucht", "Sucht"),
        ("nachbarschaftskonflikt", "Nachbarschaftskonflikt"),
        ("behoerden", "Anträge und Behörden"),
        ("mobilitaet", "Mobilität und Barrieren"),
        ("wohnen", "Wohnungsanpassung / Umzug"),
        ("familie", "Familie und Erziehung"),
        ("sprache", "Sprache und Integration"),
        ("sonstiges", "Sonstiges"),
    ],
    "contact_kind": [
        ("hausbesuch", "Hausbesuch"),
        ("sprechstunde", "Sprechstunde"),
        ("telefon", "Telefon"),
        ("tuer_und_angel", "Tür-und-Angel-Gespräch"),
        ("begleitung", "Begleitung"),
        ("schriftlich", "Schriftlich"),
        ("fallbesprechung", "Fallbesprechung"),
    ],
    "intervention": [
        ("gespraech", "Entlastendes Gespräch"),
        ("information", "Information und Orientierung"),
        ("antragshilfe", "Hilfe bei Anträgen"),
        ("begleitung", "Begleitung zu Terminen"),
        ("krisenintervention", "Krisenintervention"),
        ("nachbarschaftshilfe", "Nachbarschaftshilfe organisiert"),
        ("alltagsbegleiter", "Alltagsbegleiter vermittelt"),
        ("angehoerige", "Kontakt zu Angehörigen"),
        ("konfliktvermittlung", "Vermittlung im Konflikt"),
    ],
    "outcome": [
        ("wohnungsverlust_verhindert", "Wohnungsverlust verhindert"),
        ("mietschulden_reguliert", "Mietschulden reguliert"),
        ("pflege_organisiert", "Pflege oder Unterstützung organisiert"),
        ("leistungen_bewilligt", "Leistungen bewilligt"),
        ("teilhabe_gestaerkt", "Soziale Teilhabe gestärkt"),
        ("konflikt_geloest", "Konflikt gelöst"),
        ("selbst_geloest", "Selbst gelöst (Hilfe zur Selbsthilfe)"),
        ("umzug", "Umzug in passende Wohnform"),
        ("kontakt_abgebrochen", "Kontakt abgebrochen"),
        ("verstorben", "Verstorben"),
        ("kein_bedarf", "Kein Bedarf"),
    ],
    "partner_kind": [
        ("pflegedienst", "Pflegedienst"),
        ("behoerde", "Behörde/Sozialamt"),
        ("schuldnerberatung", "Schuldnerberatung"),
        ("beratungsstelle", "Beratungsstelle"),
        ("arzt_gesundheit", "Arzt/Gesundheit"),
        ("wohlfahrtsverband", "Wohlfahrtsverband"),
        ("verein", "Verein"),
        ("nachbarschaftshilfe", "Nachbarschaftshilfe"),
        ("kirchgemeinde", "Kirchgemeinde"),
        ("sonstige", "Sonstige"),
    ],
    "activity_kind": [
        ("nachbarschaftstreff", "Nachbarschaftstreff"),
        ("kaffeenachmittag", "Kaffeenachmittag"),
        ("ausflug", "Ausflug"),
        ("informationsveranstaltung", "Informationsveranstaltung"),
        ("hoffest", "Hoffest"),
        ("kurs", "Kurs"),
        ("sonstiges", "Sonstiges"),
    ],
    "observation_kind": [
        ("briefkasten", "Briefkasten quillt über"),
        ("verwahrlosung", "Geruch/Verwahrlosung"),
        ("lange_nicht_gesehen", "Lange nicht gesehen"),
        ("mietrueckstand", "Mietrückstand"),
        ("konflikt", "Konflikt"),
        ("hilfebedarf", "Hilfebedarf geäußert"),
        ("sonstiges", "Sonstiges"),
    ],
}


def ensure_default_catalogues(session: Session) -> int:
    """Fill each catalogue that is still empty with its defaults; return entries added.

    A catalogue an admin has edited is left alone, so removed defaults do not come back.
    """
    added = 0
    for catalogue, entries in DEFAULTS.items():
        exists = session.scalar(select(func.count()).where(CatalogueEntry.catalogue == catalogue))
        if exists:
            continue
        for order, (raw_key, label) in enumerate(entries, start=1):
            key = raw_key.rstrip("*")
            session.add(
                CatalogueEntry(
                    catalogue=catalogue,
                    key=key,
                    label=label,
                    sort_order=order * 10,
                    active=True,
                    is_outreach=raw_key.endswith("*"),
                )
            )
            added += 1
    session.flush()
    return added


def entry_ids(session: Session, catalogue: str) -> dict[str, int]:
    """key -> id of one catalogue (active and inactive)."""
    rows = session.execute(
        select(CatalogueEntry.key, CatalogueEntry.id).where(CatalogueEntry.catalogue == catalogue)
    )
    return dict(rows.all())
