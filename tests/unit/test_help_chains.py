"""Chains of help: referrals followed through (handover, feedback due per partner kind,
partner responsiveness) and needs that meet helpers (matching, confirming, bad input) —
on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from config import local_today
from db.models import Case, CatalogueEntry, Cooperative, HelpNeed, Referral, Volunteer
from services import cases, help_matching, help_needs, referral_followup
from services.catalogues import entry_ids
from services.errors import Conflict, Invalid, NotFound
from services.help_needs import NeedData, OfferData
from tests import factories as f

# the services' own today (Saxony's date: after midnight there it is a day ahead of UTC)
TODAY = local_today()


def _referral(session, me, partner, days_ago: int, status: str = "angefragt") -> Referral:
    coop = session.get(Cooperative, me.cooperative_id)
    case = f.case(session, coop, TODAY - dt.timedelta(days=days_ago + 5))
    day = TODAY - dt.timedelta(days=days_ago)
    r = Referral(case_id=case.id, partner_id=partner.id, referred_on=day, status=status,
                 status_on=day)  # fmt: skip
    session.add(r)
    session.flush()
    return r


def _partner(session, kind: str, name: str):
    p = f.partner(session, name=name)
    p.kind_id = entry_ids(session, "partner_kind")[kind]
    session.flush()
    return p


# --- feedback due ----------------------------------------------------------------------------
def test_feedback_is_due_after_the_period_of_the_partner_kind(session) -> None:
    me = f.kuemmerer(session)
    kinds = entry_ids(session, "partner_kind")
    debt = _partner(session, "schuldnerberatung", "Schuldnerberatung Chemnitz")
    care = _partner(session, "pflegedienst", "Pflegedienst Sonnenschein")
    session.get(CatalogueEntry, kinds["pflegedienst"]).feedback_days = 7
    session.flush()
    _referral(session, me, debt, 16)  # default 14: due
    _referral(session, me, debt, 13)  # not yet
    _referral(session, me, care, 8)  # 7 for care services: due
    _referral(session, me, care, 20, status="angenommen")  # answered: never due
    due = referral_followup.feedback_due(session, me, TODAY)
    assert [(d.partner, d.days, d.period) for d in due] == [
        ("Schuldnerberatung Chemnitz", 16, 14),
        ("Pflegedienst Sonnenschein", 8, 7),
    ]
    # another cooperative's waiting referral is not mine
    other = f.kuemmerer(session, city="Zwickau")
    assert referral_followup.feedback_due(session, other, TODAY) == []
    digest = referral_followup.waiting_by_partner(session, me, TODAY)
    assert [(w.partner, w.waiting, w.due, w.longest_days) for w in digest] == [
        ("Schuldnerberatung Chemnitz", 2, 1, 16),
        ("Pflegedienst Sonnenschein", 1, 1, 8),
    ]


def test_recording_the_answer_removes_the_reminder_and_keeps_the_first_answer(session) -> None:
    me = f.kuemmerer(session)
    debt = _partner(session, "schuldnerberatung", "Schuldnerberatung Chemnitz")
    r = _referral(session, me, debt, 16)
    # asked again, still waiting: the reminder waits a new period, no first answer yet
    cases.update_referral_status(session, me, r.id, "angefragt", r.version, TODAY, "Ruft zurück")
    assert referral_followup.feedback_due(session, me, TODAY) == []
    assert r.first_response_on is None and r.feedback == f"{TODAY:%d.%m.%Y}: Ruft zurück"
    later = TODAY + dt.timedelta(days=3)
    cases.update_referral_status(session, me, r.id, "angenommen", r.version, later, "Termin 10.")
    assert r.first_response_on == later
    assert r.feedback.splitlines() == [
        f"{TODAY:%d.%m.%Y}: Ruft zurück",
        f"{later:%d.%m.%Y}: Termin 10.",
    ]
    cases.update_referral_status(session, me, r.id, "erledigt", r.version, later)
    assert r.first_response_on == later  # the first answer stays
    with pytest.raises(Conflict):
        cases.update_referral_status(session, me, r.id, "erledigt", r.version - 1, later)
    with pytest.raises(Invalid) as too_long:
        cases.update_referral_status(session, me, r.id, "erledigt", r.version, later, "x" * 2001)
    assert "feedback" in too_long.value.fields


def test_handover_steps_are_ticked_with_their_day(session) -> None:
    me = f.kuemmerer(session)
    r = _referral(session, me, f.partner(session), 10)
    referral_followup.record_step(session, me, r.id, "vorgespraech", TODAY - dt.timedelta(9))
    referral_followup.record_step(session, me, r.id, "ersttermin", TODAY, TODAY)
    assert referral_followup.steps_of(session, [r.id]) == {
        r.id: {"vorgespraech": TODAY - dt.timedelta(9), "ersttermin": TODAY}
    }
    with pytest.raises(Invalid):  # in the future
        referral_followup.record_step(session, me, r.id, "begleitet", TODAY + dt.timedelta(1))
    with pytest.raises(Invalid):
        referral_followup.record_step(session, me, r.id, "erfunden", TODAY)
    with pytest.raises(NotFound):  # another cooperative's referral does not exist
        referral_followup.record_step(session, f.kuemmerer(session), r.id, "begleitet", TODAY)
    referral_followup.remove_step(session, me, r.id, "ersttermin")
    assert list(referral_followup.steps_of(session, [r.id])[r.id]) == ["vorgespraech"]


def test_partner_responsiveness_is_exact_for_the_own_cooperative(session) -> None:
    me = f.kuemmerer(session)
    partner = f.partner(session, name="Suchtberatung")
    # answered after 2, 4 and 9 days; one still waiting
    for days, status in ((2, "angenommen"), (4, "erledigt"), (9, "abgelehnt")):
        r = _referral(session, me, partner, 20)
        cases.update_referral_status(
            session, me, r.id, status, r.version, r.referred_on + dt.timedelta(days)
        )
    _referral(session, me, partner, 20)
    [own] = referral_followup.referral_figures(session, me, partner.id)
    assert (own.referrals, own.success_share, own.days_to_answer) == (4, 0.5, 4)
    # Koordination: four referrals are withheld, and so is a median of three answers
    koordination = f.actor(f.user(session, "koordination"))
    [theirs] = referral_followup.referral_figures(session, koordination, partner.id)
    assert (theirs.referrals, theirs.success_share, theirs.days_to_answer) == (None, None, None)


# --- needs meet helpers ----------------------------------------------------------------------
def _kind(session, key: str) -> int:
    return entry_ids(session, "help_kind")[key]


def _volunteer(session, me, name: str, **offer) -> Volunteer:
    first, last = name.split()
    v = Volunteer(cooperative_id=me.cooperative_id, first_name=first, last_name=last)
    session.add(v)
    session.flush()
    help_needs.save_offer(session, me, v.id, OfferData(**offer), v.version)
    return v


def test_matching_ranks_a_fitting_volunteer_first_and_excludes_the_others(session) -> None:
    me = f.kuemmerer(session)
    shop = _kind(session, "einkauf")
    need = help_needs.post_need(
        session, me,
        NeedData(shop, "Marienthal", ("di",), ("vormittags",), None, "woechentlich", 2.0),
        TODAY,
    )  # fmt: skip
    _volunteer(
        session,
        me,
        "Anna Nah",
        offer_ids=(shop,),
        weekdays=("di", "do"),
        daytimes=("vormittags",),
        areas="Marienthal, Sonnenberg",
        hours_per_month=10,
    )
    _volunteer(
        session, me, "Bernd Überall", offer_ids=(shop,), weekdays=("di",), hours_per_month=20
    )
    _volunteer(session, me, "Carla Montag", offer_ids=(shop,), weekdays=("mo",))
    _volunteer(session, me, "Dieter Voll", offer_ids=(shop,), hours_per_month=8)
    _volunteer(session, me, "Eva Anders", offer_ids=(_kind(session, "reparatur"),))
    _volunteer(session, me, "Fritz Fern", offer_ids=(shop,), areas="Kappel")
    _, matches, left_out = help_matching.suggestions(session, me, need.id, TODAY)
    assert [m.name for m in matches] == ["Anna Nah", "Bernd Überall"]
    assert "Quartier passt: Marienthal" in matches[0].reasons
    why = {name: reason for _, name, reason in left_out}
    assert why == {
        "Carla Montag": "hat an diesen Tagen keine Zeit",
        "Dieter Voll": "nur noch 8 Std. im Monat frei",  # weekly 2 h: 8.7 h a month
        "Eva Anders": "bietet „Einkauf“ nicht an",
        "Fritz Fern": "geht nicht nach Marienthal",
    }


def test_a_confirmed_match_counts_against_the_volunteers_hours(session) -> None:
    me = f.kuemmerer(session)
    shop = _kind(session, "einkauf")
    anna = _volunteer(session, me, "Anna Nah", offer_ids=(shop,), hours_per_month=10)
    weekly = NeedData(shop, "Marienthal", ("di",), (), None, "woechentlich", 2.0)
    first = help_needs.post_need(session, me, weekly, TODAY)
    second = help_needs.post_need(session, me, weekly, TODAY)
    help_matching.confirm_match(session, me, first.id, first.version, anna.id, anna.version,
                                TODAY)  # fmt: skip
    assert (first.status, first.volunteer_id) == ("vermittelt", anna.id)
    _, matches, left_out = help_matching.suggestions(session, me, second.id, TODAY)
    assert matches == [] and left_out[0][2] == "nur noch 1,3 Std. im Monat frei"
    counts = help_matching.help_counts(session, me)
    assert (counts.open_needs, counts.free_volunteers) == (1, 0)


def test_confirming_a_volunteer_deactivated_meanwhile_is_a_conflict(session) -> None:
    me = f.kuemmerer(session)
    shop = _kind(session, "einkauf")
    anna = _volunteer(session, me, "Anna Nah", offer_ids=(shop,))
    need = help_needs.post_need(
        session, me, NeedData(shop, "Marienthal", (), (), TODAY, "einmalig", 1.5), TODAY
    )
    seen = anna.version
    anna.active = False  # someone else deactivates her
    session.flush()
    with pytest.raises(Conflict):
        help_matching.confirm_match(session, me, need.id, need.version, anna.id, seen, TODAY)
    assert session.get(HelpNeed, need.id).status == "offen"  # nothing half-saved


def test_bad_needs_and_offers_get_german_messages(session) -> None:
    me = f.kuemmerer(session)
    with pytest.raises(Invalid) as bad:
        help_needs.post_need(session, me, NeedData(None, " ", (), (), None, "einmalig", 0), TODAY)
    assert set(bad.value.fields) == {"kind_id", "area", "weekdays", "hours"}
    assert "Haus oder Quartier" in bad.value.fields["area"]
    v = Volunteer(cooperative_id=me.cooperative_id, first_name="Anna", last_name="Nah")
    session.add(v)
    session.flush()
    backwards = OfferData(available_from=TODAY, available_until=TODAY - dt.timedelta(1))
    with pytest.raises(Invalid) as bad:
        help_needs.save_offer(session, me, v.id, backwards, v.version)
    assert bad.value.fields == {"available_until": "Das Ende liegt vor dem Beginn."}
    assert session.scalars(select(HelpNeed)).all() == []
    with pytest.raises(NotFound):  # another cooperative's volunteer
        help_needs.save_offer(session, f.kuemmerer(session), v.id, OfferData(), v.version)


def test_when_text_reads_as_german() -> None:
    assert help_needs.when_text(("do", "di"), ("vormittags",), None) == (
        "dienstags und donnerstags vormittags"
    )
    assert help_needs.when_text((), (), dt.date(2026, 12, 12)) == "am 12.12.2026"
    assert help_needs.when_text((), (), None) == "nach Absprache"


def test_the_notice_is_one_page_without_the_tenant() -> None:
    from io import BytesIO

    from pypdf import PdfReader

    from components.documents.need_notice import need_notice
    from services.help_needs import NeedRow

    need = NeedRow(1, 1, 1, "Einkauf", "Albertstraße 12", ("di",), ("vormittags",), None,
                   "woechentlich", 1.5, "offen", TODAY, "Frau Gisela Lorenz, 3. OG", None,
                   "CSG-0001")  # fmt: skip
    pdf = PdfReader(BytesIO(need_notice(need, "WG Chemnitz eG", "Petra Ullrich", "0371 4001")))
    text = " ".join(pdf.pages[0].extract_text().split())
    assert len(pdf.pages) == 1
    assert "Einkauf" in text and "dienstags vormittags, wöchentlich, je etwa 1,5" in text
    assert "Telefon 0371 4001" in text
    assert "Lorenz" not in text and "CSG-0001" not in text  # no tenant on the board
    longest = NeedRow(1, 1, 1, "X" * 200, "Y " * 50, WEEKDAYS_ALL, ("abends",), None, "einmalig",
                      24, "offen", TODAY, None, None, None)  # fmt: skip
    long_pdf = PdfReader(BytesIO(need_notice(longest, "Z" * 200, "W" * 200, "0" * 50)))
    assert len(long_pdf.pages) == 1


WEEKDAYS_ALL = ("mo", "di", "mi", "do", "fr", "sa", "so")


def test_the_directory_shows_how_a_partner_answers_protected_beyond_the_own(session) -> None:
    me = f.kuemmerer(session)
    partner = f.partner(session, name="Pflegeberatung")
    for days in (1, 3, 5, 7, 9, 11, 13, 15, 17, 19):  # ten answers: the median may be shown
        r = _referral(session, me, partner, 30)
        cases.update_referral_status(
            session, me, r.id, "angenommen", r.version, r.referred_on + dt.timedelta(days)
        )
    mine = referral_followup.responsiveness(session, me, [partner.id])[partner.id]
    assert (mine.referrals, mine.success_share, mine.days_to_answer) == (10, 1.0, 10)
    other = f.kuemmerer(session, city="Zwickau")
    _referral(session, other, partner, 30)  # now another cooperative is in the cell
    seen = referral_followup.responsiveness(session, me, [partner.id])[partner.id]
    assert seen.referrals in range(9, 14) and seen.days_to_answer == 10  # perturbed count


def test_the_access_export_holds_handover_and_needs_and_erasure_clears_the_note(session) -> None:
    from services import privacy

    me = f.kuemmerer(session)
    r = _referral(session, me, f.partner(session), 10, status="angenommen")
    referral_followup.record_step(session, me, r.id, "begleitet", TODAY - dt.timedelta(2))
    need = help_needs.post_need(
        session, me,
        NeedData(_kind(session, "besuch"), "Kaßberg", ("mi",), (), None, "woechentlich", 1.0,
                 "Hört schlecht, bitte laut klingeln", r.case_id),
        TODAY,
    )  # fmt: skip
    person_id = session.get(Case, r.case_id).person_id
    [case] = privacy.access_export(session, me, person_id, TODAY).as_dict()["cases"]
    assert case["vermittlungen"][0]["uebergabe"] == [
        f"begleitet {TODAY - dt.timedelta(2):%d.%m.%Y}"
    ]
    assert case["hilfebedarfe"][0] | {} == {
        "eingetragen_am": TODAY.isoformat(), "was": "Gespräch / Besuch", "wo": "Kaßberg",
        "wann": "mittwochs", "stand": "sucht Unterstützung",
        "hinweis": "Hört schlecht, bitte laut klingeln",
    }  # fmt: skip
    privacy.erase_person(session, me, person_id)
    session.refresh(need)
    assert need.note is None and need.area == "Kaßberg"  # the statistics stay
