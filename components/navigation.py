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


ALL_ROLES = frozenset(ROLE_LABELS)
SCREENS = [
    Screen("pages/start.py", "Start", ":material/home:", ALL_ROLES, default=True),
    Screen("pages/administration.py", "Verwaltung", ":material/settings:", frozenset({"admin"})),
    Screen(
        "pages/audit_log.py",
        "Protokoll",
        ":material/history:",
        frozenset({"admin", "koordination"}),
    ),
    Screen("pages/account.py", "Mein Konto", ":material/person:", ALL_ROLES),
]


def screens_for(role: str) -> list[Screen]:
    return [s for s in SCREENS if role in s.roles]


def navigation_for(actor: Actor) -> st.navigation:
    pages = [
        st.Page(s.path, title=s.title, icon=s.icon, default=s.default)
        for s in screens_for(actor.role)
    ]
    return st.navigation(pages, position="sidebar")
