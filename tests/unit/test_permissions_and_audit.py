from __future__ import annotations

import pytest

from services.actor import Actor
from services.audit import audit
from services.errors import NotAllowed, NotFound
from services.permissions import can, require, require_own_cooperative

KUEMMERER = Actor(user_id=1, role="kuemmerer", cooperative_id=7)
KOORDINATION = Actor(user_id=2, role="koordination")
ADMIN = Actor(user_id=3, role="admin")
STAFF = Actor(user_id=4, role="genossenschaft", cooperative_id=7)


def test_only_kuemmerer_touch_cases() -> None:
    assert can(KUEMMERER, "case.read")
    for other in (KOORDINATION, ADMIN, STAFF):
        assert not can(other, "case.read")
        with pytest.raises(NotAllowed):
            require(other, "case.write")


def test_role_table_of_the_design() -> None:
    assert can(KOORDINATION, "meeting.write") and not can(KUEMMERER, "meeting.write")
    assert can(KUEMMERER, "meeting.propose_topic")
    assert can(KOORDINATION, "audit.read") and can(ADMIN, "audit.read")
    assert not can(KUEMMERER, "audit.read")
    assert can(ADMIN, "admin.users") and not can(KOORDINATION, "admin.users")
    assert all(can(a, "partner.write") for a in (KUEMMERER, KOORDINATION, ADMIN))
    assert not can(STAFF, "partner.read") and can(STAFF, "signal.report")


def test_other_cooperatives_records_do_not_exist() -> None:
    require_own_cooperative(KUEMMERER, 7)
    with pytest.raises(NotFound):
        require_own_cooperative(KUEMMERER, 8)
    with pytest.raises(NotFound):
        require_own_cooperative(KOORDINATION, 7)


def test_audit_details_refuse_personal_text(session) -> None:
    audit(session, ADMIN.user_id, "role_changed", "user", 5, role="koordination", count=3)
    with pytest.raises(ValueError):
        audit(session, None, "x", name="Gisela Müller")
    with pytest.raises(ValueError):
        audit(session, None, "x", note="wirkt erschöpft")


def test_the_navigation_follows_the_permission_table() -> None:
    """A screen is listed for exactly the roles that have one of the capabilities it names;
    so giving a role a capability shows its screens, and no list of roles is kept twice."""
    from components.shell.navigation import SCREENS, SECTIONS, screens_for
    from services.permissions import CAPABILITIES

    for screen in SCREENS:
        assert screen.needs and all(c in CAPABILITIES for c in screen.needs), screen.path
        assert screen.section in SECTIONS
        allowed = set().union(*(CAPABILITIES[c] for c in screen.needs))
        for role in ("kuemmerer", "koordination", "admin", "genossenschaft"):
            assert (screen in screens_for(role)) == (role in allowed and not screen.hidden)
