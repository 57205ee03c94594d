"""The success indicators of DESIGN §4: one module per group (services/indicators/groups/),
what they share (core, trends), and the registry.

Each group module declares an ``INDICATOR`` (core.Indicator): its definition, its own
computation (in SQL, protected for the viewer), its rows per cooperative, and what the page,
the slides, the workbook and the Sachbericht show of it. The dashboard (services/dashboard.py)
and every document loop over ``registry()``. A new group is one module, its line in
``groups.ORDER``, its hand-computed test and its entry in docs/indicators.md.
"""

from __future__ import annotations

from services.indicators import groups
from services.indicators.core import (
    Definition,
    Figure,
    Indicator,
    Row,
    RowGroup,
    Scope,
    in_scope,
    own_only,
    share,
    suppress_for,
)
from services.indicators.groups.access_routes import access_routes
from services.indicators.groups.cases import new_cases
from services.indicators.groups.meetings import MeetingFigures, meetings
from services.indicators.groups.neighbourhood import neighbourhood
from services.indicators.groups.network import NetworkFigures, network
from services.indicators.groups.outcomes import outcomes
from services.indicators.groups.problem_areas import problem_areas
from services.indicators.groups.reach import reach
from services.indicators.groups.referrals import referral_success, referrals_by_partner_kind
from services.indicators.groups.self_help import closed_cases
from services.indicators.groups.time_spent import contact_hours, durations, pooled_medians
from services.indicators.trends import trend, trends


def registry() -> dict[str, Indicator]:
    """Every group by its key, in the order of groups.ORDER."""
    return {module.INDICATOR.key: module.INDICATOR for module in groups.ORDER}


def row_groups() -> dict[str, RowGroup]:
    """The groups' rows per cooperative by their own key (the dashboard's totals are
    'key.column')."""
    return {key: rows for i in registry().values() for key, rows in (i.rows or {}).items()}


__all__ = [
    "Definition",
    "Figure",
    "Indicator",
    "registry",
    "row_groups",
    "share",
    "MeetingFigures",
    "NetworkFigures",
    "Row",
    "RowGroup",
    "Scope",
    "access_routes",
    "closed_cases",
    "contact_hours",
    "durations",
    "in_scope",
    "meetings",
    "neighbourhood",
    "network",
    "new_cases",
    "outcomes",
    "own_only",
    "pooled_medians",
    "problem_areas",
    "reach",
    "referral_success",
    "referrals_by_partner_kind",
    "suppress_for",
    "trend",
    "trends",
]
