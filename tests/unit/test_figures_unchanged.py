"""The figures of the demo data, pinned: the dashboard (key figures, rows, totals, trends,
every group) for Koordination and two Kümmerer over three scopes, signal, community,
partner and start figures. A refactoring of the indicators or of their protection must keep
them equal; a change meant to change figures rewrites the file and says why in its commit:

    .venv/bin/python -m tests.unit.test_figures_unchanged
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import tempfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import create_db_engine
from db.models import Cooperative, Partner, User
from services import community, partners, signals, start
from services import dashboard as dash
from services import indicators as ind
from services.auth import _actor
from services.demo import seed_demo
from tests.conftest import _prepare

PINNED = Path(__file__).parent.parent / "fixtures" / "demo_figures.json"
UNTIL = dt.date(2026, 11, 30)


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def figures(session: Session) -> dict:
    actors = {u.username: _actor(u, None) for u in session.scalars(select(User))}
    coops = tuple(session.scalars(select(Cooperative.id).order_by(Cooperative.id)))
    partner_ids = session.scalars(select(Partner.id).order_by(Partner.id).limit(40)).all()
    out = {}
    for name in ("koordination", "kuemmerer.chemnitz", "kuemmerer.zwickau"):
        actor = actors[name]
        scopes = {
            "all": ind.Scope(dt.date(2026, 1, 1), UNTIL, coops),
            "q4": ind.Scope(dt.date(2026, 10, 1), UNTIL, coops[:3]),
            "own": ind.Scope(dt.date(2026, 1, 1), UNTIL, (actor.cooperative_id or coops[0],)),
        }
        for label, scope in scopes.items():
            out[f"{name}/{label}"] = _plain(dash.dashboard(session, actor, scope))
        out[f"{name}/signals"] = _plain(
            signals.signal_indicators(session, actor, dt.date(2026, 1, 1), UNTIL)
        )
        out[f"{name}/partners"] = _plain(
            [partners.referral_figures(session, actor, pid) for pid in partner_ids]
        )
    out["community"] = _plain(community.community_overview(session, actors["koordination"], UNTIL))
    out["start"] = _plain(start.overview_start(session, actors["koordination"], UNTIL))
    return out


def _demo_figures() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_db_engine(f"sqlite:///{tmp}/demo.db")
        _prepare(engine)
        with Session(engine) as session:
            seed_demo(session, seed=2026, until=UNTIL, scale=0.3)
            session.flush()
            result = json.loads(json.dumps(figures(session), sort_keys=True))
        engine.dispose()
    return result


def test_the_demo_figures_are_unchanged() -> None:
    pinned = json.loads(PINNED.read_text())
    now = _demo_figures()
    assert sorted(now) == sorted(pinned)
    for key in pinned:
        assert now[key] == pinned[key], f"figures changed: {key}"


if __name__ == "__main__":
    PINNED.write_text(json.dumps(_demo_figures(), indent=1, sort_keys=True) + "\n")
