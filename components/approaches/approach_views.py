"""Ansätze: the profiles side by side (a table to export), each with its key figures, and the
form that keeps a profile (the own cooperative's for a Kümmerer, any for Koordination)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.documents.indicator_charts import shown
from components.fieldsets import Field, Fieldset, render
from components.formatting import de_date, de_number, plain
from components.forms import FieldErrors, save_and_rerun
from components.tables import Columns, record_table
from db.models import ApproachPost, ApproachProfile
from services import approach_figures as af
from services import approaches as ap
from services.actor import Actor
from services.catalogues import Option
from services.labels import EMPLOYER_LABELS
from services.spreadsheets import csv_bytes
from services.suppression import EXPLANATION

CURRENT = 0  # the record picker's "new profile"


def _post_lines(profile: ap.Profile) -> str:
    return "; ".join(_posts_line(p) for p in profile.posts)


def _valid(profile: ap.Profile) -> str:
    until = de_date(profile.valid_to) if profile.valid_to else "heute"
    return f"{de_date(profile.valid_from)} – {until}"


# the profiles' overview, declared once for the table and its export
COLUMNS: Columns = {
    "Genossenschaft": lambda p: p.cooperative,
    "Ort": lambda p: p.city,
    "Gültig": _valid,
    "Stellen": _post_lines,
    "Vollzeitstellen": lambda p: de_number(p.full_time_posts, 2),
    "Gebiet": lambda p: ap.AREA_LABELS[p.area],
    "Finanzierung": lambda p: p.funding or "–",
    "Arbeitsschwerpunkte": lambda p: ", ".join(p.focus_areas.values()) or "–",
    "Seit": lambda p: de_date(min((q.in_post_since for q in p.posts if q.in_post_since),
                                  default=None)),
    "So arbeiten wir": lambda p: p.how_we_work or "–",
}  # fmt: skip
KEY_FIGURES = ("new_cases", "persons", "contacts", "new_cases_per_post", "persons_per_post",
               "hours_per_post", "persons_per_100_units")  # fmt: skip


def overview(profiles: list[ap.Profile]) -> None:
    """The profiles side by side as cards (three across on a desk, one below the other on a
    phone), and as a table to export."""
    if not profiles:
        st.info("Noch kein Steckbrief angelegt.", icon=":material/info:")
        return
    for start in range(0, len(profiles), 3):
        for column, profile in zip(st.columns(3), profiles[start : start + 3]):
            with column.container(border=True):
                _card(profile)
    with st.expander("Als Tabelle (zum Exportieren)"):
        record_table(profiles, COLUMNS, "", key="approach_table")
        st.download_button(
            "Tabelle als CSV",
            lambda: csv_bytes(
                list(COLUMNS), ([show(p) for show in COLUMNS.values()] for p in profiles)
            ),
            "ansaetze.csv",
            "text/csv",
            on_click="ignore",
            key="approach_csv",
        )


def _card(profile: ap.Profile) -> None:
    st.markdown(f"**{plain(profile.cooperative)}**")
    where = [profile.city, ap.AREA_LABELS[profile.area], profile.funding or "ohne Angabe"]
    st.caption(plain(" · ".join(where)) + f" · gültig {_valid(profile)}")
    posts = "  \n".join(plain(_posts_line(p)) for p in profile.posts)
    st.markdown(f"{posts}  \n**{de_number(profile.full_time_posts, 2)} Vollzeitstellen**")
    if profile.focus_areas:
        st.markdown("Schwerpunkte: " + plain(", ".join(profile.focus_areas.values())))
    if profile.how_we_work:
        st.caption(plain(profile.how_we_work))


def _posts_line(post: ap.Post) -> str:
    employer = post.employer or EMPLOYER_LABELS[post.employer_kind]
    return f"{post.job_title}, {de_number(post.weekly_hours, 1)} Std. ({employer})"


def key_figures(
    profiles: list[ap.Profile], figures: dict[int, af.ApproachGroup], threshold: int
) -> None:
    """Each current profile's cooperative with its figures of the period, absolute and per
    full-time post (other cooperatives' protected)."""

    def cell(key: str):  # noqa: ANN202
        figure = af.FIGURES[key]
        return lambda p: shown(figures[p.cooperative_id].values[key], threshold, figure.unit)

    columns: Columns = {
        "Genossenschaft": lambda p: p.cooperative,
        # averaged over the period: a post that changed counts for its days
        "Vollzeitstellen": lambda p: de_number(figures[p.cooperative_id].full_time_posts, 2),
    } | {af.FIGURES[k].label: cell(k) for k in KEY_FIGURES}
    rows = [p for p in profiles if p.cooperative_id in figures]
    record_table(rows, columns, "Keine Steckbriefe.", key="approach_figures")
    st.caption(EXPLANATION)


# --- keeping a profile -------------------------------------------------------------------------
PROFILE_FIELDS = Fieldset(
    (
        (Field("valid_from"), Field("valid_to", help="Leer lassen, solange er gilt.")),
        (Field("area", widget="segmented"), Field("funding_id", choices="funding")),
        (Field("focus_area_ids", choices="focus_area", widget="pills"),),
        (Field("how_we_work", widget="area", column=ApproachProfile.how_we_work,
               help="Methoden, Partner, Sprechzeiten – keine Namen von Mieterinnen und Mietern."),),
    ),
    of=ap.ProfileData,
    fixed=("posts",),
)  # fmt: skip


POST_FIELDS = Fieldset(
    ((Field("job_title_id", choices="job_title", placeholder="Bitte wählen", width=2),
      Field("weekly_hours", help="1 bis 60 Stunden je Woche")),
     (Field("employer_kind", default="genossenschaft", width=2),
      Field("employer", placeholder="z. B. SFZ Förderzentrum", width=2),
      Field("in_post_since", width=1))),
    of=ap.PostData,
    model=ApproachPost,
)  # fmt: skip


def _posts(key: str, count: int, current: tuple[ap.PostData, ...], options, errors) -> tuple:
    """``count`` posts, each a row of fields; the first ones start as they were."""
    posts = []
    for number in range(count):
        st.markdown(f"**Stelle {number + 1}**" if count > 1 else "**Stelle**")
        start = current[number] if number < len(current) else None
        posts.append(render(POST_FIELDS, f"{key}_post{number}", errors, start, options))
    return tuple(posts)


def editor(
    actor: Actor,
    cooperatives: dict[int, str],
    profiles: list[ap.Profile],
    options: dict[str, list[Option]],
    today: dt.date,
) -> None:
    """Choose a cooperative and one of its profiles (or a new one) and keep it."""
    editable = {cid: n for cid, n in cooperatives.items() if ap.may_edit(actor, cid)}
    if not editable:
        return
    st.subheader("Steckbrief pflegen")
    cid = st.selectbox("Genossenschaft", list(editable), format_func=editable.get,
                       key="ap_coop", disabled=len(editable) == 1,
                       placeholder="Bitte wählen")  # fmt: skip
    own = [p for p in profiles if p.cooperative_id == cid]
    choices = {CURRENT: "Neuer Steckbrief (z. B. ab einer Änderung)"} | {
        p.id: _valid(p) for p in reversed(own)
    }
    chosen = st.selectbox("Steckbrief", list(choices), format_func=choices.get,
                          index=1 if own else 0, key=f"ap_pick_{cid}",
                          placeholder="Bitte wählen")  # fmt: skip
    current = next((p for p in own if p.id == chosen), None)
    latest = own[-1] if own else None
    start = current.data if current else _new_from(latest, today)
    key = f"ap_{cid}_{chosen}"
    count = st.number_input("Anzahl der Stellen", 1, ap.MAX_POSTS, len(start.posts) or 1,
                            key=f"{key}_count")  # fmt: skip
    errors = FieldErrors()
    with st.form(key):
        data = render(PROFILE_FIELDS, key, errors, start, options, posts=())
        posts = _posts(key, int(count), start.posts, options, errors)
        errors.slot("posts")
        end_current = False
        if current is None and latest is not None and latest.valid_to is None:
            end_current = st.checkbox(
                f"Den bisherigen Steckbrief (seit {de_date(latest.valid_from)}) am Vortag beenden",
                value=True, key=f"{key}_end",
            )  # fmt: skip
        if st.form_submit_button("Steckbrief speichern", type="primary"):
            data = ap.ProfileData(**{**data.__dict__, "posts": posts})
            save_and_rerun(
                errors,
                lambda s: ap.save_profile(s, actor, cid, data, current and current.id,
                                          current and current.version, end_current),
                "Steckbrief gespeichert.",
            )  # fmt: skip


def _new_from(latest: ap.Profile | None, today: dt.date) -> ap.ProfileData:
    """A new profile starts as a copy of the latest one, valid from today."""
    if latest is None:
        return ap.ProfileData(today, "staedtisch", ())
    return ap.ProfileData(**{**latest.data.__dict__, "valid_from": today, "valid_to": None})
