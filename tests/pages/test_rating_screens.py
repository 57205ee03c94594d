"""Einschätzungen under AppTest: the first rating in the intake form, a later one on the
case page (a date before the opening answered beside the field, the taps kept), the last
one with the closing; the admin adds an instrument (bad lines refused with the line)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from config import local_today
from db.models import Case, Instrument, Rating
from tests.pages.conftest import by_label, texts
from tests.pages.test_case_screens import _kim, _open_case, open_page
from tests.pages.test_setup_and_login import add_user


def _items(db) -> dict[str, int]:
    with db() as s:
        tool = s.scalar(select(Instrument).where(Instrument.key == "einschaetzung"))
        return {i.key: i.id for i in tool.items}


def _stored(db) -> list[tuple[str, dict[str, int]]]:
    items = {v: k for k, v in _items(db).items()}
    with db() as s:
        return [
            (r.stage, {items[v.item_id]: v.value for v in r.values})
            for r in s.scalars(select(Rating).order_by(Rating.id))
        ]


def test_a_case_from_intake_rating_to_closing_rating(db) -> None:
    _kim(db)
    items = _items(db)
    at = open_page(db, "kim", "screens/new_case.py")
    for key, point in (("einsamkeit", 2), ("selbsthilfe", 3), ("wohnen", 2)):
        at.button_group(key=f"nc0_rt_item_{items[key]}").set_value(point)
    at = _open_case(db, at)
    assert not at.exception
    assert _stored(db) == [("aufnahme", {"einsamkeit": 2, "selbsthilfe": 3, "wohnen": 2})]
    with db() as s:
        case = s.scalar(select(Case))
    # a later rating on the case page: a date before the opening is refused, taps kept
    at = open_page(db, "kim", "screens/case.py", id=case.id)
    key = f"rt_{case.id}_{_tool_id(db)}"
    for name, point in (("einsamkeit", 3), ("selbsthilfe", 3), ("wohnen", 3)):
        at.button_group(key=f"{key}_item_{items[name]}").set_value(point)
    at.date_input(key=f"{key}_day").set_value(case.opened_on - dt.timedelta(days=3))
    by_label(at.button, "Einschätzung speichern").click()
    at.run()
    assert f"Der Fall wurde erst am {case.opened_on:%d.%m.%Y} eröffnet." in texts(at)
    assert at.button_group(key=f"{key}_item_{items['einsamkeit']}").value == 3
    assert len(_stored(db)) == 1
    at.date_input(key=f"{key}_day").set_value(local_today())
    by_label(at.button, "Einschätzung speichern").click()
    at.run()
    assert "Einschätzung gespeichert." in texts(at)
    # closing: half a rating is refused with the case still open ...
    at = open_page(db, "kim", "screens/case.py", id=case.id)
    outcome = next(o for o in at.button_group(key=f"cl_outcomes_{case.id}").options)
    at.button_group(key=f"cl_outcomes_{case.id}").set_value([outcome])
    at.button_group(key=f"cl_rt_{case.id}_item_{items['einsamkeit']}").set_value(4)
    by_label(at.button, "Fall abschließen").click()
    at.run()
    assert "Bitte eine Stufe wählen." in texts(at)
    with db() as s:
        assert s.get(Case, case.id).status != "abgeschlossen"
    # ... a whole one is stored with the closing
    for name, point in (("selbsthilfe", 4), ("wohnen", 3)):
        at.button_group(key=f"cl_rt_{case.id}_item_{items[name]}").set_value(point)
    by_label(at.button, "Fall abschließen").click()
    at.run()
    assert "Der Fall ist abgeschlossen." in texts(at)
    assert [stage for stage, _ in _stored(db)] == ["aufnahme", "verlauf", "abschluss"]
    assert _stored(db)[-1][1] == {"einsamkeit": 4, "selbsthilfe": 4, "wohnen": 3}


def _tool_id(db) -> int:
    with db() as s:
        return s.scalar(select(Instrument.id).where(Instrument.key == "einschaetzung"))


def test_the_admin_adds_an_instrument_without_code(db) -> None:
    add_user(db, "chefin", "admin")
    at = open_page(db, "chefin", "screens/administration.py")
    at.text_input(key="instrument_name").input("Wohlbefinden")
    at.text_area(key="instrument_items").input("Fühlen Sie sich wohl?: ja\nSchlafen Sie gut?")
    by_label(at.button, "Instrument anlegen").click()
    at.run()
    assert "Zeile 1: Bitte „Frage: Stufe 1 / Stufe 2 / …“" in texts(at)
    assert at.text_input(key="instrument_name").value == "Wohlbefinden"  # kept
    at.text_area(key="instrument_items").input(
        "Fühlen Sie sich wohl?: nie / selten / oft / immer\nSchlafen Sie gut?: nein / ja"
    )
    by_label(at.button, "Instrument anlegen").click()
    at.run()
    assert "Instrument angelegt." in texts(at)
    with db() as s:
        tool = s.scalar(select(Instrument).where(Instrument.name == "Wohlbefinden"))
        assert [len(i.points) for i in tool.items] == [4, 2]
    # the Kümmerer can now record it on a case
    _kim(db)
    kim = _open_case(db, open_page(db, "kim", "screens/new_case.py"))
    with db() as s:
        case = s.scalar(select(Case))
    kim = open_page(db, "kim", "screens/case.py", id=case.id)
    assert "Wohlbefinden" in [str(o) for o in kim.selectbox(key=f"rt_tool_{case.id}").options]
