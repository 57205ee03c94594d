"""The demo's approaches and goals: a realistic profile for each of the eight demo
cooperatives (one of which changed its approach a year ago) and three goals Koordination
set. Written through the services, so the audit log holds their history as it would."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from db.models import Cooperative
from services import approaches as ap
from services import goals as gl
from services.actor import Actor
from services.catalogues import entry_ids

# code -> posts (job title, employer kind, employer, hours), area, funding, focus areas, text
PROFILES = {
    "WGB": ([("sozialer_kuemmerer", "genossenschaft", "", 30)], "staedtisch", "foerl_pilot",
            ("aeltere_vereinsamung", "nachbarschaft"),
            "Sprechstunde dienstags 10–12 Uhr im Nachbarschaftstreff, Hausbesuche nach "
            "Absprache, enge Zusammenarbeit mit dem Pflegestützpunkt."),
    "CSG": ([("sozialarbeit", "sozialer_partner", "SFZ Förderzentrum", 40),
             ("netzwerk", "genossenschaft", "", 20)], "staedtisch", "eigenmittel",
            ("existenzsicherung", "integration", "quartiersentwicklung"),
            "Zwei Stellen: Sozialarbeit für Einzelfälle, Netzwerkarbeit im Quartier. "
            "Offene Beratung im Mieterbüro, Sprachmittlung über Partner."),
    "WDS": ([("sozialarbeit", "wohlfahrtsverband", "Volkssolidarität", 40)], "staedtisch",
            "transferpilot", ("aeltere_vereinsamung", "gesundheit_pflege"),
            "Aufsuchend: Besuche bei allen Mitgliedern über 80, Seniorencafé, "
            "Vermittlung an Pflegedienste."),
    "WGO": ([("sozialer_kuemmerer", "genossenschaft", "", 10)], "laendlich", "foerl_pilot",
            ("aeltere_vereinsamung",),
            "Eine kleine Stelle: Tür-und-Angel-Gespräche, Telefonkette der Nachbarn."),
    "BWS": ([("sozialer_kuemmerer", "sozialer_partner", "SFZ Förderzentrum", 20)], "laendlich",
            "transferpilot", ("aeltere_vereinsamung", "gesundheit_pflege"),
            "Sprechstunde im Hausmeisterbüro, Fahrdienst-Vermittlung, Kontakt zur Kirchgemeinde."),
    "WGW": ([("sozialer_hausmeister", "genossenschaft", "", 25)], "laendlich", "eigenmittel",
            ("nachbarschaft", "familien"),
            "Der soziale Hausmeister kennt alle Häuser; Hoffeste und Hausgemeinschaften."),
    "ZWG": ([("sozialarbeit", "genossenschaft", "", 40)], "staedtisch", "foerl_pilot",
            ("existenzsicherung", "familien", "quartiersentwicklung"),
            "Mietschulden früh erkennen: Hinweise der Vermietung, Schuldnerberatung im Haus."),
}  # fmt: skip
# Döbeln changed its approach a year ago: from a social caretaker to a Kümmerer post
CHANGED = (
    "WGD",
    ([("sozialer_hausmeister", "genossenschaft", "", 20)], "laendlich", "eigenmittel",
     ("nachbarschaft",), "Der soziale Hausmeister hilft nebenbei."),
    ([("sozialer_kuemmerer", "genossenschaft", "", 30)], "laendlich", "foerl_pilot",
     ("aeltere_vereinsamung", "nachbarschaft"),
     "Seit der Förderung eine eigene Kümmerer-Stelle mit Sprechstunde und Hausbesuchen."),
)  # fmt: skip


def _data(session: Session, spec: tuple, start: dt.date, end: dt.date | None) -> ap.ProfileData:
    posts, area, funding, focus, text = spec
    titles, focus_ids = entry_ids(session, "job_title"), entry_ids(session, "focus_area")
    return ap.ProfileData(
        valid_from=start,
        valid_to=end,
        area=area,
        posts=tuple(
            ap.PostData(titles[t], kind, hours, employer, start)
            for t, kind, employer, hours in posts
        ),
        funding_id=entry_ids(session, "funding")[funding],
        focus_area_ids=tuple(focus_ids[f] for f in focus),
        how_we_work=text,
    )


def seed_approaches(
    session: Session, coops: list[Cooperative], start: dt.date, until: dt.date, user_id: int | None
) -> None:
    koordination = Actor(user_id=user_id or 0, role="koordination", display_name="Demo")
    by_code = {c.code: c for c in coops}
    for code, spec in PROFILES.items():
        if code in by_code:
            ap.save_profile(
                session, koordination, by_code[code].id, _data(session, spec, start, None)
            )
    if CHANGED[0] in by_code:
        coop, change = by_code[CHANGED[0]], until - dt.timedelta(days=365)
        before = _data(session, CHANGED[1], start, change - dt.timedelta(days=1))
        ap.save_profile(session, koordination, coop.id, before)
        ap.save_profile(session, koordination, coop.id, _data(session, CHANGED[2], change, None))
    last = dt.date(until.year - 1, 1, 1), dt.date(until.year - 1, 12, 31)
    target_day = dt.date(until.year + 1, 12, 31)
    goals = [
        gl.GoalData("outreach_share", "ansatz", "steigern", *last, 0.6, target_day,
                    approach="area", approach_value="laendlich"),
        gl.GoalData("self_help_rate", "alle", "halten", *last, 0.2, target_day,
                    baseline_note="Jahreswerte aus dem Cockpit"),
    ]  # fmt: skip
    if "ZWG" in by_code:
        goals.append(gl.GoalData("persons_per_100_units", "genossenschaft", "steigern", *last,
                                 3.0, target_day, cooperative_id=by_code["ZWG"].id))  # fmt: skip
    for goal in goals:
        gl.set_goal(session, koordination, goal)
