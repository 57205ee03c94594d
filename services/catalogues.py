"""The configurable lists (catalogues): German defaults and their administration."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Column, func, select
from sqlalchemy.orm import Session

from db.models import CATALOGUES, Base, CatalogueEntry, max_length
from services.actor import Actor
from services.audit import audit
from services.errors import Conflict, Invalid, NotFound
from services.permissions import require

# catalogue -> [(key, label)] ; access routes marked * count as outreach (indicator 4), those
# marked * or ~ as low-threshold (indicator "Niedrigschwelliger Zugang")
DEFAULTS: dict[str, list[tuple[str, str]]] = {
    "access_route": [
        ("aufsuchend*", "Aufsuchend (Kümmerer ging auf die Person zu)"),
        ("hinweis_nachbarschaft*", "Hinweis aus der Nachbarschaft"),
        ("hinweis_genossenschaft*", "Hinweis der Genossenschaft"),
        ("tuer_und_angel~", "Tür-und-Angel-Gespräch"),
        ("sprechstunde~", "Sprechstunde"),
        ("selbstmeldung", "Selbstmeldung (Anruf, Besuch)"),
        ("angehoerige", "Angehörige"),
        ("partner", "Vermittlung durch einen Partner"),
        ("quartiersaktivitaet~", "Bei einer Quartiersaktivität"),
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
    "focus_area": [
        ("aeltere_vereinsamung", "Ältere und Vereinsamung"),
        ("nachbarschaft", "Nachbarschaft und Miteinander"),
        ("existenzsicherung", "Mietschulden und Existenzsicherung"),
        ("familien", "Familien"),
        ("gesundheit_pflege", "Gesundheit und Pflege"),
        ("integration", "Integration"),
        ("quartiersentwicklung", "Quartiersentwicklung"),
    ],
    "job_title": [
        ("sozialer_hausmeister", "Sozialer Hausmeister"),
        ("sozialer_kuemmerer", "Sozialer Kümmerer"),
        ("sozialarbeit", "Sozialarbeiter/-in"),
        ("netzwerk", "Netzwerker/-in"),
    ],
    "funding": [
        ("foerl_pilot", "FöRL Soziale Arbeit (Pilot)"),
        ("transferpilot", "Transferpilot"),
        ("eigenmittel", "Eigenmittel der Genossenschaft"),
        ("sonstige", "Sonstige Förderung"),
    ],
    "help_kind": [
        ("arztbegleitung", "Begleitung zum Arzt oder zu Ämtern"),
        ("einkauf", "Einkauf"),
        ("besuch", "Gespräch / Besuch"),
        ("formulare", "Hilfe mit Formularen"),
        ("reparatur", "Kleine Reparatur"),
        ("spaziergang", "Spaziergang / Begleitung draußen"),
        ("technik", "Hilfe mit Telefon oder Computer"),
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
            key = raw_key.rstrip("*~")
            session.add(
                CatalogueEntry(
                    catalogue=catalogue,
                    key=key,
                    label=label,
                    sort_order=order * 10,
                    active=True,
                    is_outreach=raw_key.endswith("*"),
                    is_low_threshold=raw_key[-1:] in ("*", "~"),
                )
            )
            added += 1
    session.flush()
    from services.ratings import ensure_own_instrument  # the app's Einschätzung is a list too

    return added + ensure_own_instrument(session)


def entry_ids(session: Session, catalogue: str) -> dict[str, int]:
    """key -> id of one catalogue (active and inactive)."""
    rows = session.execute(
        select(CatalogueEntry.key, CatalogueEntry.id).where(CatalogueEntry.catalogue == catalogue)
    )
    return dict(rows.all())


# --- administration (Verwaltung → Kataloge) -------------------------------------------------
@dataclass(frozen=True)
class EntryRow:
    position: int  # 1 = first in the forms
    id: int
    key: str
    label: str
    active: bool
    is_outreach: bool
    version: int
    uses: int  # records referring to the entry: such an entry can be deactivated, not deleted
    is_low_threshold: bool = False
    feedback_days: int | None = None  # partner kinds: days until a referral's feedback is due


@dataclass(frozen=True)
class EntryChange:
    label: str
    active: bool
    is_outreach: bool
    version: int  # as shown in the form: detects a concurrent edit
    is_low_threshold: bool = False  # outreach routes are low-threshold whatever this says
    feedback_days: int | None = None  # partner kinds; None: the app's default period


def _referencing_columns() -> list[Column]:
    """Every column in the model that points at a catalogue entry, found from the foreign
    keys, so a table added later is counted without touching this module."""
    return [
        fk.parent
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == CatalogueEntry.__tablename__
    ]


def usage_counts(session: Session, entry_ids_: list[int]) -> dict[int, int]:
    counts = dict.fromkeys(entry_ids_, 0)
    if not entry_ids_:
        return counts
    for column in _referencing_columns():
        rows = session.execute(
            select(column, func.count()).where(column.in_(entry_ids_)).group_by(column)
        )
        for entry_id, n in rows:
            counts[entry_id] += n
    return counts


def _check_catalogue(catalogue: str) -> None:
    if catalogue not in CATALOGUES:
        raise NotFound("Diesen Katalog gibt es nicht.")


def list_entries(session: Session, actor: Actor, catalogue: str) -> list[EntryRow]:
    """All entries of one catalogue in their order, inactive ones included."""
    require(actor, "admin.catalogues")
    _check_catalogue(catalogue)
    entries = session.scalars(
        select(CatalogueEntry)
        .where(CatalogueEntry.catalogue == catalogue)
        .order_by(CatalogueEntry.sort_order, CatalogueEntry.id)
    ).all()
    uses = usage_counts(session, [e.id for e in entries])
    return [
        EntryRow(
            i,
            e.id,
            e.key,
            e.label,
            e.active,
            e.is_outreach,
            e.version,
            uses[e.id],
            e.is_low_threshold,
            e.feedback_days,
        )
        for i, e in enumerate(entries, start=1)
    ]


def _label_errors(session: Session, catalogue: str, label: str, own_id: int | None) -> str | None:
    if not label:
        return "Bitte geben Sie eine Bezeichnung ein."
    if len(label) > (limit := max_length(CatalogueEntry.label)):
        return f"Die Bezeichnung darf höchstens {limit} Zeichen lang sein."
    taken = session.scalar(
        select(CatalogueEntry.id).where(
            CatalogueEntry.catalogue == catalogue,
            func.lower(CatalogueEntry.label) == label.lower(),
            CatalogueEntry.id != (own_id or 0),
        )
    )
    if taken:
        return "Einen Eintrag mit dieser Bezeichnung gibt es in diesem Katalog schon."
    return None


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _new_key(session: Session, catalogue: str, label: str) -> str:
    """A stable ASCII key from the first label; indicators group by it forever."""
    base = re.sub(r"[^a-z0-9]+", "_", label.lower().translate(_UMLAUTS)).strip("_")[:40]
    base = base or "eintrag"
    taken = set(entry_ids(session, catalogue))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def add_entry(
    session: Session,
    actor: Actor,
    catalogue: str,
    label: str,
    is_outreach: bool = False,
    is_low_threshold: bool = False,
) -> CatalogueEntry:
    require(actor, "admin.catalogues")
    _check_catalogue(catalogue)
    label = label.strip()
    if problem := _label_errors(session, catalogue, label, None):
        raise Invalid({"label": problem})
    last = session.scalar(
        select(func.max(CatalogueEntry.sort_order)).where(CatalogueEntry.catalogue == catalogue)
    )
    entry = CatalogueEntry(
        catalogue=catalogue,
        key=_new_key(session, catalogue, label),
        label=label,
        sort_order=(last or 0) + 10,
        active=True,
        is_outreach=is_outreach and catalogue == "access_route",
        is_low_threshold=(is_outreach or is_low_threshold) and catalogue == "access_route",
    )
    session.add(entry)
    session.flush()
    audit(session, actor, "catalogue_entry_added", "catalogue_entry", entry.id, catalogue=catalogue)
    return entry


def _entry(session: Session, entry_id: int) -> CatalogueEntry:
    entry = session.get(CatalogueEntry, entry_id)
    if entry is None:
        raise NotFound("Diesen Katalogeintrag gibt es nicht (mehr).")
    return entry


def _is_last_active(session: Session, entry: CatalogueEntry) -> bool:
    others = session.scalar(
        select(func.count()).where(
            CatalogueEntry.catalogue == entry.catalogue,
            CatalogueEntry.active.is_(True),
            CatalogueEntry.id != entry.id,
        )
    )
    return entry.active and not others


LAST_ACTIVE = "Mindestens ein Eintrag des Katalogs muss aktiv bleiben, sonst kann niemand wählen."


def update_entry(
    session: Session, actor: Actor, entry_id: int, change: EntryChange
) -> CatalogueEntry:
    """Relabel, (de)activate, mark as outreach. The key stays, so history keeps its meaning."""
    require(actor, "admin.catalogues")
    entry = _entry(session, entry_id)
    if entry.version != change.version:
        raise Conflict()
    label = change.label.strip()
    errors: dict[str, str] = {}
    if problem := _label_errors(session, entry.catalogue, label, entry.id):
        errors["label"] = problem
    if not change.active and _is_last_active(session, entry):
        errors["active"] = LAST_ACTIVE
    if change.feedback_days is not None and not 1 <= change.feedback_days <= 365:
        errors["feedback_days"] = "Bitte 1 bis 365 Tage angeben (leer: 14 Tage)."
    if errors:
        raise Invalid(errors)
    changed = {
        "relabelled": entry.label != label,
        "activated": change.active and not entry.active,
        "deactivated": entry.active and not change.active,
        "outreach_changed": entry.catalogue == "access_route"
        and entry.is_outreach != change.is_outreach,
        "low_threshold_changed": entry.catalogue == "access_route"
        and entry.is_low_threshold != (change.is_outreach or change.is_low_threshold),
        "feedback_days_changed": entry.catalogue == "partner_kind"
        and entry.feedback_days != change.feedback_days,
    }
    entry.label, entry.active = label, change.active
    if entry.catalogue == "access_route":
        entry.is_outreach = change.is_outreach
        entry.is_low_threshold = change.is_outreach or change.is_low_threshold
    if entry.catalogue == "partner_kind":
        entry.feedback_days = change.feedback_days
    session.flush()
    audit(
        session,
        actor,
        "catalogue_entry_updated",
        "catalogue_entry",
        entry.id,
        catalogue=entry.catalogue,
        **{k: True for k, v in changed.items() if v},
    )
    return entry


def move_entry(session: Session, actor: Actor, entry_id: int, position: int) -> None:
    """Put an entry at ``position`` (1 = first; beyond the end: last); the order is what
    forms show."""
    require(actor, "admin.catalogues")
    entry = _entry(session, entry_id)
    siblings = list(
        session.scalars(
            select(CatalogueEntry)
            .where(CatalogueEntry.catalogue == entry.catalogue)
            .order_by(CatalogueEntry.sort_order, CatalogueEntry.id)
        )
    )
    if siblings.index(entry) == min(max(position, 1), len(siblings)) - 1:
        return  # already there: nothing to do
    siblings.remove(entry)
    siblings.insert(min(max(position, 1), len(siblings) + 1) - 1, entry)
    for number, sibling in enumerate(siblings, start=1):
        if sibling.sort_order != number * 10:
            sibling.sort_order = number * 10
    session.flush()
    audit(
        session,
        actor,
        "catalogue_entry_moved",
        "catalogue_entry",
        entry.id,
        catalogue=entry.catalogue,
        position=siblings.index(entry) + 1,
    )


def delete_entry(session: Session, actor: Actor, entry_id: int) -> None:
    """Only an entry no record uses can go; a used one can be deactivated instead."""
    require(actor, "admin.catalogues")
    entry = _entry(session, entry_id)
    uses = usage_counts(session, [entry.id])[entry.id]
    if uses:
        raise Invalid(
            {},
            f"„{entry.label}“ wird in {uses} Datensätzen verwendet und kann nicht gelöscht "
            "werden. Deaktivieren Sie den Eintrag stattdessen: Dann wird er nicht mehr "
            "angeboten, bleibt aber in der Auswertung erhalten.",
        )
    if _is_last_active(session, entry):
        raise Invalid({}, LAST_ACTIVE)
    catalogue = entry.catalogue
    session.delete(entry)
    session.flush()
    audit(
        session, actor, "catalogue_entry_deleted", "catalogue_entry", entry_id, catalogue=catalogue
    )


# --- choices for forms ---------------------------------------------------------------------
@dataclass(frozen=True)
class Option:
    id: int
    key: str
    label: str


def labels(entries: Iterable[Option]) -> dict[int, str]:
    """The entries' labels by id, as a choice shows them."""
    return {o.id: o.label for o in entries}


def options(session: Session, catalogue: str) -> list[Option]:
    """The active entries of a catalogue in their order: what forms offer."""
    rows = session.execute(
        select(CatalogueEntry.id, CatalogueEntry.key, CatalogueEntry.label)
        .where(CatalogueEntry.catalogue == catalogue, CatalogueEntry.active.is_(True))
        .order_by(CatalogueEntry.sort_order, CatalogueEntry.id)
    ).all()
    return [Option(*r) for r in rows]


def chosen_entries(
    session: Session, catalogue: str, ids: list[int] | tuple[int, ...]
) -> list[CatalogueEntry] | None:
    """The entries for ids chosen in a form, or None if one is not an active entry of the
    catalogue (a stale form, or a crafted request)."""
    if not ids:
        return []
    entries = session.scalars(
        select(CatalogueEntry).where(
            CatalogueEntry.id.in_(set(ids)),
            CatalogueEntry.catalogue == catalogue,
            CatalogueEntry.active.is_(True),
        )
    ).all()
    return list(entries) if len(entries) == len(set(ids)) else None
