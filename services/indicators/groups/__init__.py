"""One module per indicator group, each declaring its ``INDICATOR``; ``ORDER`` is the order
of the dashboard, the slides, the workbook and the Sachbericht."""

from services.indicators.groups import (
    access_routes,
    cases,
    early_detection,
    effect,
    low_threshold,
    meetings,
    neighbourhood,
    network,
    outcomes,
    problem_areas,
    reach,
    referrals,
    self_help,
    time_spent,
)

ORDER = (
    reach,
    cases,
    early_detection,
    access_routes,
    problem_areas,
    referrals,
    self_help,
    outcomes,
    low_threshold,
    effect,
    time_spent,
    network,
    neighbourhood,
    meetings,
)
