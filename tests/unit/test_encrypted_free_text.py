"""Every free text that can say something about a tenant is encrypted at rest, and the list
of what is encrypted (records of processing, README) comes from the models."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from sqlalchemy import text

from config import PROJECT_ROOT
from db.crypto import CIPHER_PREFIX
from db.models import FollowUp, Referral, Signal, Volunteer, VolunteerAssignment
from services import keys
from services.catalogues import entry_ids
from services.records import encrypted_fields, readme_encrypted_fields
from tests import factories as f

DAY = dt.date(2026, 11, 20)
SECRET = "Frau K. wirkt verwahrlost, Eingang B, 3. OG"


def _stored(session, table: str, column: str, row_id: int) -> str:
    return session.execute(
        text(f"SELECT {column} FROM {table} WHERE id = :id"), {"id": row_id}
    ).scalar()


def test_follow_ups_signals_assignments_activities_and_feedback_are_stored_encrypted(
    session,
) -> None:
    coop = f.cooperative(session)
    case = f.case(session, coop, DAY)
    follow_up = FollowUp(case_id=case.id, due_on=DAY, text=SECRET)
    signal = Signal(
        cooperative_id=coop.id,
        location=SECRET,
        observation_id=next(iter(entry_ids(session, "observation_kind").values())),
        urgency="frueh",
    )
    volunteer = Volunteer(cooperative_id=coop.id, first_name="Ute", last_name="Ehrlich")
    session.add_all([follow_up, signal, volunteer])
    session.flush()
    assignment = VolunteerAssignment(
        volunteer_id=volunteer.id,
        case_id=case.id,
        assigned_on=DAY,
        hours=Decimal(2),
        activity=SECRET,
    )
    activity = f.activity(session, coop, DAY, "Kaffeenachmittag")
    activity.notes = SECRET
    referral = Referral(
        case_id=case.id,
        partner_id=f.partner(session).id,
        referred_on=DAY,
        status_on=DAY,
        feedback=SECRET,
    )
    session.add_all([assignment, referral])
    session.flush()
    rows = [
        ("follow_up", "text", follow_up),
        ("signal", "location", signal),
        ("volunteer_assignment", "activity", assignment),
        ("activity", "notes", activity),
        ("referral", "feedback", referral),
    ]
    for table, column, row in rows:
        stored = _stored(session, table, column, row.id)
        assert stored.startswith(CIPHER_PREFIX) and "verwahrlost" not in stored, table
    session.expire_all()
    assert session.get(FollowUp, follow_up.id).text == SECRET
    assert session.get(Signal, signal.id).location == SECRET


def test_free_text_written_before_is_encrypted_by_init(session) -> None:
    coop = f.cooperative(session)
    follow_up = f.follow_up(session, f.case(session, coop, DAY), DAY)
    session.execute(
        text("UPDATE follow_up SET text = 'Klartext vom Frühjahr' WHERE id = :id"),
        {"id": follow_up.id},
    )
    assert keys.encrypt_pending(session) >= 1
    assert _stored(session, "follow_up", "text", follow_up.id).startswith(CIPHER_PREFIX)
    session.expire_all()
    assert session.get(FollowUp, follow_up.id).text == "Klartext vom Frühjahr"


def test_records_of_processing_and_readme_list_what_the_models_encrypt() -> None:
    listed = encrypted_fields(personal_encrypted=True)
    assert "Text der Wiedervorlage" in listed and "Ort des Hinweises (Adresse)" in listed
    assert encrypted_fields(personal_encrypted=False) == [
        "Notiz zum Kontakt",
        "Beschreibung des Hinweises",
    ]
    readme = (PROJECT_ROOT / "README.md").read_text()
    block = re.search(r"<!-- encrypted-fields -->.*?<!-- /encrypted-fields -->", readme, re.S)
    assert block and block.group(0) == readme_encrypted_fields(), (
        "README: replace the encrypted-fields block with services.records.readme_encrypted_fields()"
    )
