"""Netzwerk: partner cards (phone-friendly, tel:/mailto: links), the partner page."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import streamlit as st

from components.formatting import de_date, de_number, plain
from components.forms import optional_select
from services.catalogues import Option
from services.catalogues import labels as catalogue_labels
from services.partners import PartnerCard, PartnerDetail, PartnerQuery, normalise_phone
from services.referral_followup import ReferralFigures
from services.suppression import EXPLANATION, MEDIAN_MIN, format_cell

PARTNER_PAGE = "screens/partner.py"


def phone_link(phone: str | None) -> str:
    if not phone:
        return ""
    return f"[{plain(phone)}](tel:{normalise_phone(phone)})"


def mail_link(email: str | None) -> str:
    if not email:
        return ""
    return f"[{plain(email)}](mailto:{quote(email, safe='@.+-_')})"


def filter_bar(
    areas: list[Option], kinds: list[Option], cities: list[str], home_city: str | None
) -> PartnerQuery:
    text = st.text_input("Suche", placeholder="Name, Ansprechperson oder Stichwort", key="pn_text")
    c_need, c_kind, c_city = st.columns(3)
    need = optional_select("Hilfebereich", catalogue_labels(areas), "pn_need", "alle", where=c_need)
    kind = optional_select("Art", catalogue_labels(kinds), "pn_kind", "alle", where=c_kind)
    city = optional_select(
        "Ort", {c: c for c in cities}, "pn_city", "alle Orte", current=home_city, where=c_city
    )
    inactive = st.checkbox("auch inaktive Partner", key="pn_inactive")
    return PartnerQuery(text, need, kind, city, include_inactive=inactive)


def answers(figures: ReferralFigures | None) -> str:
    """'Antwort im Median nach 6 Tagen · 80 % angenommen oder erledigt' (what may be
    shown of all cooperatives' referrals)."""
    if figures is None:
        return ""
    parts = []
    if figures.days_to_answer is not None:
        parts.append(f"Antwort im Median nach {de_number(figures.days_to_answer)} Tagen")
    if figures.success_share is not None:
        parts.append(f"{round(figures.success_share * 100)} % angenommen oder erledigt")
    return " · ".join(parts)


def partner_card(card: PartnerCard, today: dt.date, figures: ReferralFigures | None = None):
    with st.container(border=True):
        st.page_link(
            PARTNER_PAGE,
            label=plain(card.name),
            query_params={"id": card.id},
            icon=":material/handshake:",
        )
        facts = [card.kind, ", ".join(card.cities) or card.city or ""]
        if not card.active:
            facts.append("inaktiv")
        if card.is_stale(today):
            facts.append("Angaben prüfen")
        st.caption(plain(" · ".join(f for f in facts if f)))
        reach = " · ".join(x for x in (phone_link(card.phone), mail_link(card.email)) if x)
        if reach:
            st.markdown(reach)
        if card.help_areas:
            st.caption("Hilft bei: " + plain(", ".join(card.help_areas)))
        if said := answers(figures):
            st.caption(f":material/schedule: {said}")


def detail_view(d: PartnerDetail, today: dt.date) -> None:
    data = d.data
    st.title(plain(data.name))
    state = "aktiv" if data.active else "inaktiv"
    checked = de_date(d.last_verified_on) if d.last_verified_on else "noch nie"
    stale = d.last_verified_on is None or (today - d.last_verified_on).days > 365
    st.markdown(
        f"**{plain(d.kind)}** · {state} · Angaben geprüft: "
        + (f":orange[**{checked}** – bitte prüfen]" if stale else checked)
    )
    address = " ".join(x for x in (data.street, data.postcode, data.city) if x)
    lines = [
        ("Anschrift", plain(address)),
        ("Telefon", phone_link(data.phone)),
        ("E-Mail", mail_link(data.email)),
        ("Webseite", plain(data.website)),
        ("Erreichbar", plain(data.opening_hours)),
        ("Hilft bei", plain(", ".join(d.help_areas))),
        ("Orte", plain(", ".join(data.cities))),
        ("Notizen", plain(data.notes)),
    ]
    st.markdown("  \n".join(f"**{label}:** {value}" for label, value in lines if value))
    if data.contact_persons:
        st.markdown("**Ansprechpersonen**")
        for person in data.contact_persons:
            parts = [plain(person.name), plain(person.function)]
            parts += [phone_link(person.phone), mail_link(person.email)]
            st.markdown("- " + " · ".join(p for p in parts if p))


def figures_view(d: PartnerDetail) -> None:
    st.subheader("Vermittlungen an diesen Partner")
    if not d.figures:
        st.caption("Noch keine Vermittlungen.")
        return
    st.table(
        {
            "Genossenschaft": [f.cooperative for f in d.figures],
            "Vermittlungen": [format_cell(f.referrals, d.threshold) for f in d.figures],
            "davon angenommen oder erledigt": [
                "–" if f.success_share is None else f"{round(f.success_share * 100)} %"
                for f in d.figures
            ],
            "Tage bis zur ersten Antwort (Median)": [
                "–" if f.days_to_answer is None else de_number(f.days_to_answer, 1)
                for f in d.figures
            ],
        },
        hide_index=True,
    )
    if len(d.figures) > 1:
        st.caption(EXPLANATION)
    st.caption(
        f"Andere Genossenschaften: Zahlen unter {d.threshold} werden als „<{d.threshold}“ "
        f"gezeigt, Anteile erst ab dieser Zahl, der Median erst ab {MEDIAN_MIN} Antworten. "
        "Erste Antwort: der Tag, an dem der Stand zuerst von „angefragt“ wechselte."
    )
