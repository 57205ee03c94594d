"""The data model of DESIGN §3 as SQLAlchemy 2 typed ORM classes.

Conventions:
- Enumerations are short ASCII keys checked in the database (``ck_*``); German labels live in
  ``services/labels.py`` (fixed lists) or in ``catalogue_entry`` (configurable lists).
- Configurable lists are referenced by ``catalogue_entry.id``; indicators group by the entry's
  stable ``key``, so relabelling never breaks history.
- Free-text notes about tenants are stored encrypted (``*_enc`` columns, Fernet tokens).
- Times are UTC (timezone-aware), days are ``date``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db import rollups
from db.crypto import PersonalNote, PersonalText, log_unreadable_fields
from db.record_keys import new_record_key

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# --- fixed enumerations (keys) -------------------------------------------------------------
ROLES = ("kuemmerer", "koordination", "admin", "genossenschaft")
URGENCIES = ("frueh", "akut", "krise")
CASE_STATUSES = ("offen", "in_bearbeitung", "ruhend", "abgeschlossen")
REFERRAL_STATUSES = ("angefragt", "angenommen", "erledigt", "abgelehnt", "nicht_wahrgenommen")
CONSENT_KINDS = ("dokumentation", "schweigepflichtentbindung")
CONSENT_FORMS = ("schriftlich", "muendlich")
AGE_GROUPS = ("unter_30", "30_49", "50_64", "65_79", "80_plus")
HOUSEHOLD_TYPES = ("allein", "paar", "familie", "alleinerziehend", "wg", "sonstige")
SIGNAL_STATUSES = ("eingegangen", "in_bearbeitung", "erledigt")
SIGNAL_CLOSE_REASONS = ("kein_handlungsbedarf", "bereits_bekannt", "nicht_zustaendig", "fall")
EMPLOYER_KINDS = ("genossenschaft", "sozialer_partner", "wohlfahrtsverband", "sonstiger")
AREAS = ("staedtisch", "laendlich")
GOAL_DIRECTIONS = ("steigern", "senken", "halten")
GOAL_SCOPES = ("alle", "genossenschaft", "ansatz")
RATING_SOURCES = ("gemeinsam", "eindruck")  # with the tenant, or the Kümmerer's impression
RATING_STAGES = ("aufnahme", "verlauf", "abschluss")
SCORINGS = ("summe", "mittelwert")
# chains of help (migration 0018): the warm handover of a referral, neighbourhood help needs
HANDOVER_STEPS = ("vorgespraech", "termin_vereinbart", "begleitet", "ersttermin")
NEED_STATUSES = ("offen", "vermittelt", "erledigt", "zurueckgezogen")
NEED_FREQUENCIES = ("einmalig", "woechentlich", "vierzehntaegig", "monatlich")
WEEKDAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")
DAYTIMES = ("vormittags", "nachmittags", "abends")
CATALOGUES = (
    "access_route",
    "problem_area",
    "contact_kind",
    "intervention",
    "outcome",
    "partner_kind",
    "activity_kind",
    "observation_kind",
    "focus_area",
    "job_title",
    "funding",
    "help_kind",
)


def limited_text(max_length: int, encrypted: str | None = None, **kw):  # noqa: ANN201
    """Free text without a limit in the database, with the app's limit beside it: the forms
    state it, the services and the import enforce it (`max_length`). encrypted: what the
    column holds, in German, for a note the service always encrypts (`*_enc`)."""
    info = {"max_length": max_length} | ({"encrypted": encrypted} if encrypted else {})
    return mapped_column(Text, info=info, **kw)


def personal_text(what: str, max_length: int, kind: type = PersonalNote, **kw):  # noqa: ANN201
    """Text about a tenant, encrypted at rest while KC_ENCRYPT_PERSONAL_DATA is on (the
    default); ``what`` names it in German in the records of processing and the README."""
    return mapped_column(kind, info={"max_length": max_length, "encrypted": what}, **kw)


def encrypted_columns() -> list[tuple[str, str, str, bool]]:
    """Every column stored encrypted: (table, column, what it holds in German, always) —
    always: a note the service encrypts whatever the setting; else a personal field
    encrypted while KC_ENCRYPT_PERSONAL_DATA is on. Key rotation, the start check, the
    records of processing and the README all read this one list."""
    return [
        (
            table.name,
            column.name,
            column.info["encrypted"],
            not isinstance(column.type, PersonalText),
        )
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if "encrypted" in column.info
    ]


def max_length(attribute) -> int:  # noqa: ANN001 - a mapped attribute such as Partner.name
    """The longest text a column takes: its length, or the limit `limited_text` declared."""
    column = attribute.property.columns[0]
    return column.info.get("max_length") or column.type.length


def one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: DateTime(timezone=True)}


def _fk(target: str, ondelete: str | None = None, **kw) -> Mapped:
    return mapped_column(ForeignKey(target, ondelete=ondelete), **kw)


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=func.now()
    )


# --- organisation and accounts -------------------------------------------------------------
class Cooperative(Base, TimestampMixin):
    __tablename__ = "cooperative"
    __table_args__ = (CheckConstraint("housing_units >= 0", name="housing_units_nonneg"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # Prefix of the pseudonym codes of this cooperative's persons, e.g. "CSG" -> CSG-0142.
    code: Mapped[str] = mapped_column(String(10), unique=True)
    city: Mapped[str] = mapped_column(String(100), index=True)
    housing_units: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # the highest code number ever handed out (migration 0010): an erased person's code,
    # renamed ANON-…, is never given again (services.cases.reserve_code_number)
    last_person_number: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}


class User(Base, TimestampMixin):
    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL
    __table_args__ = (
        one_of("role", ROLES, "role"),
        # Kümmerer and cooperative staff belong to exactly one cooperative; others to none.
        CheckConstraint(
            "(role IN ('kuemmerer', 'genossenschaft')) = (cooperative_id IS NOT NULL)",
            name="cooperative_by_role",
        ),
        CheckConstraint("failed_logins >= 0", name="failed_logins_nonneg"),
        CheckConstraint("username = lower(username)", name="username_lower"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    cooperative_id: Mapped[int | None] = _fk("cooperative.id", index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    # failures older than the lockout window no longer count (services.auth)
    last_failed_at: Mapped[dt.datetime | None]
    locked_until: Mapped[dt.datetime | None]
    last_login_at: Mapped[dt.datetime | None]
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # the office number a notice in the stairwell gives (0018); not a tenant's data
    phone: Mapped[str | None] = mapped_column(String(50))
    version: Mapped[int] = mapped_column(Integer, default=1)

    cooperative: Mapped[Cooperative | None] = relationship()
    __mapper_args__ = {"version_id_col": version}


class LoginFailure(Base):
    """A failed login from one client address, kept for the lockout window only: limits
    password spraying across accounts. The address is stored as a keyed hash, never as is."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_address_at", "address_key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    address_key: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(index=True)


class UserSession(Base):
    """A login, valid until ended, idle or too old: checked on every rerun (the JWT cookie of
    streamlit-authenticator alone stays valid after logout)."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _fk("app_user.id", ondelete="CASCADE", index=True)
    # The expiry stamp inside the re-login cookie; a replayed cookie must match a live session.
    cookie_exp: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[dt.datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(30))


class CatalogueEntry(Base):
    __tablename__ = "catalogue_entry"
    __table_args__ = (
        UniqueConstraint("catalogue", "key"),
        one_of("catalogue", CATALOGUES, "catalogue"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    catalogue: Mapped[str] = mapped_column(String(30))
    key: Mapped[str] = mapped_column(String(50))
    label: Mapped[str] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Access routes only: counts towards the outreach share (indicator 4).
    is_outreach: Mapped[bool] = mapped_column(Boolean, default=False)
    # Access routes only: a low-threshold route (the value of low-threshold work, 0016);
    # outreach routes are low-threshold too.
    is_low_threshold: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Partner kinds only (0018): days without news after which a referral's feedback is
    # due (None: services.referral_followup.FEEDBACK_DAYS).
    feedback_days: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}


class Setting(Base):
    """Admin-editable settings (retention, thresholds) shared by all app processes."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- persons and cases ---------------------------------------------------------------------
class Person(Base, TimestampMixin):
    __tablename__ = "person"
    __table_args__ = (
        one_of("age_group", AGE_GROUPS, "age_group"),
        one_of("household_type", HOUSEHOLD_TYPES, "household_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)  # cell key method
    cooperative_id: Mapped[int] = _fk("cooperative.id", index=True)
    pseudonym: Mapped[str] = mapped_column(String(20), unique=True)
    # personal fields: encrypted at rest when configured (db/crypto.py, migration 0006)
    first_name: Mapped[str | None] = personal_text("Vorname der Person", 100, PersonalText)
    last_name: Mapped[str | None] = personal_text("Nachname der Person", 100, PersonalText)
    street: Mapped[str | None] = personal_text("Straße der Person", 200, PersonalText)
    house_no: Mapped[str | None] = personal_text("Hausnummer der Person", 20, PersonalText)
    flat: Mapped[str | None] = personal_text("Wohnung der Person", 50, PersonalText)
    phone: Mapped[str | None] = personal_text("Telefon der Person", 50, PersonalText)
    reachable: Mapped[str | None] = personal_text("Erreichbarkeit der Person", 100, PersonalText)
    age_group: Mapped[str | None] = mapped_column(String(20))
    household_type: Mapped[str | None] = mapped_column(String(20))
    anonymised_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class Consent(Base, TimestampMixin):
    __tablename__ = "consent"
    __table_args__ = (
        one_of("kind", CONSENT_KINDS, "kind"),
        one_of("form", CONSENT_FORMS, "form"),
        # A release of confidentiality is always towards one partner.
        CheckConstraint(
            "(kind = 'schweigepflichtentbindung') = (partner_id IS NOT NULL)", name="partner_kind"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _fk("person.id", ondelete="CASCADE", index=True)
    kind: Mapped[str] = mapped_column(String(30))
    partner_id: Mapped[int | None] = _fk("partner.id", index=True)
    given_on: Mapped[dt.date] = mapped_column(Date)
    form: Mapped[str] = mapped_column(String(20))
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)


case_problem_area = Table(
    "case_problem_area",
    Base.metadata,
    Column("case_id", ForeignKey("case_file.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_id", ForeignKey("catalogue_entry.id"), primary_key=True, index=True),
)
case_outcome = Table(
    "case_outcome",
    Base.metadata,
    Column("case_id", ForeignKey("case_file.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_id", ForeignKey("catalogue_entry.id"), primary_key=True, index=True),
)


class Case(Base, TimestampMixin):
    __tablename__ = "case_file"  # "case" is an SQL keyword
    __table_args__ = (
        one_of("urgency", URGENCIES, "urgency"),
        one_of("status", CASE_STATUSES, "status"),
        CheckConstraint(
            "(status = 'abgeschlossen') = (closed_on IS NOT NULL)", name="closed_on_by_status"
        ),
        CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="closed_after_opened"),
        Index("ix_case_file_coop_opened", "cooperative_id", "opened_on"),
        Index("ix_case_file_coop_closed", "cooperative_id", "closed_on"),
        # with the key: counting cases by a date sums their keys from the index (0015)
        Index("ix_case_file_opened", "opened_on", "record_key"),
        Index("ix_case_file_closed", "closed_on", "record_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)  # cell key method
    person_id: Mapped[int] = _fk("person.id", index=True)
    cooperative_id: Mapped[int] = _fk("cooperative.id")
    responsible_user_id: Mapped[int | None] = _fk("app_user.id", index=True)
    opened_on: Mapped[dt.date] = mapped_column(Date)
    access_route_id: Mapped[int] = _fk("catalogue_entry.id", index=True)
    urgency: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="offen")
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    person: Mapped[Person] = relationship()
    problem_areas: Mapped[list[CatalogueEntry]] = relationship(secondary=case_problem_area)
    outcomes: Mapped[list[CatalogueEntry]] = relationship(secondary=case_outcome)
    __mapper_args__ = {"version_id_col": version}


class CaseStatusChange(Base):
    """History of a case's status, for its timeline."""

    __tablename__ = "case_status_change"
    __table_args__ = (
        one_of("to_status", CASE_STATUSES, "to_status"),
        one_of("from_status", CASE_STATUSES, "from_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = _fk("case_file.id", ondelete="CASCADE", index=True)
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = _fk("app_user.id")


contact_topic = Table(
    "contact_topic",
    Base.metadata,
    Column("contact_id", ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_id", ForeignKey("catalogue_entry.id"), primary_key=True, index=True),
)
contact_intervention = Table(
    "contact_intervention",
    Base.metadata,
    Column("contact_id", ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_id", ForeignKey("catalogue_entry.id"), primary_key=True, index=True),
)


CONTACT_COVER = ("case_id", "kind_id", "minutes", "record_key")


class Contact(Base, TimestampMixin):
    """A contact within a case, or (case_id NULL) an anonymous quick contact."""

    __tablename__ = "contact"
    __table_args__ = (
        CheckConstraint("minutes > 0 AND minutes <= 1440", name="minutes_range"),
        # both cover what the indicators read (migration 0005, docs/performance.md)
        Index("ix_contact_coop_date", "cooperative_id", "contact_date", *CONTACT_COVER),
        Index("ix_contact_date", "contact_date", "cooperative_id", *CONTACT_COVER),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)  # cell key method
    case_id: Mapped[int | None] = _fk("case_file.id", ondelete="CASCADE", index=True)
    cooperative_id: Mapped[int] = _fk("cooperative.id")
    contact_date: Mapped[dt.date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    kind_id: Mapped[int] = _fk("catalogue_entry.id", index=True)
    note_enc: Mapped[str | None] = limited_text(5000, "Notiz zum Kontakt")  # before encryption
    created_by_id: Mapped[int | None] = _fk("app_user.id")
    # Makes a double-submitted form (Enter, then click) store one row, not two.
    client_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    topics: Mapped[list[CatalogueEntry]] = relationship(secondary=contact_topic)
    interventions: Mapped[list[CatalogueEntry]] = relationship(secondary=contact_intervention)


class Referral(Base, TimestampMixin):
    __tablename__ = "referral"
    __table_args__ = (
        one_of("status", REFERRAL_STATUSES, "status"),
        Index("ix_referral_case_date", "case_id", "referred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)  # cell key method
    case_id: Mapped[int] = _fk("case_file.id", ondelete="CASCADE", index=True)
    partner_id: Mapped[int] = _fk("partner.id", index=True)
    referred_on: Mapped[dt.date] = mapped_column(Date, index=True)
    need_id: Mapped[int | None] = _fk("catalogue_entry.id")
    consent_id: Mapped[int | None] = _fk("consent.id")
    status: Mapped[str] = mapped_column(String(20), default="angefragt")
    status_on: Mapped[dt.date] = mapped_column(Date)
    # the day the status first moved from "angefragt" (0018): the partner's response time
    first_response_on: Mapped[dt.date | None] = mapped_column(Date)
    feedback: Mapped[str | None] = personal_text("Rückmeldung zur Vermittlung", 2000)
    created_by_id: Mapped[int | None] = _fk("app_user.id")
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class ReferralStep(Base):
    """A step of the warm handover of a referral, ticked with its day (0018)."""

    __tablename__ = "referral_step"
    __table_args__ = (
        one_of("step", HANDOVER_STEPS, "step"),
        UniqueConstraint("referral_id", "step"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = _fk("referral.id", ondelete="CASCADE", index=True)
    step: Mapped[str] = mapped_column(String(20))
    done_on: Mapped[dt.date] = mapped_column(Date)
    user_id: Mapped[int | None] = _fk("app_user.id")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())


class FollowUp(Base, TimestampMixin):
    __tablename__ = "follow_up"
    __table_args__ = (Index("ix_follow_up_open_due", "done_on", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = _fk("case_file.id", ondelete="CASCADE", index=True)
    due_on: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = personal_text("Text der Wiedervorlage", 500)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    user_id: Mapped[int | None] = _fk("app_user.id", index=True)


# --- partner network -----------------------------------------------------------------------
partner_help_area = Table(
    "partner_help_area",
    Base.metadata,
    Column("partner_id", ForeignKey("partner.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_id", ForeignKey("catalogue_entry.id"), primary_key=True, index=True),
)


class Partner(Base, TimestampMixin):
    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind_id: Mapped[int] = _fk("catalogue_entry.id", index=True)
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(300))
    opening_hours: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = limited_text(2000)
    last_verified_on: Mapped[dt.date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Stable key from an imported list, so re-importing updates instead of duplicating.
    external_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    help_areas: Mapped[list[CatalogueEntry]] = relationship(secondary=partner_help_area)
    cities: Mapped[list[PartnerCity]] = relationship(cascade="all, delete-orphan")
    contact_persons: Mapped[list[PartnerContactPerson]] = relationship(cascade="all, delete-orphan")
    __mapper_args__ = {"version_id_col": version}


class PartnerCity(Base):
    """A city the partner serves."""

    __tablename__ = "partner_city"

    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), primary_key=True
    )
    city: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)


class PartnerContactPerson(Base):
    __tablename__ = "partner_contact_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = _fk("partner.id", ondelete="CASCADE", index=True)
    name: Mapped[str] = mapped_column(String(200))
    function: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(254))


# --- neighbourhood work and volunteers -----------------------------------------------------
volunteer_offer = Table(
    "volunteer_offer",
    Base.metadata,
    Column("volunteer_id", ForeignKey("volunteer.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_id", ForeignKey("catalogue_entry.id"), primary_key=True, index=True),
)


class Volunteer(Base, TimestampMixin):
    __tablename__ = "volunteer"
    __table_args__ = (
        CheckConstraint("hours_per_month > 0", name="hours_per_month_positive"),
        CheckConstraint("available_until >= available_from", name="available_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)  # cell key method
    cooperative_id: Mapped[int] = _fk("cooperative.id", index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(254))
    qualification: Mapped[str | None] = mapped_column(String(200))
    availability: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # what the person offers and when and where (0018): the matching of help needs
    weekdays: Mapped[str] = mapped_column(String(30), default="", server_default="")
    daytimes: Mapped[str] = mapped_column(String(40), default="", server_default="")
    areas: Mapped[str | None] = mapped_column(String(300))  # neighbourhoods; empty: anywhere
    hours_per_month: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    available_from: Mapped[dt.date | None] = mapped_column(Date)
    available_until: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    offers: Mapped[list[CatalogueEntry]] = relationship(secondary=volunteer_offer)
    __mapper_args__ = {"version_id_col": version}


class VolunteerAssignment(Base, TimestampMixin):
    __tablename__ = "volunteer_assignment"
    __table_args__ = (CheckConstraint("hours > 0 AND hours <= 24", name="hours_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)  # cell key method
    volunteer_id: Mapped[int] = _fk("volunteer.id", ondelete="CASCADE", index=True)
    # The person or case helped; both empty for an anonymous assignment.
    person_id: Mapped[int | None] = _fk("person.id", ondelete="SET NULL", index=True)
    case_id: Mapped[int | None] = _fk("case_file.id", ondelete="SET NULL", index=True)
    assigned_on: Mapped[dt.date] = mapped_column(Date, index=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    activity: Mapped[str | None] = personal_text("Tätigkeit eines Einsatzes", 200)
    need_id: Mapped[int | None] = _fk("help_need.id", ondelete="SET NULL", index=True)


class HelpNeed(Base, TimestampMixin):
    """Neighbourhood help a Kümmerer looks for, without naming the tenant (0018): what, where
    (a house or neighbourhood of the cooperative), when, how often; optionally the case it
    is for (inside the cooperative). A confirmed match names the volunteer."""

    __tablename__ = "help_need"
    __table_args__ = (
        one_of("status", NEED_STATUSES, "status"),
        one_of("frequency", NEED_FREQUENCIES, "frequency"),
        CheckConstraint("hours > 0 AND hours <= 24", name="hours_range"),
        Index("ix_help_need_coop_status", "cooperative_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)  # cell key method
    cooperative_id: Mapped[int] = _fk("cooperative.id")
    kind_id: Mapped[int] = _fk("catalogue_entry.id", index=True)
    area: Mapped[str] = mapped_column(String(100))
    weekdays: Mapped[str] = mapped_column(String(30), default="")
    daytimes: Mapped[str] = mapped_column(String(40), default="")
    on_date: Mapped[dt.date | None] = mapped_column(Date)  # a single date instead of weekdays
    frequency: Mapped[str] = mapped_column(String(16))
    hours: Mapped[Decimal] = mapped_column(Numeric(4, 1))  # each time
    case_id: Mapped[int | None] = _fk("case_file.id", ondelete="SET NULL", index=True)
    note: Mapped[str | None] = personal_text("Hinweis zu einem Hilfebedarf", 300)
    status: Mapped[str] = mapped_column(String(16), default="offen")
    volunteer_id: Mapped[int | None] = _fk("volunteer.id", ondelete="SET NULL", index=True)
    matched_on: Mapped[dt.date | None] = mapped_column(Date)
    posted_on: Mapped[dt.date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = _fk("app_user.id")
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


activity_volunteer = Table(
    "activity_volunteer",
    Base.metadata,
    Column("activity_id", ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
    Column("volunteer_id", ForeignKey("volunteer.id", ondelete="CASCADE"), primary_key=True),
)
activity_partner = Table(
    "activity_partner",
    Base.metadata,
    Column("activity_id", ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
    Column("partner_id", ForeignKey("partner.id", ondelete="CASCADE"), primary_key=True),
)


class Activity(Base, TimestampMixin):
    """Quartiersaktivität."""

    __tablename__ = "activity"
    __table_args__ = (
        CheckConstraint("participants >= 0", name="participants_nonneg"),
        Index("ix_activity_coop_date", "cooperative_id", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)  # cell key method
    cooperative_id: Mapped[int] = _fk("cooperative.id")
    held_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    kind_id: Mapped[int] = _fk("catalogue_entry.id", index=True)
    participants: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str | None] = personal_text("Notizen zu Quartiersaktivitäten", 2000)
    created_by_id: Mapped[int | None] = _fk("app_user.id")

    volunteers: Mapped[list[Volunteer]] = relationship(secondary=activity_volunteer)
    partners: Mapped[list[Partner]] = relationship(secondary=activity_partner)


# --- exchange meetings ---------------------------------------------------------------------
meeting_attendee = Table(
    "meeting_attendee",
    Base.metadata,
    Column("meeting_id", ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True),
)


class Meeting(Base, TimestampMixin):
    """Austauschtreffen."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    place: Mapped[str | None] = mapped_column(String(200))
    minutes_text: Mapped[str | None] = limited_text(20_000)
    created_by_id: Mapped[int | None] = _fk("app_user.id")

    attendees: Mapped[list[User]] = relationship(secondary=meeting_attendee)
    topics: Mapped[list[MeetingTopic]] = relationship(cascade="all, delete-orphan")
    methods: Mapped[list[MeetingMethod]] = relationship(cascade="all, delete-orphan")
    actions: Mapped[list[MeetingAction]] = relationship(cascade="all, delete-orphan")


class MeetingTopic(Base):
    __tablename__ = "meeting_topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = _fk("meeting.id", ondelete="CASCADE", index=True)
    title: Mapped[str] = mapped_column(String(300))
    proposed_by_id: Mapped[int | None] = _fk("app_user.id")


class MeetingMethod(Base):
    """Kompetenzvermittlung: a method or tool of social work taught at a meeting."""

    __tablename__ = "meeting_method"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = _fk("meeting.id", ondelete="CASCADE", index=True)
    method: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = limited_text(2000)
    material_link: Mapped[str | None] = mapped_column(String(500))


class MeetingAction(Base):
    __tablename__ = "meeting_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = _fk("meeting.id", ondelete="CASCADE", index=True)
    text: Mapped[str] = mapped_column(String(500))
    owner_user_id: Mapped[int | None] = _fk("app_user.id")
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)


class MeetingAttachment(Base):
    """A file of a meeting (slides, handout), kept in the database so backups include it."""

    __tablename__ = "meeting_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = _fk("meeting.id", ondelete="CASCADE", index=True)
    filename: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int | None] = _fk("app_user.id")
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# --- early-warning signals -----------------------------------------------------------------
signal_observation = Table(
    "signal_observation",
    Base.metadata,
    Column("signal_id", ForeignKey("signal.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_id", ForeignKey("catalogue_entry.id"), primary_key=True, index=True),
)


class Signal(Base, TimestampMixin):
    """Hinweis from the cooperative's staff."""

    __tablename__ = "signal"
    __table_args__ = (
        one_of("urgency", URGENCIES, "urgency"),
        one_of("status", SIGNAL_STATUSES, "status"),
        one_of("closed_reason", SIGNAL_CLOSE_REASONS, "closed_reason"),
        Index("ix_signal_coop_status", "cooperative_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)  # cell key method
    cooperative_id: Mapped[int] = _fk("cooperative.id")
    reported_by_id: Mapped[int | None] = _fk("app_user.id", index=True)
    location: Mapped[str] = personal_text("Ort des Hinweises (Adresse)", 200)
    observation_id: Mapped[int] = _fk("catalogue_entry.id")  # the first of ``observations``
    urgency: Mapped[str] = mapped_column(String(10))
    note_enc: Mapped[str | None] = limited_text(1000, "Beschreibung des Hinweises")
    tenant_informed: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="eingegangen")
    case_id: Mapped[int | None] = _fk("case_file.id", ondelete="SET NULL", index=True)
    closed_reason: Mapped[str | None] = mapped_column(String(30))
    # place and note erased by the retention rule (a signal that never became a case)
    anonymised_at: Mapped[dt.datetime | None]
    # all that was noticed (0019: staff may choose several), in the catalogue's order
    observations: Mapped[list[CatalogueEntry]] = relationship(
        secondary=signal_observation, order_by="CatalogueEntry.sort_order"
    )


# --- audit ---------------------------------------------------------------------------------
class AuditLog(Base):
    """Who did what to which record, when. Never personal data: ids and keys only."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = _fk("app_user.id", ondelete="SET NULL", index=True)
    action: Mapped[str] = mapped_column(String(50), index=True)
    entity: Mapped[str | None] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict | None] = mapped_column(JSON)


# --- change counter ------------------------------------------------------------------------
class DataVersion(Base):
    """One row counting committed changes to the data behind the indicators, so that every
    app process can tell cheaply whether its cached figures are still current."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


# --- approaches and goals (0016) ------------------------------------------------------------
approach_focus = Table(
    "approach_focus",
    Base.metadata,
    Column("profile_id", ForeignKey("approach_profile.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_id", ForeignKey("catalogue_entry.id"), primary_key=True),
)


class ApproachProfile(Base, TimestampMixin):
    """A cooperative's Kümmerer approach (Steckbrief) for a stretch of time: figures of a day
    are grouped by the profile valid that day. No personal data."""

    __tablename__ = "approach_profile"
    __table_args__ = (
        one_of("area", AREAS, "area"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_order"),
        Index("ix_approach_profile_coop", "cooperative_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = _fk("cooperative.id")
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)  # inclusive; None: still valid
    area: Mapped[str] = mapped_column(String(12))
    funding_id: Mapped[int | None] = _fk("catalogue_entry.id")
    how_we_work: Mapped[str | None] = limited_text(1500)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    posts: Mapped[list[ApproachPost]] = relationship(
        cascade="all, delete-orphan", order_by="ApproachPost.id"
    )
    focus_areas: Mapped[list[CatalogueEntry]] = relationship(secondary=approach_focus)
    funding: Mapped[CatalogueEntry | None] = relationship()


class ApproachPost(Base):
    """One Kümmerer post of a profile: several per cooperative are possible."""

    __tablename__ = "approach_post"
    __table_args__ = (
        one_of("employer_kind", EMPLOYER_KINDS, "employer_kind"),
        CheckConstraint("weekly_hours >= 1 AND weekly_hours <= 60", name="weekly_hours_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _fk("approach_profile.id", ondelete="CASCADE", index=True)
    job_title_id: Mapped[int] = _fk("catalogue_entry.id")
    employer_kind: Mapped[str] = mapped_column(String(20))
    employer: Mapped[str | None] = mapped_column(String(120))
    weekly_hours: Mapped[float] = mapped_column(Float)
    in_post_since: Mapped[dt.date | None] = mapped_column(Date)
    job_title: Mapped[CatalogueEntry] = relationship()


class Goal(Base, TimestampMixin):
    """A success goal (Salesforce Outcome Management: indicator, direction, baseline, target,
    period). Its status is computed (services.goals), never stored; its history is the audit
    log (every set and change, with the values)."""

    __tablename__ = "goal"
    __table_args__ = (
        one_of("direction", GOAL_DIRECTIONS, "direction"),
        one_of("scope_kind", GOAL_SCOPES, "scope_kind"),
        CheckConstraint("baseline_to >= baseline_from", name="baseline_order"),
        CheckConstraint("target_date > baseline_to", name="target_after_baseline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    figure: Mapped[str] = mapped_column(String(40))  # a key of services.goals.GOAL_FIGURES
    scope_kind: Mapped[str] = mapped_column(String(20))
    cooperative_id: Mapped[int | None] = _fk("cooperative.id")
    approach: Mapped[str | None] = mapped_column(String(20))  # attribute for "ansatz"
    approach_value: Mapped[str | None] = mapped_column(String(60))  # its value (a key)
    direction: Mapped[str] = mapped_column(String(10))
    baseline_from: Mapped[dt.date] = mapped_column(Date)
    baseline_to: Mapped[dt.date] = mapped_column(Date)
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_note: Mapped[str | None] = mapped_column(String(300))
    target_value: Mapped[float] = mapped_column(Float)
    target_date: Mapped[dt.date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    set_by_id: Mapped[int | None] = _fk("app_user.id")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}


# --- ratings over the course of a case (0017) -------------------------------------------------
class Instrument(Base):
    """A rating instrument: the app's own "Einschätzung" (key ``einschaetzung``) or one an
    admin added (a questionnaire the cooperative holds the rights to)."""

    __tablename__ = "instrument"
    __table_args__ = (one_of("scoring", SCORINGS, "scoring"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    scoring: Mapped[str] = mapped_column(String(12), default="mittelwert")
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    items: Mapped[list[InstrumentItem]] = relationship(
        cascade="all, delete-orphan", order_by="InstrumentItem.position"
    )


class InstrumentItem(Base):
    """One question of an instrument; its scale points 1 … n, each with its wording."""

    __tablename__ = "instrument_item"
    __table_args__ = (UniqueConstraint("instrument_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = _fk("instrument.id", ondelete="CASCADE", index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(40))
    wording: Mapped[str] = mapped_column(String(300))
    points: Mapped[list] = mapped_column(JSON)  # the wording of each point, 1 … n


class Rating(Base, TimestampMixin):
    """A dated rating of a case with one instrument: special-category data, scoped to the
    cooperative like the case. Erasure keeps it (numbers only), the person link goes with
    the person's anonymisation."""

    __tablename__ = "rating"
    __table_args__ = (
        one_of("source", RATING_SOURCES, "source"),
        one_of("stage", RATING_STAGES, "stage"),
        Index("ix_rating_case", "case_id", "rated_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = _fk("case_file.id", ondelete="CASCADE")
    cooperative_id: Mapped[int] = _fk("cooperative.id", index=True)
    instrument_id: Mapped[int] = _fk("instrument.id")
    rated_on: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(12))
    stage: Mapped[str] = mapped_column(String(12))
    created_by_id: Mapped[int | None] = _fk("app_user.id")
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)
    values: Mapped[list[RatingValue]] = relationship(cascade="all, delete-orphan")


class RatingValue(Base):
    __tablename__ = "rating_value"

    rating_id: Mapped[int] = _fk("rating.id", ondelete="CASCADE", primary_key=True)
    item_id: Mapped[int] = _fk("instrument_item.id", primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


# --- entry forms saved once ----------------------------------------------------------------
class FormSubmission(Base):
    """The token of an entry form that was saved (components.forms.save_new_entry): a double
    click or a replayed submit finds it and is not saved a second time. No personal data;
    kept two days (services.submissions)."""

    __tablename__ = "form_submission"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    result_id: Mapped[int | None] = mapped_column(Integer)
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


# --- roll-ups: per-day aggregates the indicators read (db/rollups.py declares them) ----------
rollups.define(Base.metadata)

from db import data_version as _data_version  # noqa: E402,F401 - registers the counter

for _mapper in Base.registry.mappers:
    if any(isinstance(c.type, PersonalText) for c in _mapper.columns):
        log_unreadable_fields(_mapper.class_)
