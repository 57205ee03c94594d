"""Every free-text field has one limit, its column's: the service refuses a longer text with a
German message naming the limit (nothing is cut or stored), and the partner import uses the
same limit."""

from __future__ import annotations

import datetime as dt

import pytest

from db.models import Activity, Meeting, MeetingMethod, Partner, PartnerCity, max_length
from services import community as c
from services import meetings as m
from services import partners as p
from services.catalogues import entry_ids
from services.errors import Invalid
from services.partner_files import preview_import
from tests import factories as f
from tests.unit.test_partners import _data, _someone

DAY = dt.date(2026, 11, 20)


def _over(column) -> str:  # noqa: ANN001
    return "x" * (max_length(column) + 1)


def _partner(session, **kw):  # noqa: ANN001, ANN202
    return p.create_partner(session, _someone(session), _data(session, **kw))


def _kim(session):  # noqa: ANN001, ANN202
    return f.actor(f.user(session, "kuemmerer"))


def _vswg_meeting(session):  # noqa: ANN001, ANN202
    vswg = f.actor(f.user(session, "koordination"))
    return vswg, m.save_meeting(session, vswg, m.MeetingData(DAY, "Zwickau")).id


CASES = {
    "partner notes": (lambda s: _partner(s, notes=_over(Partner.notes)), "notes"),
    "extra city": (lambda s: _partner(s, cities=("Aue", _over(PartnerCity.city))), "cities"),
    "contact person": (
        lambda s: _partner(s, contact_persons=(p.ContactPersonData("x" * 201),)),
        "contact_0",
    ),
    "activity notes": (
        lambda s: c.record_activity(
            s,
            _kim(s),
            c.ActivityData(
                DAY,
                "Kaffee",
                entry_ids(s, "activity_kind")["kaffeenachmittag"],
                5,
                notes=_over(Activity.notes),
            ),
        ),
        "notes",
    ),
    "minutes": (
        lambda s: m.save_meeting(
            s, _vswg_meeting(s)[0], m.MeetingData(DAY, "Aue", _over(Meeting.minutes_text))
        ),
        "minutes_text",
    ),
    "topic": (lambda s: m.propose_topic(s, *_vswg_meeting(s), "x" * 301), "title"),
    "method": (lambda s: m.add_method(s, *_vswg_meeting(s), "x" * 201, "", ""), "method"),
    "method description": (
        lambda s: m.add_method(
            s, *_vswg_meeting(s), "Fallberatung", _over(MeetingMethod.description), ""
        ),
        "description",
    ),
    "agreement": (
        lambda s: m.add_action(s, *_vswg_meeting(s), "x" * 501, None, None),
        "action_text",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_text_over_its_columns_limit_is_refused_with_a_message(session, name) -> None:
    call, field = CASES[name]
    with pytest.raises(Invalid) as exc:
        call(session)
    assert "Höchstens" in exc.value.fields[field] or "höchstens" in exc.value.fields[field]


def test_the_import_uses_the_same_limits(session) -> None:
    line = (
        f"Name;Art;Ort;Notizen;Weitere Orte\nTafel;Verein;Chemnitz;{_over(Partner.notes)};Aue\n"
        f"Tafel 2;Verein;Chemnitz;;{_over(PartnerCity.city)}\n"
    )
    preview = preview_import(session, _someone(session), line.encode(), "p.csv")
    reasons = dict(preview.rejected)
    assert "höchstens 2000 Zeichen" in reasons[2] and "Weitere Orte" in reasons[3]
