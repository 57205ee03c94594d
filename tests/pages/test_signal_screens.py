"""Hinweise through the pages: staff report and see the status; the Kümmerer opens a case
from the signal with the form prefilled."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Case, Signal, User
from tests.pages.conftest import by_label, texts
from tests.pages.test_case_screens import ids, open_page
from tests.pages.test_setup_and_login import add_user


def _staff(db) -> None:
    add_user(db, "kim", "kuemmerer", coop_city="Chemnitz")
    with db() as s, s.begin():
        coop_id = s.scalar(select(User.cooperative_id).where(User.username == "kim"))
        s.add(
            User(
                username="hausmeister",
                display_name="Hausmeister Chemnitz",
                password_hash="x",
                role="genossenschaft",
                cooperative_id=coop_id,
            )
        )


def test_staff_report_and_status(db) -> None:
    _staff(db)
    at = open_page(db, "hausmeister", "screens/signal_report.py")
    assert at.title[0].value == "Hinweis melden"
    by_label(at.button, "Hinweis senden").click()
    at.run()
    assert "Bitte wählen Sie, was Ihnen aufgefallen ist." in texts(at)
    at.text_input(key="sg_where_0").input("Lindenweg 3, 2. OG links")
    at.button_group(key="sg_kind_0").set_value([ids(db, "observation_kind")["briefkasten"]])
    at.button_group(key="sg_urg_0").set_value("akut")
    at.text_area(key="sg_note_0").input("Briefkasten seit einer Woche voll")
    by_label(at.button, "Hinweis senden").click()
    at.run()
    assert "Danke – Ihr Hinweis ist angekommen." in texts(at)
    assert list(at.dataframe[0].value["Stand"]) == ["eingegangen"]
    with db() as s:
        signal = s.scalar(select(Signal))
        assert signal.location == "Lindenweg 3, 2. OG links" and "Woche" not in signal.note_enc


def test_kuemmerer_sees_badge_and_opens_case_from_signal(db) -> None:
    test_staff_report_and_status(db)
    start = open_page(db, "kim", "screens/start.py")
    assert "1 neuer Hinweis" in texts(start)  # a card of its own, with the way there
    assert "Hinweise ansehen" in [p.label for p in start.get("page_link")]
    inbox = open_page(db, "kim", "screens/signal_inbox.py")
    assert "Briefkasten seit einer Woche voll" in texts(inbox)
    with db() as s:
        signal_id = s.scalar(select(Signal.id))
    at = open_page(db, "kim", "screens/new_case.py", signal=signal_id)
    assert (
        at.selectbox(key="nc0_access_route_id").value
        == ids(db, "access_route")["hinweis_genossenschaft"]
    )
    assert at.button_group(key="nc0_urgency").value == "akut"
    assert "Briefkasten quillt über" in at.text_area(key="nc0_c_note").value
    # the reported place is in the address fields (issue 25)
    assert [at.text_input(key=f"nc0_p_{k}").value for k in ("street", "house_no", "flat")] == [
        "Lindenweg",
        "3",
        "2. OG links",
    ]
    at.selectbox(key="nc0_c_kind_id").select(ids(db, "contact_kind")["hausbesuch"])
    by_label(at.button, "Fall anlegen").click()
    at.run()
    assert not at.exception
    with db() as s:
        case = s.scalar(select(Case))
        signal = s.get(Signal, signal_id)
        assert (signal.case_id, signal.status) == (case.id, "in_bearbeitung")
    staff = open_page(db, "hausmeister", "screens/signal_report.py")
    assert list(staff.dataframe[0].value["Stand"]) == ["in Bearbeitung"]


def test_a_form_that_arrives_twice_is_stored_once(db) -> None:
    """The same displayed form submitted again (a double click that Streamlit replays after
    the save): one signal, and the second submit says it arrived like the first."""
    from sqlalchemy import func

    _staff(db)
    at = open_page(db, "hausmeister", "screens/signal_report.py")

    def send() -> None:
        at.text_input(key="sg_where_0").input("Lindenweg 3, 2. OG links")
        at.button_group(key="sg_kind_0").set_value([ids(db, "observation_kind")["briefkasten"]])
        at.button_group(key="sg_urg_0").set_value("akut")
        by_label(at.button, "Hinweis senden").click()
        at.run()
        assert "Danke – Ihr Hinweis ist angekommen." in texts(at)

    send()
    at.session_state["_gen_signal"] = 0  # the form as it was shown when the click was made
    at.run()
    send()
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Signal)) == 1
