"""The indicator dashboard at VSWG scale (issue 8): the full dashboard against a bare SQL
baseline, against the naive way (whole tables into pandas), and a cached refresh."""

from __future__ import annotations

import logging
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bench import world
from config import get_settings, local_today
from db import sql
from db.models import Contact, User
from services import dashboard as dash
from services.actor import Actor
from services.catalogues import options
from services.contacts import ContactData
from services.indicators import Scope
from services.quick_contacts import record_quick_contact

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
    views = _views(url)
    views.dashboard_for(KOORDINATION, scope)  # fills the cache
    return _best(lambda: views.dashboard_for(KOORDINATION, scope), repeat=50) * 1000


def _views(url: str):  # noqa: ANN202 - the Indikatoren page's functions
    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    from components.indicators import indicator_views as views  # imports Streamlit: only here

    for name in list(logging.root.manager.loggerDict):  # its "no runtime" warnings
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)
    return views


def _save_quick_contact(engine: Engine, actor: Actor, data: ContactData) -> float:
    """One quick contact saved as the Kurzkontakt screen saves it (its roll-up rows written
    by the triggers in the same transaction), in ms."""
    started = time.perf_counter()
    with Session(engine) as session:
        record_quick_contact(session, actor, data, data.contact_date)
        session.commit()
    return (time.perf_counter() - started) * 1000


def _kuemmerer(engine: Engine) -> Actor:
    with Session(engine) as session:
        user = User(
            username="bench.kuemmerer",
            display_name="Bench",
            password_hash="-",
            role="kuemmerer",
            cooperative_id=1,
        )
        session.add(user)
        session.commit()
        return Actor(user_id=user.id, role="kuemmerer", cooperative_id=1)


def after_writes(engine: Engine, url: str, scope: Scope) -> tuple[float, float]:
    """The quick contact's save (p50 of 30) and the first dashboard after it (the cache
    misses: the data version moved; median of 5), in ms."""
    views = _views(url)
    actor = _kuemmerer(engine)
    with Session(engine) as session:
        kind = options(session, "contact_kind")[0].id
        topic = options(session, "problem_area")[0].id  # the topics of a quick contact
    data = ContactData(local_today(), 10, kind, (topic,))
    saves = [_save_quick_contact(engine, actor, data) for _ in range(30)]
    firsts = []
    for _ in range(5):
        _save_quick_contact(engine, actor, data)
        started = time.perf_counter()
        views.dashboard_for(KOORDINATION, scope)
        firsts.append((time.perf_counter() - started) * 1000)
    return statistics.median(saves), statistics.median(firsts)


@dataclass
class Figures:
    generated_s: float
    rows: dict[str, int]
    baseline_ms: float
    period_baseline_ms: float
    dashboard_ms: float
    naive_ms: float
    cached_ms: float
    quick_save_ms: float = 0.0
    after_write_ms: float = 0.0

    @property
    def ratio(self) -> float:
        return self.dashboard_ms / self.baseline_ms

    @property
    def factor(self) -> float:
        return self.naive_ms / self.dashboard_ms


def run(engine: Engine, url: str, scale: float, naive_too: bool = True) -> Figures:
    today = local_today()
    started = time.perf_counter()
    rows = world.build(engine, scale, today)
    generated = time.perf_counter() - started
    scope = Scope(*dash.preset_period("Letzte 12 Monate", today))
    with Session(engine) as session:
        base = _best(lambda: baseline(session), repeat=5)
        period_base = _best(lambda: baseline(session, scope), repeat=5)
        board = _best(lambda: dash.dashboard(session, KOORDINATION, scope), repeat=3)
    slow = _best(lambda: naive(engine, scope), repeat=1) if naive_too else float("nan")
    cached = cached_refresh(url, scope)
    quick, first = after_writes(engine, url, scope)
    return Figures(
        generated,
        rows,
        base * 1000,
        period_base * 1000,
        board * 1000,
        slow * 1000,
        cached,
        quick,
        first,
    )
