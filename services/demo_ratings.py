"""The demo's Einschätzungen: for about two thirds of the cases a first rating soon after
opening, often one in between, and one at closing — with the improvement a Kümmerer would
report: more for cases taken up early, little or none for crises. Drawn from a generator of
their own (their record keys too), so the rest of the demo stays as it was."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session

from db.bulk import insert_links, insert_returning_ids
from db.models import Rating, RatingValue
from db.record_keys import RANGE
from services.ratings import OWN, instruments

# urgency -> how far loneliness and self-help move from the first to the last rating
CHANGE = {"frueh": (0, 1, 1, 2), "akut": (-1, 0, 1, 1, 2), "krise": (-1, 0, 0, 1)}
START = {"frueh": (2, 3, 3), "akut": (1, 2, 2, 3), "krise": (1, 1, 2)}


def seed_ratings(session: Session, rng: random.Random, coop_id: int, case_ids: list[int],
                 case_meta: list[tuple], until: dt.date) -> int:  # fmt: skip
    """Ratings of one cooperative's cases; returns how many."""
    tool = next(t for t in instruments(session) if t.key == OWN)
    items = {i.key: i.id for i in tool.items}
    planned: list[tuple[dict, dict[str, int]]] = []
    for case_id, (opened, closed_on, _status, _areas, urgency) in zip(case_ids, case_meta):
        if rng.random() > 0.65:
            continue
        first_day = opened + dt.timedelta(days=rng.randint(0, 10))
        end = closed_on or until
        if first_day > end:
            continue
        lonely, self_help = rng.choice(START[urgency]), rng.choice(START[urgency])
        home = 1 if urgency == "krise" and rng.random() < 0.5 else 2
        days = [(first_day, "aufnahme")]
        if (end - first_day).days > 40 and rng.random() < 0.5:
            days.append((first_day + (end - first_day) / 2, "verlauf"))
        if closed_on and rng.random() < 0.85:
            days.append((closed_on, "abschluss"))
        for n, (day, stage) in enumerate(days):
            share = n / max(1, len(days) - 1)
            moved = {k: round(rng.choice(CHANGE[urgency]) * share) for k in ("e", "s")}
            values = {
                "einsamkeit": min(5, max(1, lonely + moved["e"])),
                "selbsthilfe": min(5, max(1, self_help + moved["s"])),
                "wohnen": 3 if n and rng.random() < 0.75 else home,
            }
            row = dict(case_id=case_id, cooperative_id=coop_id, instrument_id=tool.id,
                       rated_on=day, source=rng.choice(["gemeinsam", "gemeinsam", "eindruck"]),
                       stage=stage, record_key=rng.randrange(RANGE))  # fmt: skip
            planned.append((row, values))
    ids = insert_returning_ids(session, Rating, [row for row, _ in planned])
    insert_links(session, RatingValue.__table__, [
        {"rating_id": rid, "item_id": items[key], "value": value}
        for rid, (_, values) in zip(ids, planned) for key, value in values.items()
    ])  # fmt: skip
    return len(ids)
