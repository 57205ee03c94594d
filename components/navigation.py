"""Which screens each role sees. Hiding a page is convenience only: the services check again."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from services.actor import Actor
from services.labels import ROLE_LABELS


@dataclass(frozen=True)
class Screen:
    path: str
    title: str
    icon: str
    roles: frozenset[str]
    default: bool = False
    hidden: bool = False  # reached by links only (e.g. a case page), not listed


# Session key set while slides are shown: no sidebar, no navigation, no account name.
PRESENTING = "kc_presenting"
ALL_ROLES = frozenset(ROLE_LABELS)
KUEMMERER = frozenset({"kuemmerer"})
STAFF = frozenset({"genossenschaft"})
NETWORK = frozenset({"kuemmerer", "koordination", "admin"})
SCREENS = [
    Screen("screens/start.py", "Start", ":material/home:", ALL_ROLES - STAFF, default=True),
    # the cooperative's staff see only this screen (and their account)
    Screen("screens/signal_report.py", "Hinweis melden", ":material/campaign:", STAFF),
    Screen("screens/quick_contact.py", "Kurzkontakt", ":material/bolt:", KUEMMERER),
    Screen("screens/cases.py", "Fälle", ":material/folder_open:", KUEMMERER),
    Screen("screens/new_case.py", "Neuer Fall", ":material/add_circle:", KUEMMERER),
    Screen("screens/case.py", "Fall", ":material/folder:", KUEMMERER, hidden=True),
    Screen("screens/signal_inbox.py", "Hinweise", ":material/campaign:", KUEMMERER),
    Screen("screens/partners.py", "Netzwerk", ":material/hub:", NETWORK),
    Screen(
        "screens/community.py",
        "Quartier & Ehrenamt",
        ":material/diversity_3:",
        frozenset({"kuemmerer", "koordination"}),
    ),
    Screen(
        "screens/indicators.py",
        "Indikatoren",
        ":material/monitoring:",
        frozenset({"kuemmerer", "koordination"}),
    ),
    Screen(
        "screens/presentation.py",
        "Präsentation",
        ":material/slideshow:",
        frozenset({"kuemmerer", "koordination"}),
    ),
    Screen(
        "screens/reports.py",
        "Berichte",
        ":material/description:",
        frozenset({"kuemmerer", "koordination"}),
    ),
    Screen(
        "screens/meetings.py",
        "Austauschtreffen",
        ":material/groups:",
        frozenset({"kuemmerer", "koordination"}),
    ),
    Screen(
        "screens/privacy.py",
        "Datenschutz",
        ":material/shield_person:",
        frozenset({"kuemmerer", "admin"}),
    ),
    Screen("screens/partner.py", "Partner", ":material/handshake:", NETWORK, hidden=True),
    Screen("screens/administration.py", "Verwaltung", ":material/settings:", frozenset({"admin"})),
    Screen(
        "screens/audit_log.py",
        "Protokoll",
        ":material/history:",
        frozenset({"admin", "koordination"}),
    ),
    Screen("screens/account.py", "Mein Konto", ":material/person:", ALL_ROLES),
]


def screens_for(role: str) -> list[Screen]:
    """The screens listed in the role's sidebar."""
    return [s for s in SCREENS if role in s.roles and not s.hidden]


def navigation_for(actor: Actor, hidden: bool = False) -> st.navigation:
    pages = [
        st.Page(
            s.path,
            title=s.title,
            icon=s.icon,
            default=s.default,
            visibility="hidden" if s.hidden else "visible",
        )
        for s in SCREENS
        if actor.role in s.roles
    ]
    # all screens listed: the default folds everything past the tenth under "View more"
    return st.navigation(pages, position="hidden" if hidden else "sidebar", expanded=True)
