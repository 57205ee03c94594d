"""Chains of help through the pages: a need posted (bad input kept), a match confirmed, a
volunteer's offer (end before start kept), the partner's answer from Start, a handover step
on the case page, the feedback period a partner kind gets in Verwaltung."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from config import local_today
from db.models import CatalogueEntry, Cooperative, HelpNeed, Referral, ReferralStep, Volunteer
from services.catalogues import entry_ids
from tests import factories as f
from tests.pages.conftest import by_label, texts
from tests.pages.test_case_screens import ids, open_page
from tests.pages.test_setup_and_login import add_user


def _volunteer(db, offers: list[int], **fields) -> int:
    with db() as s, s.begin():
        coop = s.scalar(select(Cooperative))
        v = Volunteer(cooperative_id=coop.id, first_name="Anna", last_name="Nah", **fields)
        v.offers = [s.get(CatalogueEntry, e) for e in offers]
        s.add(v)
        s.flush()
        return v.id


def test_a_need_is_posted_matched_and_planned(db) -> None:
    add_user(db, "kim", "kuemmerer", coop_city="Chemnitz")
    shop = ids(db, "help_kind")["einkauf"]
    anna = _volunteer(db, [shop], weekdays="di")
    at = open_page(db, "kim", "screens/community.py")
    at.text_area(key="nd0_note").input("Schwere Tasche, 3. Stock")
    by_label(at.button, "Hilfebedarf eintragen").click()
    at.run()
    shown = texts(at)
    assert "Bitte wählen Sie, was gebraucht wird." in shown
    assert "Bitte geben Sie das Haus oder Quartier an (ohne Namen der Person)." in shown
    assert at.text_area(key="nd0_note").value == "Schwere Tasche, 3. Stock"  # kept
    at.button_group(key="nd0_kind_id").set_value(shop)
    at.text_input(key="nd0_area").input("Kaßberg")
    at.button_group(key="nd0_weekdays").set_value(["di"])
    by_label(at.button, "Hilfebedarf eintragen").click()
    at.run()
    assert not at.exception
    with db() as s:
        need = s.scalar(select(HelpNeed))
        assert (need.area, need.weekdays, need.status) == ("Kaßberg", "di", "offen")
    assert "**1. Anna Nah**" in texts(at)
    by_label(at.button, "Vorschlag bestätigen").click()
    at.run()
    with db() as s:
        need = s.scalar(select(HelpNeed))
        assert (need.status, need.volunteer_id) == ("vermittelt", anna)


def test_an_offer_ending_before_it_starts_is_kept_with_a_message(db) -> None:
    add_user(db, "kim", "kuemmerer", coop_city="Chemnitz")
    anna = _volunteer(db, [])
    at = open_page(db, "kim", "screens/community.py")
    key = f"of{anna}_1"
    at.date_input(key=f"{key}_available_from").set_value(dt.date(2027, 3, 1))
    at.date_input(key=f"{key}_available_until").set_value(dt.date(2027, 2, 1))
    at.text_input(key=f"{key}_areas").input("Kaßberg, Sonnenberg")
    by_label(at.button, "Angebot speichern").click()
    at.run()
    assert "Das Ende liegt vor dem Beginn." in texts(at)
    assert at.text_input(key=f"{key}_areas").value == "Kaßberg, Sonnenberg"
    at.date_input(key=f"{key}_available_until").set_value(dt.date(2027, 6, 1))
    by_label(at.button, "Angebot speichern").click()
    at.run()
    with db() as s:
        v = s.get(Volunteer, anna)
        assert (v.areas, v.available_until) == ("Kaßberg, Sonnenberg", dt.date(2027, 6, 1))


def _waiting_referral(db, days: int) -> int:
    with db() as s, s.begin():
        coop = s.scalar(select(Cooperative))
        case = f.case(s, coop, local_today() - dt.timedelta(days=days + 3))
        partner = f.partner(s, name="Schuldnerberatung Chemnitz")
        partner.kind_id = entry_ids(s, "partner_kind")["schuldnerberatung"]
        day = local_today() - dt.timedelta(days=days)
        r = Referral(case_id=case.id, partner_id=partner.id, referred_on=day,
                     status="angefragt", status_on=day)  # fmt: skip
        s.add(r)
        s.flush()
        return r.id


def test_the_partners_answer_is_recorded_from_start(db) -> None:
    add_user(db, "kim", "kuemmerer", coop_city="Chemnitz")
    rid = _waiting_referral(db, 16)
    at = open_page(db, "kim", "screens/start.py")
    assert "**Schuldnerberatung Chemnitz** (Schuldnerberatung) · seit 16 Tagen" in texts(at)
    at.selectbox(key=f"due_{rid}_status").select("angenommen")
    at.text_area(key=f"due_{rid}_said").input("Erstgespräch am Montag")
    by_label(at.button, "Rückmeldung speichern").click()
    at.run()
    assert "Vermittlung: angenommen." in texts(at)
    assert "seit 16 Tagen" not in texts(at)  # the reminder is gone
    with db() as s:
        r = s.get(Referral, rid)
        assert (r.status, r.first_response_on) == ("angenommen", local_today())


def test_a_handover_step_is_ticked_on_the_case_page(db) -> None:
    add_user(db, "kim", "kuemmerer", coop_city="Chemnitz")
    rid = _waiting_referral(db, 3)
    with db() as s:
        case_id = s.get(Referral, rid).case_id
    at = open_page(db, "kim", "screens/case.py", id=case_id)
    at.selectbox(key=f"step_{rid}").select("termin_vereinbart")
    by_label(at.button, "Abhaken").click()
    at.run()
    assert "Übergabe: Termin vereinbart abgehakt." in texts(at)
    with db() as s:
        step = s.scalar(select(ReferralStep))
        assert (step.step, step.done_on) == ("termin_vereinbart", local_today())


def test_the_admin_sets_a_partner_kinds_feedback_period(db) -> None:
    add_user(db, "root", "admin")
    at = open_page(db, "root", "screens/administration.py")
    at.tabs  # noqa: B018 - the catalogue tab is rendered with the others
    at.selectbox(key="cat_pick").select("partner_kind").run()
    kind = ids(db, "partner_kind")
    at.selectbox(key="ce_pick_partner_kind").select(kind["schuldnerberatung"]).run()
    at.number_input(key=f"ce_days_{kind['schuldnerberatung']}").set_value(10)
    at.button(key=f"FormSubmitter:edit_entry_{kind['schuldnerberatung']}-Speichern").click()
    at.run()
    with db() as s:
        assert s.get(CatalogueEntry, kind["schuldnerberatung"]).feedback_days == 10
