"""User text never becomes formatting, a link or an image: a partner, a person, a meeting, an
attachment and a catalogue entry named with Markdown are shown as typed on the partner search,
the partner page, the case page and the meeting page. The check reads what the page hands to
every element that renders Markdown (text, headings, captions, labels, choices)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from db.models import CatalogueEntry, Person, User
from services import meetings as m
from services.actor import Actor
from services.catalogues import entry_ids
from services.partners import ContactPersonData, PartnerData, create_partner
from tests.pages.test_case_screens import _case_id, _kim, _open_case, open_page
from tests.pages.test_setup_and_login import add_user

HOSTILE = "![x](https://tracker.invalid/p.png) [Hier klicken](https://evil.invalid/login)"
# what Markdown would build from HOSTILE if it were not escaped
BUILT = ("](https://tracker.invalid", "](https://evil.invalid")
# elements whose values are shown as plain text (no Markdown; a chart's texts are drawn by
# Vega, its tooltips escaped by vega-tooltip)
PLAIN = {"text_input", "text_area", "selectbox", "multiselect", "number_input", "date_input",
         "arrow_data_frame", "dataframe", "arrow_table", "json", "code", "exception",
         "vega_lite_chart"}  # fmt: skip


def _walk(node):  # noqa: ANN001, ANN202
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)
    elif getattr(node, "proto", None) is not None:
        yield node


def built_from_user_text(at) -> list[str]:  # noqa: ANN001
    """Every Markdown-rendering element whose source would build a link or image from the
    hostile text."""
    found = []
    for element in _walk(at._tree):
        kind = getattr(element, "type", "")
        if kind in PLAIN:
            continue
        source = str(element.proto)
        if any(b in source for b in BUILT):
            found.append(f"{kind}: {source[:160]}")
    return found


def _hostile_world(db) -> tuple[int, int]:
    _kim(db)
    add_user(db, "vswg", "koordination")
    with db() as s, s.begin():
        kinds, areas = entry_ids(s, "partner_kind"), entry_ids(s, "problem_area")
        data = PartnerData(
            HOSTILE,
            kinds["verein"],
            (areas["vereinsamung"],),
            city="Chemnitz",
            street=HOSTILE[:200],
            opening_hours=HOSTILE,
            notes=HOSTILE,
            website=HOSTILE,
            cities=("Chemnitz", HOSTILE[:100]),
            contact_persons=(ContactPersonData(HOSTILE, HOSTILE),),
        )
        partner_id = create_partner(s, Actor(0, "admin"), data).id
        s.execute(
            update(CatalogueEntry)
            .where(CatalogueEntry.catalogue == "intervention")
            .values(label=HOSTILE)
        )
    return partner_id, 0


def test_partner_search_and_page_show_markdown_as_typed(db) -> None:
    partner_id, _ = _hostile_world(db)
    at = open_page(db, "kim", "screens/partners.py")
    assert not at.exception
    assert built_from_user_text(at) == []
    at = open_page(db, "kim", "screens/partner.py", id=partner_id)
    assert not at.exception
    assert built_from_user_text(at) == []


def test_case_page_shows_markdown_as_typed(db) -> None:
    partner_id, _ = _hostile_world(db)
    _open_case(db, open_page(db, "kim", "screens/new_case.py"), first_name="Gisela")
    with db() as s, s.begin():
        person = s.query(Person).one()
        person.first_name, person.last_name, person.street = HOSTILE[:100], HOSTILE, HOSTILE
    at = open_page(db, "kim", "screens/case.py", id=_case_id(db))
    assert not at.exception
    assert built_from_user_text(at) == []
    at = open_page(db, "kim", "screens/new_case.py")
    at.text_input(key="nc_search_0").input("Hier klicken")
    at.run()
    assert built_from_user_text(at) == []
    at = open_page(db, "kim", "screens/cases.py")
    assert built_from_user_text(at) == []


def test_meeting_page_shows_markdown_as_typed(db) -> None:
    _hostile_world(db)
    with db() as s, s.begin():
        vswg_id = s.scalar(select(User.id).where(User.username == "vswg"))
        vswg = Actor(vswg_id, "koordination")
        meeting = m.save_meeting(s, vswg, m.MeetingData(dt.date(2026, 10, 14), HOSTILE[:200]))
        m.propose_topic(s, vswg, meeting.id, HOSTILE)
        m.add_method(
            s, vswg, meeting.id, HOSTILE, HOSTILE, "https://x.invalid/a) [b](https://evil.invalid/c"
        )
        m.attach_file(s, vswg, meeting.id, HOSTILE[:60] + ".pdf", b"%PDF-1.4 test")
    at = open_page(db, "vswg", "screens/meetings.py")
    assert not at.exception
    assert built_from_user_text(at) == []


def test_approach_and_goal_pages_show_markdown_as_typed(db) -> None:
    """A profile's "So arbeiten wir", its employer and a focus area, and a goal's note about
    its baseline, each written with Markdown."""
    from services import approaches as ap
    from services import goals as gl

    _kim(db)
    add_user(db, "vswg", "koordination")
    with db() as s, s.begin():
        coop = s.scalar(select(User.cooperative_id).where(User.username == "kim"))
        s.execute(
            update(CatalogueEntry)
            .where(CatalogueEntry.catalogue == "focus_area", CatalogueEntry.key == "familien")
            .values(label=HOSTILE[:200])
        )
        title, focus = entry_ids(s, "job_title")["sozialarbeit"], entry_ids(s, "focus_area")
        vswg = Actor(user_id=0, role="koordination", display_name="Test")
        post = ap.PostData(title, "sozialer_partner", 30, HOSTILE[:120])
        data = ap.ProfileData(dt.date(2025, 1, 1), "staedtisch", (post,),
                              focus_area_ids=(focus["familien"],), how_we_work=HOSTILE)  # fmt: skip
        ap.save_profile(s, vswg, coop, data)
        goal = gl.GoalData("new_cases", "ansatz", "steigern", dt.date(2025, 1, 1),
                           dt.date(2025, 12, 31), 10, dt.date(2027, 12, 31), approach="focus_area",
                           approach_value="familien", baseline_note=HOSTILE[:300])  # fmt: skip
        gl.set_goal(s, vswg, goal)
    for user in ("kim", "vswg"):
        for page in ("screens/approaches.py", "screens/goals.py"):
            at = open_page(db, user, page)
            assert not at.exception
            assert built_from_user_text(at) == [], (user, page)
