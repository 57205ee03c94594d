"""Which screens each role sees, from the permission table: a screen names the capability
it needs (any of several), `permissions.role_can` decides, and the screens are ordered by
their section. Hiding a page is convenience only: the services check again."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from services.actor import Actor
from services.permissions import role_can


@dataclass(frozen=True)
class Screen:
    path: str
    title: str
    icon: str
    needs: tuple[str, ...]  # capabilities, any of them shows the screen
    section: str
    default: bool = False
    hidden: bool = False  # reached by links only (e.g. a case page), not listed

    def for_role(self, role: str) -> bool:
        return any(role_can(role, capability) for capability in self.needs)


# Session key set while slides are shown: no sidebar, no navigation, no account name.
PRESENTING = "kc_presenting"
# the sidebar's sections, in this order; Start stands above them without a heading
SECTIONS = ("", "Fallarbeit", "Netzwerk & Quartier", "Auswertung", "Verwaltung", "Konto")
SCREENS = [
    Screen("screens/start.py", "Start", ":material/home:", ("start.page",), "", default=True),
    # the cooperative's staff see only this screen (and their account)
    Screen("screens/signal_report.py", "Hinweis melden", ":material/campaign:",
           ("signal.report",), ""),
    Screen("screens/quick_contact.py", "Kurzkontakt", ":material/bolt:", ("case.write",),
           "Fallarbeit"),
    Screen("screens/cases.py", "Fälle", ":material/folder_open:", ("case.read",), "Fallarbeit"),
    Screen("screens/new_case.py", "Neuer Fall", ":material/add_circle:", ("case.write",),
           "Fallarbeit"),
    Screen("screens/case.py", "Fall", ":material/folder:", ("case.read",), "Fallarbeit",
           hidden=True),
    Screen("screens/signal_inbox.py", "Hinweise", ":material/campaign:", ("signal.triage",),
           "Fallarbeit"),
    Screen("screens/partners.py", "Netzwerk", ":material/hub:", ("partner.read",),
           "Netzwerk & Quartier"),
    Screen("screens/partner.py", "Partner", ":material/handshake:", ("partner.read",),
           "Netzwerk & Quartier", hidden=True),
    Screen("screens/community.py", "Quartier & Ehrenamt", ":material/diversity_3:",
           ("community.read_aggregate",), "Netzwerk & Quartier"),
    Screen("screens/indicators.py", "Indikatoren", ":material/monitoring:",
           ("indicators.aggregate",), "Auswertung"),
    Screen("screens/approaches.py", "Ansätze", ":material/diversity_2:",
           ("indicators.aggregate",), "Auswertung"),
    Screen("screens/goals.py", "Ziele", ":material/flag:", ("indicators.aggregate",),
           "Auswertung"),
    Screen("screens/presentation.py", "Präsentation", ":material/slideshow:",
           ("indicators.aggregate",), "Auswertung"),
    Screen("screens/reports.py", "Berichte", ":material/description:",
           ("report.own", "report.aggregate"), "Auswertung"),
    Screen("screens/meetings.py", "Austauschtreffen", ":material/groups:", ("meeting.read",),
           "Auswertung"),
    Screen("screens/privacy.py", "Datenschutz", ":material/shield_person:",
           ("privacy.subject_rights", "admin.retention"), "Verwaltung"),
    Screen("screens/administration.py", "Verwaltung", ":material/settings:", ("admin.users",),
           "Verwaltung"),
    Screen("screens/audit_log.py", "Protokoll", ":material/history:", ("audit.read",),
           "Verwaltung"),
    Screen("screens/account.py", "Mein Konto", ":material/person:", ("account.own",), "Konto"),
]  # fmt: skip


def screens_for(role: str) -> list[Screen]:
    """The screens listed in the role's sidebar, in the order of the sections."""
    listed = [s for s in SCREENS if s.for_role(role) and not s.hidden]
    return sorted(listed, key=lambda s: SECTIONS.index(s.section))


def navigation_for(actor: Actor, hidden: bool = False) -> st.navigation:
    """The role's pages in the order of the sections. Listed flat, without section headings:
    Streamlit 1.67 draws a section as a <div> inside the navigation's <ul>, which axe-core
    reports as a serious violation (list/listitem) and screen readers read as a broken list;
    `st.navigation(dict_of_sections)` is the one line to change once that markup is fixed."""
    pages = [
        st.Page(
            s.path,
            title=s.title,
            icon=s.icon,
            default=s.default,
            visibility="hidden" if s.hidden else "visible",
        )
        for s in sorted(SCREENS, key=lambda s: SECTIONS.index(s.section))
        if s.for_role(actor.role)
    ]
    # all screens listed: the default folds everything past the tenth under "View more"
    return st.navigation(pages, position="hidden" if hidden else "sidebar", expanded=True)
