"""The figures of the demo data, pinned: the dashboard (key figures, rows, totals, trends,
every group) for Koordination and two Kümmerer over three scopes, signal, community,
partner and start figures; and what the screens make of them — every section's figures as
the page, the slides, the workbook and the Sachbericht show them, its chart table and the
slide's sentence. A refactoring of the indicators or of their protection must keep them
equal; a change meant to change figures rewrites the files and says why in its commit:

    .venv/bin/python -m tests.unit.test_figures_unchanged
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from components.documents.indicator_charts import figure_text
from components.documents.indicator_story import stories
from db.engine import create_db_engine
from db.models import Cooperative, Partner, User
from services import community, partners, signals, start
from services import dashboard as dash
from services import indicators as ind
from services.auth import _actor
from services.demo import seed_demo
from tests.conftest import _prepare

PINNED = Path(__file__).parent.parent / "fixtures" / "demo_figures.json"
SHOWN = Path(__file__).parent.parent / "fixtures" / "demo_display.json"
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


def _display(board: dash.Dashboard, before: dash.Dashboard, compared: str) -> list:
    """Each section as shown: figure texts, the chart table's shown cells, the sentence."""
    shown = []
    for story in stories(board, before, 5, compared):
        part = story.section
        shown.append(
            {
                "key": part.key,
                "figures": [[f.label, figure_text(f, 5)] for f in part.figures],
                "table": part.frame[["Kategorie", "Reihe", "Anzeige"]].values.tolist(),
                "mark": [part.mark, part.unit],
                "takeaway": story.takeaway,
            }
        )
    return shown


def display(session: Session) -> dict:
    actors = {u.username: _actor(u, None) for u in session.scalars(select(User))}
    coops = tuple(session.scalars(select(Cooperative.id).order_by(Cooperative.id)))
    out = {}
    for name in ("koordination", "kuemmerer.chemnitz"):
        actor = actors[name]
        for label, scope in {
            "all": ind.Scope(dt.date(2026, 1, 1), UNTIL, coops),
            "own": ind.Scope(dt.date(2026, 1, 1), UNTIL, (actor.cooperative_id or coops[0],)),
        }.items():
            board = dash.dashboard(session, actor, scope)
            before = dash.dashboard(session, actor, dash.previous(scope))
            out[f"{name}/{label}"] = _display(board, before, dash.compared_with(scope))
    return out


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


@contextmanager
def demo_session() -> Iterator[Session]:
    """The pinned demo (seed 2026 up to UNTIL, scale 0.3) in a SQLite database of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_db_engine(f"sqlite:///{tmp}/demo.db")
        _prepare(engine)
        try:
            with Session(engine) as session:
                seed_demo(session, seed=2026, until=UNTIL, scale=0.3)
                session.flush()
                yield session
        finally:
            engine.dispose()


def _demo_figures() -> tuple[dict, dict]:
    with demo_session() as session:
        result = json.loads(json.dumps(figures(session), sort_keys=True))
        shown = json.loads(json.dumps(display(session), sort_keys=True))
    return result, shown


def test_the_demo_figures_are_unchanged() -> None:
    now, shown = _demo_figures()
    for path, current in ((PINNED, now), (SHOWN, shown)):
        pinned = json.loads(path.read_text())
        assert sorted(current) == sorted(pinned)
        for key in pinned:
            assert current[key] == pinned[key], f"figures changed: {path.name} {key}"


if __name__ == "__main__":
    for path, current in zip((PINNED, SHOWN), _demo_figures(), strict=True):
        path.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
