"""The success indicators of DESIGN §4: one module per group (services/indicators/groups/),
what they share (core, trends), and the registry.

Each group module declares an ``INDICATOR`` (core.Indicator): its definition, its own
computation (in SQL, protected for the viewer), its rows per cooperative, and what the page,
the slides, the workbook and the Sachbericht show of it. The dashboard (services/dashboard.py)
and every document loop over ``REGISTRY``. A new group is one module, its line in
``groups.ORDER``, its hand-computed test and its entry in docs/indicators.md.
"""

from __future__ import annotations

from services.indicators.core import (
    Definition,
    Figure,
    Indicator,
    Row,
    RowGroup,
    Scope,
    in_scope,
    own_only,
    suppress_for,
)
from services.indicators.groups import ORDER
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

REGISTRY: dict[str, Indicator] = {m.INDICATOR.key: m.INDICATOR for m in ORDER}
DEFINITIONS: dict[str, Definition] = {key: i.definition for key, i in REGISTRY.items()}
# per-cooperative rows by their own key (the dashboard's totals are 'key.column')
ROW_GROUPS: dict[str, RowGroup] = {
    key: group for i in REGISTRY.values() for key, group in (i.rows or {}).items()
}

__all__ = [
    "DEFINITIONS", "REGISTRY", "ROW_GROUPS", "Definition", "Figure", "Indicator",
    "MeetingFigures", "NetworkFigures", "Row", "RowGroup", "Scope", "access_routes",
    "closed_cases", "contact_hours", "durations", "in_scope", "meetings", "neighbourhood",
    "network", "new_cases", "outcomes", "own_only", "pooled_medians", "problem_areas", "reach",
    "referral_success", "referrals_by_partner_kind", "suppress_for", "trend", "trends",
]  # fmt: skip
