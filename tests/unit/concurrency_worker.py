"""One app process of tests/unit/test_concurrency.py, in its own interpreter:
python -m tests.unit.concurrency_worker JOB_JSON NUMBER; prints its result as JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys

from db.engine import DatabaseBusy, create_db_engine, make_session_factory, run_transaction
from services import cases
from services.actor import Actor
from services.case_queries import case_header
from services.catalogues import entry_ids
from services.contacts import ContactData
from services.errors import Conflict

WRITES = 500
TODAY = dt.date(2026, 11, 25)


def _engine(url: str, schema: str | None):
    if schema:
        return create_db_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    return create_db_engine(url)


def worker(url: str, schema: str | None, actor: Actor, case_ids: list[int], number: int) -> dict:
    """One app process: contacts on the shared cases, every tenth write an edit of a case
    based on what it read just before (as a user's form would be)."""
    engine = _engine(url, schema)
    factory = make_session_factory(engine)
    # read through run_transaction as well: on SQLite every transaction takes the write lock
    kind, area = run_transaction(
        factory,
        lambda s: (
            entry_ids(s, "contact_kind")["telefon"],
            entry_ids(s, "problem_area")["vereinsamung"],
        ),
    )
    stored, busy, conflicts, other = 0, 0, 0, []
    for i in range(WRITES):
        case_id = case_ids[(number + i) % len(case_ids)]
        data = ContactData(TODAY, 5 + i % 30, kind, client_token=f"w{number}-{i}")
        try:
            run_transaction(
                factory, lambda s, c=case_id, d=data: cases.add_contact(s, actor, c, d, TODAY)
            )
            stored += 1
            if i % 10 == 0:
                seen = run_transaction(factory, lambda s, c=case_id: case_header(s, actor, c))
                edit = cases.CaseEdit((area,), None, cases.PersonData(first_name=f"P{number}"))
                run_transaction(
                    factory,
                    lambda s, c=case_id, e=edit, v=seen: cases.edit_case(s, actor, c, e, v),
                )
        except DatabaseBusy:
            busy += 1
        except Conflict:
            conflicts += 1  # shown to the user as "changed meanwhile", the form keeps the input
        except Exception as exc:  # noqa: BLE001 - anything else is what this test looks for
            other.append(repr(exc)[:300])
    engine.dispose()
    return {"stored": stored, "busy": busy, "conflicts": conflicts, "other": other}


def main() -> None:
    job, number = json.loads(sys.argv[1]), int(sys.argv[2])
    actor = Actor(job["user_id"], "kuemmerer", job["cooperative_id"])
    print(json.dumps(worker(job["url"], job["schema"], actor, job["case_ids"], number)))


if __name__ == "__main__":
    main()
