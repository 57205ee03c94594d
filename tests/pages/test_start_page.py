"""Start as the Kümmerer's to-do list (issue 25): each due follow-up names its person and is
done with one tap there; a counter and its list agree."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from config import local_today
from db.models import FollowUp
from services.cases import add_follow_up
from services.start import SHOWN
from tests import factories as f
from tests.pages.conftest import texts
from tests.pages.test_case_screens import _kim, open_page


def _cases_with_follow_ups(db, n: int) -> list[int]:
    today = local_today()
    with db() as s, s.begin():
        from db.models import Cooperative, User
        from services.actor import Actor

        kim = s.scalar(select(User).where(User.username == "kim"))
        coop = s.get(Cooperative, kim.cooperative_id)
        actor = Actor(kim.id, "kuemmerer", coop.id)
        ids = []
        for i in range(n):
            case = f.case(s, coop, today - dt.timedelta(days=60), first_name=f"Gisela{i}")
            ids.append(add_follow_up(s, actor, case.id, today, f"Anrufen {i}", today).id)
        return ids


def test_a_due_follow_up_names_its_person_and_is_done_from_the_start_page(db) -> None:
    _kim(db)
    (follow_up_id,) = _cases_with_follow_ups(db, 1)
    at = open_page(db, "kim", "screens/start.py")
    assert "Heute fällig und überfällig (1)" in texts(at)
    assert "Gisela0" in " ".join(link.proto.label for link in at.get("page_link"))
    at.button(key=f"start_done_{follow_up_id}").click()
    at.run()
    assert not at.exception
    with db() as s:
        assert s.get(FollowUp, follow_up_id).done_on == local_today()
    assert "Heute fällig und überfällig (0)" in texts(at)
    assert "Für heute ist nichts fällig." in texts(at)


def test_a_longer_list_says_how_many_more(db) -> None:
    _kim(db)
    _cases_with_follow_ups(db, SHOWN + 2)
    at = open_page(db, "kim", "screens/start.py")
    links = [link.proto.label for link in at.get("page_link")]
    assert f"Heute fällig und überfällig ({SHOWN + 2})" in texts(at)
    assert any(label.startswith("… und 2 weitere") for label in links)
