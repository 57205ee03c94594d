"""Synthetic, reproducible demo data: eight Saxon cooperatives, two years of work.

Everything is invented (names, addresses, notes). The same generator, with ``scale``, feeds the
benchmark. Distributions tell a story: early detection improves over time, crises become rarer,
rent-debt cases often end with "Wohnungsverlust verhindert".
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from config import local_today
from db.bulk import insert_links, insert_returning_ids
from db.models import (
    CATALOGUES,
    Activity,
    Case,
    CaseStatusChange,
    Consent,
    Contact,
    Cooperative,
    FollowUp,
    Meeting,
    MeetingAction,
    MeetingMethod,
    MeetingTopic,
    Partner,
    PartnerCity,
    PartnerContactPerson,
    Person,
    Referral,
    Signal,
    User,
    Volunteer,
    VolunteerAssignment,
    activity_partner,
    activity_volunteer,
    case_outcome,
    case_problem_area,
    contact_intervention,
    contact_topic,
    meeting_attendee,
    partner_help_area,
    signal_observation,
)
from db.record_keys import seeded
from services.audit import audit
from services.catalogues import ensure_default_catalogues, entry_ids
from services.crypto import encrypt_text
from services.demo_approaches import seed_approaches
from services.demo_chains import seed_chains
from services.demo_ratings import seed_ratings
from services.errors import Invalid
from services.issuer import seed_demo_issuer
from services.passwords import hash_password

DEMO_PASSWORD = "demo-kuemmern-2026"

# name, pseudonym prefix, city, housing units
COOPERATIVES = [
    ("Wohnungsgenossenschaft Bautzen eG", "WGB", "Bautzen", 2100),
    ("Chemnitzer Siedlungsgemeinschaft eG", "CSG", "Chemnitz", 4800),
    ("Wohnungsgenossenschaft Dresden-Süd eG", "WDS", "Dresden", 6200),
    ("Wohnungsgenossenschaft Döbeln eG", "WGD", "Döbeln", 1400),
    ("Wohnungsgenossenschaft Olbernhau eG", "WGO", "Olbernhau", 600),
    ("Bergbau-Wohnungsgenossenschaft Schneeberg eG", "BWS", "Schneeberg", 900),
    ("Wohnungsgenossenschaft Werdau eG", "WGW", "Werdau", 1100),
    ("Zwickauer Wohnungsgenossenschaft eG", "ZWG", "Zwickau", 3900),
]

FIRST_NAMES = [
    "Anna",
    "Brigitte",
    "Christa",
    "Doris",
    "Edith",
    "Elke",
    "Erika",
    "Gisela",
    "Hannelore",
    "Heidi",
    "Helga",
    "Ilse",
    "Ingrid",
    "Karin",
    "Renate",
    "Monika",
    "Petra",
    "Sabine",
    "Ursula",
    "Waltraud",
    "Gerda",
    "Ruth",
    "Marlies",
    "Jana",
    "Katrin",
    "Nicole",
    "Sandra",
    "Mandy",
    "Peggy",
    "Ramona",
    "Bernd",
    "Dieter",
    "Frank",
    "Gerhard",
    "Günter",
    "Hans",
    "Heinz",
    "Horst",
    "Jürgen",
    "Klaus",
    "Lothar",
    "Manfred",
    "Peter",
    "Rainer",
    "Siegfried",
    "Uwe",
    "Werner",
    "Wolfgang",
    "Jens",
    "Steffen",
    "Thomas",
    "Ronny",
    "Sven",
    "Mario",
    "Andreas",
    "Lukas",
    "Leon",
    "Emma",
    "Mia",
    "Sophie",
    "Paul",
    "Finn",
]
LAST_NAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Köhler",
    "Herrmann",
    "Walter",
    "König",
    "Mayer",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Möller",
    "Weiß",
    "Jung",
    "Hahn",
    "Vogel",
    "Friedrich",
    "Keller",
    "Günther",
    "Frank",
    "Berger",
    "Winkler",
    "Roth",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
    "Schuster",
    "Simon",
    "Ludwig",
    "Böhm",
    "Winter",
    "Kraus",
    "Martin",
    "Schumacher",
    "Seidel",
    "Kühn",
    "Ullrich",
    "Heinrich",
    "Pohl",
    "Engel",
    "Horn",
    "Busch",
    "Bergmann",
    "Thomas",
    "Voigt",
    "Sauer",
    "Arnold",
]
STREETS = [
    "Straße der Einheit",
    "Lindenstraße",
    "Am Rosenhof",
    "Bahnhofstraße",
    "Goethestraße",
    "Schillerstraße",
    "Karl-Marx-Allee",
    "Thomas-Müntzer-Platz",
    "Am Wiesengrund",
    "Birkenweg",
    "Erich-Weinert-Straße",
    "Friedensstraße",
    "Parkstraße",
    "Ringstraße",
    "Uhlandstraße",
    "Lessingstraße",
    "Am Sonnenhang",
    "Rosa-Luxemburg-Straße",
    "Heinrich-Heine-Straße",
    "Fritz-Reuter-Straße",
]
NOTES = [
    "Gespräch im Treppenhaus, wirkt erschöpft. Nachfassen vereinbart.",
    "Hausbesuch: Wohnung ordentlich, aber Kühlschrank fast leer.",
    "Angehörige informiert, Tochter kommt am Wochenende.",
    "Antrag auf Wohngeld gemeinsam ausgefüllt.",
    "Möchte gern zum Kaffeenachmittag kommen, braucht Begleitung.",
    "Mahnung der Genossenschaft besprochen, Ratenzahlung angeregt.",
    "Pflegegrad beantragt, Termin MDK steht aus.",
    "Konflikt mit Nachbarn wegen Lärm, Gespräch mit beiden geführt.",
]
MEETING_METHODS = [
    ("Motivierende Gesprächsführung", "Grundhaltung und Techniken für schwierige Gespräche"),
    ("Netzwerkkarte", "Das eigene Hilfenetz im Quartier sichtbar machen"),
    ("Kollegiale Fallberatung", "Strukturierter Ablauf in sechs Schritten"),
    ("Erkennen von Verwahrlosung", "Frühe Anzeichen und respektvolles Ansprechen"),
    ("Schuldnerberatung kompakt", "Ablauf, Zuständigkeiten, Pfändungsschutzkonto"),
    ("Datenschutz in der Praxis", "Einwilligung, Schweigepflichtentbindung, Dokumentation"),
    ("Umgang mit Demenz", "Kommunikation und Entlastung der Angehörigen"),
    ("Deeskalation", "Konflikte im Haus entschärfen"),
]
PARTNER_TEMPLATES = [
    ("pflegedienst", "Ambulanter Pflegedienst {last}", ["pflege", "gesundheit"]),
    ("pflegedienst", "Häusliche Krankenpflege {city}", ["pflege", "gesundheit"]),
    ("behoerde", "Sozialamt {city}", ["mietschulden", "behoerden", "pflege"]),
    ("schuldnerberatung", "Schuldner- und Insolvenzberatung {city}", ["mietschulden"]),
    ("beratungsstelle", "Sozialpsychiatrischer Dienst {city}", ["psychische_belastung", "sucht"]),
    ("beratungsstelle", "Suchtberatung {city}", ["sucht"]),
    ("arzt_gesundheit", "Hausarztpraxis Dr. {last}", ["gesundheit"]),
    ("wohlfahrtsverband", "Volkssolidarität {city}", ["vereinsamung", "pflege", "mobilitaet"]),
    ("wohlfahrtsverband", "Diakonie {city}", ["familie", "psychische_belastung", "vereinsamung"]),
    ("verein", "Seniorenbegegnungsstätte {city} e.V.", ["vereinsamung"]),
    ("nachbarschaftshilfe", "Nachbarschaftshilfe {city} e.V.", ["vereinsamung", "mobilitaet"]),
    ("kirchgemeinde", "Ev.-Luth. Kirchgemeinde {city}", ["vereinsamung", "familie"]),
    ("sonstige", "Migrationsberatung {city}", ["sprache", "behoerden"]),
    ("beratungsstelle", "Wohnberatung {city}", ["wohnen", "mobilitaet"]),
]
PROBLEM_WEIGHTS = {
    "vereinsamung": 22,
    "verwahrlosung": 8,
    "mietschulden": 16,
    "pflege": 18,
    "gesundheit": 14,
    "psychische_belastung": 9,
    "sucht": 4,
    "nachbarschaftskonflikt": 8,
    "behoerden": 14,
    "mobilitaet": 7,
    "wohnen": 5,
    "familie": 4,
    "sprache": 3,
    "sonstiges": 3,
}
ROUTE_WEIGHTS_ESTABLISHED = {
    "aufsuchend": 16,
    "hinweis_nachbarschaft": 14,
    "hinweis_genossenschaft": 16,
    "tuer_und_angel": 16,
    "sprechstunde": 12,
    "selbstmeldung": 12,
    "angehoerige": 6,
    "partner": 4,
    "quartiersaktivitaet": 6,
}
LOW_THRESHOLD_ROUTES = {"aufsuchend", "hinweis_nachbarschaft", "hinweis_genossenschaft",
                        "tuer_und_angel", "sprechstunde", "quartiersaktivitaet"}  # fmt: skip
# In the first year outreach is still being built up.
ROUTE_WEIGHTS_START = {**ROUTE_WEIGHTS_ESTABLISHED, "aufsuchend": 6, "hinweis_genossenschaft": 8}
ACTIVITY_TITLES = {
    "nachbarschaftstreff": "Nachbarschaftstreff im Gemeinschaftsraum",
    "kaffeenachmittag": "Kaffeenachmittag",
    "ausflug": "Ausflug ins Erzgebirge",
    "informationsveranstaltung": "Informationsnachmittag Pflege und Vorsorge",
    "hoffest": "Hoffest",
    "kurs": "Smartphone-Kurs für Senioren",
    "sonstiges": "Spielenachmittag",
}


@dataclass
class DemoSummary:
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, coop
    counts: dict[str, int] = field(default_factory=dict)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _day(start: dt.date, end: dt.date, rng: random.Random) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _demo_signals(rng, coop, reporter, cat, case_ids, case_rows, start, until) -> list[dict]:
    """Signals of the cooperative's staff: one before each case that came in through them,
    and about as many again that needed no case (a few still new)."""
    observations = sorted(cat["observation_kind"])
    route = cat["access_route"]["hinweis_genossenschaft"]

    def row(day: dt.date, **kw) -> dict:
        at = dt.datetime.combine(day, dt.time(rng.randint(7, 15)), dt.UTC)
        base = dict(
            cooperative_id=coop.id,
            reported_by_id=reporter.id if reporter else None,
            location=f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
            observation_id=cat["observation_kind"][rng.choice(observations)],
            tenant_informed=rng.random() < 0.4,
            created_at=at,
            updated_at=at,
            note_enc=None,
        )
        return base | kw

    rows = [
        row(
            c["opened_on"] - dt.timedelta(days=rng.randint(0, 3)),
            urgency=c["urgency"],
            case_id=cid,
            status="erledigt" if c["status"] == "abgeschlossen" else "in_bearbeitung",
            closed_reason="fall" if c["status"] == "abgeschlossen" else None,
        )
        for cid, c in zip(case_ids, case_rows)
        if c["access_route_id"] == route
    ]
    for _ in range(len(rows) + 2):
        day = _day(start, until, rng)
        new = (until - day).days < 5
        reason = rng.choice(["kein_handlungsbedarf", "bereits_bekannt", "nicht_zustaendig"])
        rows.append(
            row(
                day,
                urgency=rng.choice(["frueh", "frueh", "akut"]),
                case_id=None,
                status="eingegangen" if new else "erledigt",
                closed_reason=None if new else reason,
            )
        )
    return rows


@dataclass
class _World:
    """What every part of the demo shares: one random sequence (the demo is reproducible by
    its seed, so the parts draw in the order they always did), the catalogues, the two years
    and the counts of the summary."""

    session: Session
    rng: random.Random
    signal_rng: random.Random
    cat: dict[str, dict[str, int]]
    start: dt.date
    until: dt.date
    scale: float
    summary: DemoSummary
    counts: dict[str, int] = field(default_factory=dict)
    partner_ids: list[int] = field(default_factory=list)
    partner_meta: list[tuple] = field(default_factory=list)
    partners_by_city_area: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    @property
    def total_days(self) -> int:
        return (self.until - self.start).days


def _accounts(w: _World, admin_exists: bool | None):
    """Cooperatives and accounts."""
    session, rng, summary = w.session, w.rng, w.summary
    pw_hash = hash_password(DEMO_PASSWORD)
    # cooperatives and accounts
    coops: list[Cooperative] = []
    for name, code, city, units in COOPERATIVES:
        coop = Cooperative(name=name, code=code, city=city, housing_units=units, active=True)
        session.add(coop)
        coops.append(coop)
    session.flush()

    taken = set(session.scalars(select(User.username)).all())

    def add_user(username: str, name: str, role: str, coop: Cooperative | None) -> User | None:
        if username in taken:
            return None
        user = User(
            username=username,
            display_name=name,
            email=f"{username}@example.org",
            password_hash=pw_hash,
            role=role,
            cooperative_id=coop.id if coop else None,
        )
        session.add(user)
        taken.add(username)
        summary.accounts.append((username, role, coop.name if coop else ""))
        return user

    if admin_exists is None:
        admin_exists = bool(session.scalar(select(func.count()).where(User.role == "admin")))
    if not admin_exists:
        add_user("admin", "Demo Administration", "admin", None)
    coordinators = [
        add_user("koordination", "Katrin Vogel (VSWG)", "koordination", None),
        add_user("begleitung", "Jens Albrecht (Begleitetes Wohnen e.V.)", "koordination", None),
    ]
    kuemmerer: dict[int, User] = {}
    staff: dict[int, User | None] = {}
    for coop in coops:
        slug = coop.city.lower().replace("ö", "oe")
        first, last = rng.choice(FIRST_NAMES[:30]), rng.choice(LAST_NAMES)
        k = add_user(f"kuemmerer.{slug}", f"{first} {last}", "kuemmerer", coop)
        staff[coop.id] = add_user(
            f"gen.{slug}", f"Hausverwaltung {coop.city}", "genossenschaft", coop
        )
        if k is not None:
            kuemmerer[coop.id] = k
    session.flush()

    return coops, coordinators, kuemmerer, staff


def _partners(w: _World, coops: list[Cooperative]) -> None:
    """The partner network, by city and help area."""
    session, rng, cat, until = w.session, w.rng, w.cat, w.until
    # partner network
    partner_rows, partner_meta = [], []
    for coop in coops:
        for kind, template, areas in PARTNER_TEMPLATES:
            if rng.random() < 0.15:
                continue
            name = template.format(city=coop.city, last=rng.choice(LAST_NAMES))
            verified = (
                _day(until - dt.timedelta(days=500), until, rng) if rng.random() < 0.8 else None
            )
            partner_rows.append(
                dict(
                    name=name,
                    kind_id=cat["partner_kind"][kind],
                    street=f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
                    city=coop.city,
                    postcode=f"0{rng.randint(1000, 9999)}",
                    phone=f"0{rng.randint(300, 399)} {rng.randint(100000, 999999)}",
                    email=f"kontakt{len(partner_rows)}@example.org",
                    opening_hours="Mo–Do 8–16 Uhr, Fr 8–12 Uhr",
                    last_verified_on=verified,
                    active=rng.random() > 0.05,
                    version=1,
                )
            )
            partner_meta.append((coop.city, kind, areas))
    partner_ids = insert_returning_ids(session, Partner, partner_rows)
    insert_links(
        session,
        PartnerCity.__table__,
        [{"partner_id": pid, "city": city} for pid, (city, _, _) in zip(partner_ids, partner_meta)],
    )
    insert_links(
        session,
        partner_help_area,
        [
            {"partner_id": pid, "entry_id": cat["problem_area"][a]}
            for pid, (_, _, areas) in zip(partner_ids, partner_meta)
            for a in areas
        ],
    )
    insert_links(
        session,
        PartnerContactPerson.__table__,
        [
            {
                "partner_id": pid,
                "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "function": rng.choice(
                    ["Leitung", "Sozialarbeit", "Beratung", "Pflegedienstleitung"]
                ),
                "phone": None,
                "email": None,
            }
            for pid in partner_ids
        ],
    )
    partners_by_city_area: dict[tuple[str, str], list[int]] = {}
    for pid, (city, _, areas) in zip(partner_ids, partner_meta):
        for a in areas:
            partners_by_city_area.setdefault((city, a), []).append(pid)

    w.partner_ids, w.partner_meta = partner_ids, partner_meta
    w.partners_by_city_area = partners_by_city_area


def _persons(w: _World, coop: Cooperative) -> list[int]:
    """The cooperative's persons and their consents."""
    session, rng, start = w.session, w.rng, w.start
    scale, counts = w.scale, w.counts
    n_persons = max(8, int(coop.housing_units / 25 * scale))
    person_rows = []
    for i in range(1, n_persons + 1):
        named = rng.random() < 0.85
        person = dict(
            cooperative_id=coop.id,
            pseudonym=f"{coop.code}-{i:04d}",
            first_name=rng.choice(FIRST_NAMES) if named else None,
            last_name=rng.choice(LAST_NAMES) if named else None,
            street=rng.choice(STREETS) if named else None,
            house_no=str(rng.randint(1, 60)) if named else None,
            flat=f"{rng.randint(0, 5)}. OG {rng.choice(['links', 'rechts', 'Mitte'])}"
            if named
            else None,
            phone=f"0{rng.randint(300, 399)} {rng.randint(100000, 999999)}"
            if named and rng.random() < 0.6
            else None,
        )
        # the draw of the birth year (dropped, migration 0008): the demo stays as it was
        if named:
            rng.randint(1930, 2000)
        person_rows.append(
            dict(
                person,
                age_group=rng.choices(
                    ["unter_30", "30_49", "50_64", "65_79", "80_plus"],
                    weights=[6, 14, 20, 35, 25],
                )[0],
                household_type=rng.choices(
                    ["allein", "paar", "familie", "alleinerziehend", "sonstige"],
                    weights=[55, 25, 10, 7, 3],
                )[0],
                version=1,
            )
        )
    person_ids = insert_returning_ids(session, Person, person_rows)
    counts["persons"] += len(person_ids)
    insert_links(
        session,
        Consent.__table__,
        [
            {
                "person_id": pid,
                "kind": "dokumentation",
                "partner_id": None,
                "given_on": start,
                "form": rng.choice(["schriftlich", "muendlich"]),
                "valid_until": None,
                "withdrawn_on": None,
            }
            for pid in person_ids
            if rng.random() < 0.9
        ],
    )

    return person_ids


def _cases(w: _World, coop: Cooperative, owner_id: int | None, person_ids: list[int]):
    """Cases of the persons, with their problem areas."""
    session, rng, cat, start, until = w.session, w.rng, w.cat, w.start, w.until
    total_days, counts = w.total_days, w.counts
    # cases
    case_rows, case_meta = [], []
    for pid in person_ids:
        for _ in range(1 if rng.random() < 0.85 else 2):
            opened = _day(start, until, rng)
            progress = (opened - start).days / total_days  # 0 .. 1 over the two years
            route = _weighted(
                rng, ROUTE_WEIGHTS_ESTABLISHED if progress > 0.5 else ROUTE_WEIGHTS_START
            )
            # what low-threshold work is for: who is met at the door is met earlier
            early, crisis = (0.35, 0.20) if route in LOW_THRESHOLD_ROUTES else (0.12, 0.40)
            urgency = rng.choices(
                ["frueh", "akut", "krise"],
                weights=[
                    early + 0.25 * progress,
                    0.45 - 0.10 * progress,
                    crisis - 0.15 * progress,
                ],
            )[0]
            areas = set()
            for _ in range(rng.choice([1, 1, 2, 2, 3])):
                areas.add(_weighted(rng, PROBLEM_WEIGHTS))
            age = (until - opened).days
            closed_on, status = None, "offen"
            if age > 30 and rng.random() < min(0.9, age / 300):
                closed_on = min(until, opened + dt.timedelta(days=rng.randint(7, 240)))
                status = "abgeschlossen"
            elif age > 60:
                status = rng.choice(["in_bearbeitung", "in_bearbeitung", "ruhend"])
            elif age > 7:
                status = "in_bearbeitung"
            case_rows.append(
                dict(
                    person_id=pid,
                    cooperative_id=coop.id,
                    responsible_user_id=owner_id,
                    opened_on=opened,
                    access_route_id=cat["access_route"][route],
                    urgency=urgency,
                    status=status,
                    closed_on=closed_on,
                    version=1,
                )
            )
            case_meta.append((opened, closed_on, status, areas, urgency))
    case_ids = insert_returning_ids(session, Case, case_rows)
    counts["cases"] += len(case_ids)
    insert_links(
        session,
        case_problem_area,
        [
            {"case_id": cid, "entry_id": cat["problem_area"][a]}
            for cid, meta in zip(case_ids, case_meta)
            for a in meta[3]
        ],
    )

    return case_ids, case_rows, case_meta


@dataclass
class _CaseRows:
    """The rows of one cooperative's case histories, inserted together."""

    status: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    contact_links: list[tuple] = field(default_factory=list)
    referrals: list[dict] = field(default_factory=list)
    follow_ups: list[dict] = field(default_factory=list)
    outcomes: list[dict] = field(default_factory=list)


def _status_history(
    w: _World, rows: _CaseRows, coop: Cooperative, owner_id: int | None, cid: int, case: tuple
) -> None:
    """The case's status changes."""
    opened, closed_on, status, _areas, _urgency = case
    status_rows = rows.status
    status_rows.append(
        dict(
            case_id=cid,
            from_status=None,
            to_status="offen",
            changed_at=dt.datetime.combine(opened, dt.time(9), dt.UTC),
            user_id=owner_id,
        )
    )
    if status != "offen":
        status_rows.append(
            dict(
                case_id=cid,
                from_status="offen",
                to_status=status,
                changed_at=dt.datetime.combine(
                    closed_on or opened + dt.timedelta(days=7), dt.time(15), dt.UTC
                ),
                user_id=owner_id,
            )
        )


def _contacts_of(
    w: _World, rows: _CaseRows, coop: Cooperative, owner_id: int | None, cid: int, case: tuple
) -> None:
    """The case's contacts with their topics and interventions."""
    opened, closed_on, _status, areas, urgency = case
    last_day = closed_on or w.until
    rng, cat = w.rng, w.cat
    contact_rows, contact_links = rows.contacts, rows.contact_links
    n_contacts = rng.randint(1, 4) + (3 if urgency == "krise" else 0) + rng.randint(0, 4)
    for j in range(n_contacts):
        day = opened if j == 0 else _day(opened, last_day, rng)
        kind = rng.choices(
            [
                "hausbesuch",
                "sprechstunde",
                "telefon",
                "tuer_und_angel",
                "begleitung",
                "schriftlich",
                "fallbesprechung",
            ],
            weights=[30, 15, 25, 15, 7, 4, 4],
        )[0]
        contact_rows.append(
            dict(
                case_id=cid,
                cooperative_id=coop.id,
                contact_date=day,
                minutes=rng.choice([10, 15, 20, 30, 45, 60, 90]),
                kind_id=cat["contact_kind"][kind],
                created_by_id=owner_id,
                # entered the same morning: time from a signal to the contact is real
                created_at=dt.datetime.combine(day, dt.time(10), dt.UTC),
                note_enc=encrypt_text(rng.choice(NOTES)) if rng.random() < 0.3 else None,
            )
        )
        contact_links.append(
            (
                sorted(areas)[: rng.randint(1, len(areas))],
                rng.sample(sorted(cat["intervention"]), rng.randint(1, 2)),
            )
        )


def _referrals_of(
    w: _World, rows: _CaseRows, coop: Cooperative, owner_id: int | None, cid: int, case: tuple
) -> bool:
    """Referrals for the case's problem areas; True if there was one."""
    opened, closed_on, _status, areas, _urgency = case
    last_day = closed_on or w.until
    rng, cat, until = w.rng, w.cat, w.until
    referral_rows, partners_by_city_area = rows.referrals, w.partners_by_city_area
    referred = False
    for area in sorted(areas):
        candidates = partners_by_city_area.get((coop.city, area))
        if not candidates or rng.random() > 0.55:
            continue
        referred = True
        day = min(last_day, opened + dt.timedelta(days=rng.randint(0, 40)))
        final = rng.choices(
            list(("angenommen", "erledigt", "abgelehnt", "nicht_wahrgenommen", "angefragt")),
            weights=[30, 40, 8, 7, 15],
        )[0]
        if closed_on and final == "angefragt":
            final = "erledigt"
        partner_id = rng.choice(candidates)
        status_on = min(until, day + dt.timedelta(days=rng.randint(0, 20)))
        referral_rows.append(
            dict(
                case_id=cid,
                partner_id=partner_id,
                referred_on=day,
                need_id=cat["problem_area"][area],
                status=final,
                status_on=status_on,
                first_response_on=None if final == "angefragt" else status_on,
                created_by_id=owner_id,
                version=1,
            )
        )
    return referred


def _closing_of(
    w: _World, rows: _CaseRows, owner_id: int | None, cid: int, case: tuple, referred: bool
) -> None:
    """A closed case's outcomes and its last follow-up, or an open case's next one."""
    opened, closed_on, status, areas, urgency = case
    rng, cat, until = w.rng, w.cat, w.until
    follow_rows, outcome_rows = rows.follow_ups, rows.outcomes
    if closed_on:
        outcomes = set()
        if "mietschulden" in areas:
            outcomes.add(rng.choice(["wohnungsverlust_verhindert", "mietschulden_reguliert"]))
        if "pflege" in areas and rng.random() < 0.7:
            outcomes.add("pflege_organisiert")
        if "vereinsamung" in areas and rng.random() < 0.7:
            outcomes.add("teilhabe_gestaerkt")
        if not referred and rng.random() < 0.6:
            outcomes.add("selbst_geloest")
        r = rng.random()
        if r < 0.06:
            outcomes = {"kontakt_abgebrochen"}
        elif r < 0.09:
            outcomes = {"verstorben"}
        elif r < 0.13 or not outcomes:
            outcomes = outcomes or {"kein_bedarf"}
        outcome_rows.extend({"case_id": cid, "entry_id": cat["outcome"][o]} for o in outcomes)
        follow_rows.append(
            dict(
                case_id=cid,
                due_on=closed_on,
                text="Abschlussgespräch",
                done_on=closed_on,
                user_id=owner_id,
            )
        )
    else:
        due = until + dt.timedelta(days=rng.randint(-10, 21))
        follow_rows.append(
            dict(
                case_id=cid,
                due_on=due,
                user_id=owner_id,
                done_on=None,
                text=rng.choice(
                    [
                        "Nachfragen, ob Antrag bewilligt",
                        "Hausbesuch wiederholen",
                        "Rückmeldung Pflegedienst einholen",
                        "Termin Schuldnerberatung nachhalten",
                    ]
                ),
            )
        )


def _case_work(
    w: _World, coop: Cooperative, owner_id: int | None, case_ids: list[int], case_meta: list
) -> None:
    """Each case's history: status changes, contacts, referrals, outcomes, follow-ups."""
    session, cat, counts = w.session, w.cat, w.counts
    rows = _CaseRows()
    status_rows, contact_rows, contact_links = rows.status, rows.contacts, rows.contact_links
    referral_rows, follow_rows, outcome_rows = rows.referrals, rows.follow_ups, rows.outcomes
    for cid, case in zip(case_ids, case_meta):
        _status_history(w, rows, coop, owner_id, cid, case)
        _contacts_of(w, rows, coop, owner_id, cid, case)
        referred = _referrals_of(w, rows, coop, owner_id, cid, case)
        _closing_of(w, rows, owner_id, cid, case, referred)
    insert_links(session, CaseStatusChange.__table__, status_rows)
    contact_ids = insert_returning_ids(session, Contact, contact_rows)
    insert_links(
        session,
        contact_topic,
        [
            {"contact_id": c, "entry_id": cat["problem_area"][a]}
            for c, (topics, _) in zip(contact_ids, contact_links)
            for a in topics
        ],
    )
    insert_links(
        session,
        contact_intervention,
        [
            {"contact_id": c, "entry_id": cat["intervention"][i]}
            for c, (_, ints) in zip(contact_ids, contact_links)
            for i in ints
        ],
    )
    insert_links(session, Referral.__table__, referral_rows)
    insert_links(session, case_outcome, outcome_rows)
    insert_links(session, FollowUp.__table__, follow_rows)
    counts["contacts"] += len(contact_ids)
    counts["referrals"] += len(referral_rows)
    counts["follow_ups"] += len(follow_rows)


def _quick_contacts(w: _World, coop: Cooperative, owner_id: int | None) -> None:
    """Quick contacts: anonymous, a few per week, more as the Kümmerer becomes known."""
    session, rng, cat, start, until = w.session, w.rng, w.cat, w.start, w.until
    scale, counts, total_days = w.scale, w.counts, w.total_days
    # quick contacts: anonymous, a few per week, more as the Kümmerer becomes known
    quick_rows, quick_topics = [], []
    weekly = max(1.0, coop.housing_units / 450 * scale)
    for week in range(total_days // 7 + 1):
        progress = week * 7 / total_days
        for _ in range(int(rng.gauss(weekly * (0.7 + 0.6 * progress), 1.5))):
            day = start + dt.timedelta(days=week * 7 + rng.randint(0, 4))
            if day > until:
                continue
            quick_rows.append(
                dict(
                    case_id=None,
                    cooperative_id=coop.id,
                    contact_date=day,
                    minutes=rng.choice([5, 5, 10, 10, 15]),
                    kind_id=cat["contact_kind"][
                        rng.choice(["tuer_und_angel", "tuer_und_angel", "telefon", "sprechstunde"])
                    ],
                    created_by_id=owner_id,
                )
            )
            quick_topics.append(_weighted(rng, PROBLEM_WEIGHTS))
    quick_ids = insert_returning_ids(session, Contact, quick_rows)
    insert_links(
        session,
        contact_topic,
        [
            {"contact_id": c, "entry_id": cat["problem_area"][t]}
            for c, t in zip(quick_ids, quick_topics)
        ],
    )
    counts["quick_contacts"] += len(quick_ids)


def _volunteers(w: _World, coop: Cooperative, case_ids: list[int]) -> list[int]:
    """Volunteers with their assignments."""
    session, rng, start, until = w.session, w.rng, w.start, w.until
    scale, counts = w.scale, w.counts
    vol_ids = insert_returning_ids(
        session,
        Volunteer,
        [
            dict(
                cooperative_id=coop.id,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                phone=None,
                email=None,
                active=True,
                qualification="Alltagsbegleiter (Schulung abgeschlossen)"
                if rng.random() < 0.5
                else None,
                availability=rng.choice(["vormittags", "nachmittags", "flexibel"]),
            )
            for _ in range(max(2, int(coop.housing_units / 600 * scale) + 2))
        ],
    )
    counts["volunteers"] += len(vol_ids)
    assignment_rows = []
    for vid in vol_ids:
        for _ in range(rng.randint(5, 40)):
            cid = rng.choice(case_ids) if case_ids and rng.random() < 0.5 else None
            assignment_rows.append(
                dict(
                    volunteer_id=vid,
                    case_id=cid,
                    person_id=None,
                    assigned_on=_day(start, until, rng),
                    hours=Decimal(rng.choice(["1.00", "1.50", "2.00", "3.00"])),
                    activity=rng.choice(
                        [
                            "Einkaufsbegleitung",
                            "Besuch",
                            "Arztbegleitung",
                            "Spaziergang",
                            "Hilfe beim Ausfüllen von Formularen",
                        ]
                    ),
                )
            )
    insert_links(session, VolunteerAssignment.__table__, assignment_rows)
    return vol_ids


def _activities(w: _World, coop: Cooperative, owner_id: int | None, vol_ids: list[int]) -> None:
    """Neighbourhood activities, with volunteers and partners taking part."""
    session, rng, cat, start, until = w.session, w.rng, w.cat, w.start, w.until
    counts, partner_ids, partner_meta = w.counts, w.partner_ids, w.partner_meta
    activity_rows = []
    for month in range(24):
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(list(ACTIVITY_TITLES))
            activity_rows.append(
                dict(
                    cooperative_id=coop.id,
                    title=ACTIVITY_TITLES[kind],
                    held_on=min(until, start + dt.timedelta(days=month * 30 + rng.randint(0, 29))),
                    kind_id=cat["activity_kind"][kind],
                    participants=rng.randint(4, 35),
                    created_by_id=owner_id,
                )
            )
    activity_ids = insert_returning_ids(session, Activity, activity_rows)
    counts["activities"] += len(activity_ids)
    insert_links(
        session,
        activity_volunteer,
        [
            {"activity_id": a, "volunteer_id": v}
            for a in activity_ids
            for v in rng.sample(vol_ids, min(len(vol_ids), rng.randint(0, 2)))
        ],
    )
    city_partners = [pid for pid, m in zip(partner_ids, partner_meta) if m[0] == coop.city]
    insert_links(
        session,
        activity_partner,
        [
            {"activity_id": a, "partner_id": rng.choice(city_partners)}
            for a in activity_ids
            if city_partners and rng.random() < 0.3
        ],
    )


def _meetings(w: _World, coordinators: list, kuemmerer: dict) -> None:
    """Exchange meetings, every two months."""
    session, rng, start, until = w.session, w.rng, w.start, w.until
    counts = w.counts
    # exchange meetings, every two months
    coordinator = next((c for c in coordinators if c is not None), None)
    all_kuemmerer = list(kuemmerer.values())
    for n, month in enumerate(range(1, 24, 2)):
        held = start + dt.timedelta(days=month * 30 + 10)
        if held > until:
            break
        meeting = Meeting(
            held_on=held,
            place=rng.choice(["VSWG Dresden", "Chemnitz+", "online"]),
            minutes_text="Austausch zu aktuellen Fällen und Methoden.",
            created_by_id=coordinator.id if coordinator else None,
        )
        session.add(meeting)
        session.flush()
        method, description = MEETING_METHODS[n % len(MEETING_METHODS)]
        session.add(MeetingMethod(meeting_id=meeting.id, method=method, description=description))
        session.add(MeetingTopic(meeting_id=meeting.id, title="Berichte aus den Genossenschaften"))
        session.add(MeetingTopic(meeting_id=meeting.id, title=method))
        owner = rng.choice(all_kuemmerer) if all_kuemmerer else None
        session.add(
            MeetingAction(
                meeting_id=meeting.id,
                text="Erfahrungen mit der Methode beim nächsten Treffen teilen",
                owner_user_id=owner.id if owner else None,
                due_on=held + dt.timedelta(days=60),
                done_on=held + dt.timedelta(days=50)
                if held + dt.timedelta(days=60) < until
                else None,
            )
        )
        attendees = [u for u in all_kuemmerer if rng.random() < 0.8]
        if coordinator:
            attendees.append(coordinator)
        insert_links(
            session,
            meeting_attendee,
            [{"meeting_id": meeting.id, "user_id": u.id} for u in attendees],
        )
        counts["meetings"] += 1


def seed_demo(
    session: Session,
    seed: int = 2026,
    until: dt.date | None = None,
    scale: float = 1.0,
    admin_exists: bool | None = None,
) -> DemoSummary:
    """Fill an empty installation (users may exist) with demo data; returns accounts and counts."""
    if session.scalar(select(func.count()).select_from(Cooperative)):
        raise Invalid(
            {},
            "Es gibt bereits Genossenschaften – Demo-Daten werden nur in eine leere "
            "Installation geladen.",
        )
    with seeded(seed):  # the record keys too are the same for a seed
        summary = _seed(session, seed, until or local_today(), scale, admin_exists)
        session.flush()  # keys are drawn when the rows are written
    return summary


def _seed(
    session: Session, seed: int, until: dt.date, scale: float, admin_exists: bool | None
) -> DemoSummary:
    ensure_default_catalogues(session)
    w = _World(
        session=session,
        rng=random.Random(seed),
        # signals draw from their own generator, so adding them left the rest as it was
        signal_rng=random.Random(seed + 12),
        cat={c: entry_ids(session, c) for c in CATALOGUES},
        start=until - dt.timedelta(days=730),
        until=until,
        scale=scale,
        summary=DemoSummary(),
    )
    coops, coordinators, kuemmerer, staff = _accounts(w, admin_exists)
    _partners(w, coops)
    w.counts = dict.fromkeys(
        (
            "persons",
            "cases",
            "contacts",
            "quick_contacts",
            "referrals",
            "follow_ups",
            "partners",
            "volunteers",
            "activities",
            "meetings",
            "signals",
            "ratings",
        ),
        0,
    )
    rating_rng = random.Random(seed + 22)  # ratings draw from their own generator
    w.counts["partners"] = len(w.partner_ids)
    for coop in coops:
        owner = kuemmerer.get(coop.id)
        owner_id = owner.id if owner else None
        person_ids = _persons(w, coop)
        case_ids, case_rows, case_meta = _cases(w, coop, owner_id, person_ids)
        signal_rows = _demo_signals(
            w.signal_rng, coop, staff.get(coop.id), w.cat, case_ids, case_rows, w.start, w.until
        )
        insert_links(session, Signal.__table__, signal_rows)
        w.counts["signals"] += len(signal_rows)
        _case_work(w, coop, owner_id, case_ids, case_meta)
        w.counts["ratings"] += seed_ratings(
            session, rating_rng, coop.id, case_ids, case_meta, w.until
        )
        _quick_contacts(w, coop, owner_id)
        _activities(w, coop, owner_id, _volunteers(w, coop, case_ids))
    # each demo signal names its one observation among all it noticed (signal_observation)
    session.execute(
        insert(signal_observation).from_select(
            ["signal_id", "entry_id"],
            select(Signal.id, Signal.observation_id).where(
                Signal.id.not_in(select(signal_observation.c.signal_id))
            ),
        )
    )
    _meetings(w, coordinators, kuemmerer)
    session.flush()
    coordinator = next((c for c in coordinators if c is not None), None)
    seed_approaches(session, coops, w.start, until, coordinator and coordinator.id)
    seed_chains(session, seed, w.start, until)  # generators of their own
    seed_demo_issuer(session)
    audit(session, None, "demo_seeded", seed=seed, cases=w.counts["cases"])
    w.summary.counts = w.counts
    return w.summary
