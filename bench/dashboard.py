"""The indicator dashboard at VSWG scale (issue 8): the full dashboard against a bare SQL
baseline, against the naive way (whole tables into pandas), and a cached refresh."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bench import world
from config import get_settings, local_today
from db import sql
from db.models import Contact
from services import dashboard as dash
from services.actor import Actor
from services.indicators import Scope

KOORDINATION = Actor(user_id=0, role="koordination")


def _best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs in seconds (warm caches, as on a busy server)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def baseline(session: Session, scope: Scope | None = None) -> list:
    """The bare SQL baseline: one count(*) per month over the contacts (all of them, or only
    the scope's period)."""
    month = sql.month_of(Contact.contact_date, sql.dialect(session)).label("m")
    query = select(month, func.count()).group_by(month)
    if scope is not None:
        query = query.where(Contact.contact_date.between(scope.date_from, scope.date_to))
    return session.execute(query).all()


def naive(engine: Engine, scope: Scope) -> dict:
    """The key figures, the monthly trend, problem areas and contact hours the naive way:
    every table read whole into pandas, then filtered and aggregated there."""
    tables = [
        "cooperative",
        "catalogue_entry",
        "case_file",
        "contact",
        "referral",
        "case_problem_area",
        "case_outcome",
    ]
    with engine.connect() as conn:
        t = {name: pd.read_sql_table(name, conn) for name in tables}
    start, end = pd.Timestamp(scope.date_from), pd.Timestamp(scope.date_to)
    contacts, cases = t["contact"], t["case_file"]
    contacts["contact_date"] = pd.to_datetime(contacts["contact_date"])
    cases["opened_on"] = pd.to_datetime(cases["opened_on"])
    in_p = contacts[contacts["contact_date"].between(start, end)]
    with_case = in_p.merge(cases[["id", "person_id"]], left_on="case_id", right_on="id")
    new = cases[cases["opened_on"].between(start, end)]
    referrals = t["referral"]
    referrals["referred_on"] = pd.to_datetime(referrals["referred_on"])
    final = referrals[
        referrals["referred_on"].between(start, end)
        & referrals["status"].isin(["angenommen", "erledigt", "abgelehnt", "nicht_wahrgenommen"])
    ]
    areas = t["case_problem_area"].merge(new[["id"]], left_on="case_id", right_on="id")
    return {
        "persons": with_case.groupby("cooperative_id")["person_id"].nunique(),
        "new": new.groupby("cooperative_id").size(),
        "early": new[new["urgency"] == "frueh"].groupby("cooperative_id").size(),
        "success": final["status"].isin(["angenommen", "erledigt"]).mean(),
        "months": in_p.groupby(in_p["contact_date"].dt.to_period("M")).size(),
        "areas": areas.groupby("entry_id").size(),
        "hours": in_p.groupby("kind_id")["minutes"].sum() / 60,
    }


def cached_refresh(url: str, scope: Scope) -> float:
    """What the open page does every refresh when nothing changed: look up the data version
    and take the figures from the cache, in ms."""
    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    from components.indicators import indicator_views as views  # imports Streamlit: only here

    for name in list(logging.root.manager.loggerDict):  # its "no runtime" warnings
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)

    views.dashboard_for(KOORDINATION, scope)  # fills the cache
    return _best(lambda: views.dashboard_for(KOORDINATION, scope), repeat=50) * 1000


@dataclass
class Figures:
    generated_s: float
    rows: dict[str, int]
    baseline_ms: float
    period_baseline_ms: float
    dashboard_ms: float
    naive_ms: float
    cached_ms: float

    @property
    def ratio(self) -> float:
        return self.dashboard_ms / self.baseline_ms

    @property
    def factor(self) -> float:
        return self.naive_ms / self.dashboard_ms


def run(engine: Engine, url: str, scale: float) -> Figures:
    today = local_today()
    started = time.perf_counter()
    rows = world.build(engine, scale, today)
    generated = time.perf_counter() - started
    scope = Scope(*dash.preset_period("Letzte 12 Monate", today))
    with Session(engine) as session:
        base = _best(lambda: baseline(session), repeat=5)
        period_base = _best(lambda: baseline(session, scope), repeat=5)
        board = _best(lambda: dash.dashboard(session, KOORDINATION, scope), repeat=3)
    slow = _best(lambda: naive(engine, scope), repeat=1)
    cached = cached_refresh(url, scope)
    return Figures(
        generated, rows, base * 1000, period_base * 1000, board * 1000, slow * 1000, cached
    )
