"""DESIGN §2 as a table: each role × each service function → allowed, NotAllowed or NotFound.

A Kümmerer of another cooperative gets NotFound for a case, so its existence does not leak.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from db.models import Case, Meeting
from services import (
    audit,
    case_queries,
    catalogues,
    community,
    cooperatives,
    dashboard,
    indicators,
    meetings,
    partner_files,
    partners,
    privacy,
    quick_contacts,
    reports,
    signals,
    start,
    users,
)
from services.actor import Actor
from services.cases import add_follow_up, load_case
from services.catalogues import entry_ids
from services.errors import NotAllowed, NotFound
from tests import factories as f

TODAY = dt.date(2026, 11, 25)
NOW = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)
ROLES = ("kuemmerer", "kuemmerer_other_coop", "koordination", "admin", "genossenschaft")


@dataclass
class World:
    case_id: int
    user_id: int
    coop_id: int
    coop_code: str
    entry_id: int
    version: int


def _world(session) -> tuple[World, dict[str, Actor]]:
    home, other = f.cooperative(session), f.cooperative(session)
    people = {
        "kuemmerer": f.user(session, "kuemmerer", home),
        "kuemmerer_other_coop": f.user(session, "kuemmerer", other),
        "koordination": f.user(session, "koordination"),
        "admin": f.user(session, "admin"),
        "genossenschaft": f.user(session, "genossenschaft", home),
    }
    target = f.user(session, "kuemmerer", home)
    case = f.case(session, home, TODAY)
    entry = catalogues.add_entry(session, f.actor(people["admin"]), "contact_kind", "Videoanruf")
    world = World(case.id, target.id, home.id, home.code, entry.id, target.version)
    return world, {role: f.actor(u) for role, u in people.items()}


def _person(session, world: World) -> int:
    return session.get(Case, world.case_id).person_id


def _meeting(session) -> int:
    meeting = Meeting(held_on=TODAY)
    session.add(meeting)
    session.flush()
    return meeting.id


AUDIT_PERIOD = audit.AuditFilter(TODAY, TODAY)
SECRET = "Neues-Passwort-fuer-alle"
# name -> (call, roles allowed; every other role gets NotAllowed unless listed as not_found)
CALLS: dict[str, tuple[Callable[[object, Actor, World], object], set[str], set[str]]] = {
    "cases.load_case": (
        lambda s, a, w: load_case(s, a, w.case_id),
        {"kuemmerer"},
        {"kuemmerer_other_coop"},
    ),
    "cases.load_case(write)": (
        lambda s, a, w: load_case(s, a, w.case_id, write=True),
        {"kuemmerer"},
        {"kuemmerer_other_coop"},
    ),
    "case_queries.case_header": (
        lambda s, a, w: case_queries.case_header(s, a, w.case_id),
        {"kuemmerer"},
        {"kuemmerer_other_coop"},
    ),
    "case_queries.timeline": (
        lambda s, a, w: case_queries.timeline(s, a, w.case_id),
        {"kuemmerer"},
        {"kuemmerer_other_coop"},
    ),
    "case_queries.list_cases": (
        lambda s, a, w: case_queries.list_cases(s, a, case_queries.CaseFilter(), TODAY),
        {"kuemmerer", "kuemmerer_other_coop"},
        set(),
    ),
    "cases.add_follow_up": (
        lambda s, a, w: add_follow_up(s, a, w.case_id, TODAY, "Anrufen", TODAY),
        {"kuemmerer"},
        {"kuemmerer_other_coop"},
    ),
    "quick_contacts.quick_contacts_on": (
        lambda s, a, w: quick_contacts.quick_contacts_on(s, a, TODAY),
        {"kuemmerer", "kuemmerer_other_coop"},
        set(),
    ),
    "quick_contacts.todays_quick_contacts": (
        lambda s, a, w: quick_contacts.todays_quick_contacts(s, a, TODAY),
        {"kuemmerer", "kuemmerer_other_coop"},
        set(),
    ),
    "cooperatives.own_cooperative_name": (
        lambda s, a, w: cooperatives.own_cooperative_name(s, a),
        {"kuemmerer", "kuemmerer_other_coop"},
        set(),
    ),
    "partners.partner_choices": (
        lambda s, a, w: partners.partner_choices(s, a),
        {"kuemmerer", "kuemmerer_other_coop", "koordination", "admin"},
        set(),
    ),
    "partners.search_partners": (
        lambda s, a, w: partners.search_partners(s, a, partners.PartnerQuery()),
        {"kuemmerer", "kuemmerer_other_coop", "koordination", "admin"},
        set(),
    ),
    "partners.create_partner": (
        lambda s, a, w: partners.create_partner(
            s, a, partners.PartnerData("Tafel", entry_ids(s, "partner_kind")["verein"], city="Aue")
        ),
        {"kuemmerer", "kuemmerer_other_coop", "koordination", "admin"},
        set(),
    ),
    "partner_files.preview_import": (
        lambda s, a, w: partner_files.preview_import(s, a, partner_files.template("csv"), "v.csv"),
        {"kuemmerer", "kuemmerer_other_coop", "koordination", "admin"},
        set(),
    ),
    "community.list_volunteers": (
        lambda s, a, w: community.list_volunteers(s, a),
        {"kuemmerer", "kuemmerer_other_coop"},
        set(),
    ),
    "community.community_overview": (
        lambda s, a, w: community.community_overview(s, a),
        {"kuemmerer", "kuemmerer_other_coop", "koordination"},
        set(),
    ),
    "meetings.list_meetings": (
        lambda s, a, w: meetings.list_meetings(s, a),
        {"kuemmerer", "kuemmerer_other_coop", "koordination"},
        set(),
    ),
    "meetings.save_meeting": (
        lambda s, a, w: meetings.save_meeting(s, a, meetings.MeetingData(TODAY)),
        {"koordination"},
        set(),
    ),
    "meetings.presentation_period": (
        lambda s, a, w: meetings.presentation_period(s, a, _meeting(s), TODAY),
        {"kuemmerer", "kuemmerer_other_coop", "koordination"},
        set(),
    ),
    "reports.report_scope": (
        lambda s, a, w: reports.report_scope(a, 2026, (w.coop_id,), TODAY),
        {"kuemmerer", "koordination"},
        set(),
    ),
    "reports.year_in_review": (
        lambda s, a, w: reports.year_in_review(s, a, indicators.Scope(TODAY, TODAY, (w.coop_id,))),
        {"kuemmerer", "kuemmerer_other_coop", "koordination"},
        set(),
    ),
    "privacy.access_export": (
        lambda s, a, w: privacy.access_export(s, a, _person(s, w), TODAY),
        {"kuemmerer"},
        {"kuemmerer_other_coop"},
    ),
    "privacy.erase_person": (
        lambda s, a, w: privacy.erase_person(s, a, _person(s, w)),
        {"kuemmerer"},
        {"kuemmerer_other_coop"},
    ),
    "privacy.record_consent": (
        lambda s, a, w: privacy.record_consent(
            s, a, _person(s, w), privacy.ConsentData("dokumentation", TODAY, "schriftlich"), TODAY
        ),
        {"kuemmerer"},
        {"kuemmerer_other_coop"},
    ),
    "privacy.consent_warnings": (
        lambda s, a, w: privacy.consent_warnings(s, a, TODAY),
        {"kuemmerer", "kuemmerer_other_coop"},
        set(),
    ),
    "signals.report_signal": (
        lambda s, a, w: signals.report_signal(
            s,
            a,
            signals.SignalData("Haus 1", (entry_ids(s, "observation_kind")["konflikt"],), "akut"),
        ),
        {"genossenschaft"},
        set(),
    ),
    "signals.my_reports": (lambda s, a, w: signals.my_reports(s, a), {"genossenschaft"}, set()),
    "signals.inbox": (
        lambda s, a, w: signals.inbox(s, a),
        {"kuemmerer", "kuemmerer_other_coop"},
        set(),
    ),
    "signals.signal_indicators": (
        lambda s, a, w: signals.signal_indicators(s, a, TODAY, TODAY),
        {"kuemmerer", "kuemmerer_other_coop", "koordination"},
        set(),
    ),
    "indicators.new_cases": (
        lambda s, a, w: indicators.new_cases(s, a, indicators.Scope(TODAY, TODAY)),
        {"kuemmerer", "kuemmerer_other_coop", "koordination"},
        set(),
    ),
    "dashboard.dashboard": (
        lambda s, a, w: dashboard.dashboard(s, a, indicators.Scope(TODAY, TODAY)),
        {"kuemmerer", "kuemmerer_other_coop", "koordination"},
        set(),
    ),
    "indicators.trend": (
        lambda s, a, w: indicators.trend(s, a, indicators.Scope(TODAY, TODAY)),
        {"kuemmerer", "kuemmerer_other_coop", "koordination"},
        set(),
    ),
    "start.kuemmerer_start": (
        lambda s, a, w: start.kuemmerer_start(s, a, TODAY),
        {"kuemmerer", "kuemmerer_other_coop"},
        set(),
    ),
    "start.overview_start": (
        lambda s, a, w: start.overview_start(s, a, TODAY),
        {"koordination"},
        set(),
    ),
    "start.admin_start": (lambda s, a, w: start.admin_start(s, a, NOW), {"admin"}, set()),
    "users.list_users": (lambda s, a, w: users.list_users(s, a), {"admin"}, set()),
    "users.create_user": (
        lambda s, a, w: users.create_user(
            s, a, users.NewUser("neu.konto", "Neu", SECRET, SECRET, "koordination")
        ),
        {"admin"},
        set(),
    ),
    "users.update_user": (
        lambda s, a, w: users.update_user(
            s, a, w.user_id, users.UserChange("Neu", "", "kuemmerer", w.coop_id, True, w.version)
        ),
        {"admin"},
        set(),
    ),
    "users.reset_password": (
        lambda s, a, w: users.reset_password(s, a, w.user_id, SECRET, SECRET),
        {"admin"},
        set(),
    ),
    "users.unlock_user": (lambda s, a, w: users.unlock_user(s, a, w.user_id), {"admin"}, set()),
    "cooperatives.list_cooperatives": (
        lambda s, a, w: cooperatives.list_cooperatives(s, a),
        {"admin"},
        set(),
    ),
    "cooperatives.create_cooperative": (
        lambda s, a, w: cooperatives.create_cooperative(
            s, a, cooperatives.CooperativeData("WG Neu", "WGN", "Plauen", 300)
        ),
        {"admin"},
        set(),
    ),
    "cooperatives.update_cooperative": (
        lambda s, a, w: cooperatives.update_cooperative(
            s,
            a,
            w.coop_id,
            cooperatives.CooperativeData("WG Alt", w.coop_code, "Plauen", 10, True, 1),
        ),
        {"admin"},
        set(),
    ),
    "catalogues.list_entries": (
        lambda s, a, w: catalogues.list_entries(s, a, "contact_kind"),
        {"admin"},
        set(),
    ),
    "catalogues.add_entry": (
        lambda s, a, w: catalogues.add_entry(s, a, "outcome", "Umzug ins Pflegeheim"),
        {"admin"},
        set(),
    ),
    "catalogues.update_entry": (
        lambda s, a, w: catalogues.update_entry(
            s, a, w.entry_id, catalogues.EntryChange("Videotelefonat", True, False, 1)
        ),
        {"admin"},
        set(),
    ),
    "catalogues.move_entry": (
        lambda s, a, w: catalogues.move_entry(s, a, w.entry_id, 1),
        {"admin"},
        set(),
    ),
    "catalogues.delete_entry": (
        lambda s, a, w: catalogues.delete_entry(s, a, w.entry_id),
        {"admin"},
        set(),
    ),
    "audit.list_audit": (
        lambda s, a, w: audit.list_audit(s, a, AUDIT_PERIOD),
        {"admin", "koordination"},
        set(),
    ),
    "audit.audit_filter_options": (
        lambda s, a, w: audit.audit_filter_options(s, a),
        {"admin", "koordination"},
        set(),
    ),
    "audit.export_audit_csv": (
        lambda s, a, w: audit.export_audit_csv(s, a, AUDIT_PERIOD),
        {"admin", "koordination"},
        set(),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("function", list(CALLS))
def test_role_may_call_service_function(session, function: str, role: str) -> None:
    world, actors = _world(session)
    call, allowed, not_found = CALLS[function]
    if role in allowed:
        call(session, actors[role], world)
    elif role in not_found:
        with pytest.raises(NotFound):
            call(session, actors[role], world)
    else:
        with pytest.raises(NotAllowed):
            call(session, actors[role], world)
