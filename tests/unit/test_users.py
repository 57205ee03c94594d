"""First-run setup and account creation: bad input gets German field messages, nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from db.models import User
from services.errors import Invalid, NotAllowed
from services.passwords import password_problem, verify_password
from services.users import (
    NewUser,
    change_own_password,
    create_first_admin,
    create_user,
    needs_setup,
)
from tests import factories as f

GOOD = "Sonnenblume-im-Hof"


def admin_data(**kw) -> NewUser:
    base = dict(
        username="Chefin",
        display_name="Erika Admin",
        password=GOOD,
        password_repeat=GOOD,
        role="admin",
    )
    return NewUser(**{**base, **kw})


def test_first_admin_is_created_with_a_bcrypt_hash(session) -> None:
    assert needs_setup(session)
    user = create_first_admin(session, admin_data(), from_console=True)
    assert user.username == "chefin" and user.role == "admin"
    assert user.password_hash != GOOD and verify_password(GOOD, user.password_hash)
    assert not needs_setup(session)


def test_first_admin_in_the_browser_needs_the_setup_code(session) -> None:
    from services.setup_code import ensure_setup_code

    code, _ = ensure_setup_code()
    with pytest.raises(Invalid) as refused:
        create_first_admin(session, admin_data(), setup_code="")
    assert "Einrichtungscode" in refused.value.fields["setup_code"]
    assert needs_setup(session)
    assert create_first_admin(session, admin_data(), setup_code=code).role == "admin"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"password": "", "password_repeat": ""}, "password", "Passwort ein"),
        ({"password_repeat": GOOD + "x"}, "password_repeat", "stimmen nicht"),
        ({"password": "kurz", "password_repeat": "kurz"}, "password", "mindestens 10"),
        ({"password": "passwort123", "password_repeat": "passwort123"}, "password", "verbreitet"),
        (
            {"password": "chefin-hat-recht", "password_repeat": "chefin-hat-recht"},
            "password",
            "Benutzernamen",
        ),
        ({"username": ""}, "username", "Benutzernamen ein"),
        ({"username": "a b"}, "username", "3–64 Zeichen"),
        ({"display_name": "  "}, "display_name", "Namen"),
        ({"email": "kein-at"}, "email", "E-Mail"),
    ],
)
def test_bad_setup_input_is_rejected_with_a_german_message(session, changes, field, words) -> None:
    with pytest.raises(Invalid) as err:
        create_first_admin(session, admin_data(**changes), from_console=True)
    assert words in err.value.fields[field]
    assert session.scalar(select(func.count()).select_from(User)) == 0


def test_setup_runs_only_once(session) -> None:
    create_first_admin(session, admin_data(), from_console=True)
    with pytest.raises(Invalid, match="bereits abgeschlossen"):
        create_first_admin(session, admin_data(username="zweiter"), from_console=True)


def test_duplicate_username_is_rejected(session) -> None:
    admin = create_first_admin(session, admin_data(), from_console=True)
    with pytest.raises(Invalid) as err:
        create_user(session, f.actor(admin), admin_data(username="CHEFIN"))
    assert "gibt es schon" in err.value.fields["username"]


def test_kuemmerer_needs_a_cooperative(session) -> None:
    admin = create_first_admin(session, admin_data(), from_console=True)
    with pytest.raises(Invalid) as err:
        create_user(session, f.actor(admin), admin_data(username="kai", role="kuemmerer"))
    assert "cooperative_id" in err.value.fields
    coop = f.cooperative(session)
    kai = create_user(
        session,
        f.actor(admin),
        admin_data(username="kai", role="kuemmerer", cooperative_id=coop.id),
    )
    assert kai.cooperative_id == coop.id


def test_only_admins_create_users(session) -> None:
    coordinator = f.user(session, "koordination")
    with pytest.raises(NotAllowed):
        create_user(session, f.actor(coordinator), admin_data(username="neu"))


def test_database_refuses_a_kuemmerer_without_cooperative(session) -> None:
    session.add(User(username="ohne", display_name="x", password_hash="x", role="kuemmerer"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_password_longer_than_72_bytes_is_refused_not_crashing() -> None:
    assert "72 Bytes" in password_problem("ä" * 40)
    assert not verify_password(
        "ä" * 40, "$2b$04$rzn7du2pNlqOzonFskgG.umC0ns5dgH0UcKqsrtE.ZaXSRLyvAmPK"
    )


def test_unlock_clears_the_lock_and_is_audited(session) -> None:
    import datetime as dt

    from db.models import AuditLog, utcnow
    from services.users import unlock_user

    admin = f.user(session, "admin")
    locked = f.user(session, "kuemmerer", locked_until=utcnow() + dt.timedelta(minutes=10))
    with pytest.raises(NotAllowed):
        unlock_user(session, f.actor(f.user(session, "koordination")), locked.id)
    unlock_user(session, f.actor(admin), locked.id)
    assert locked.locked_until is None and locked.failed_logins == 0
    assert session.scalar(select(AuditLog.action).where(AuditLog.entity_id == locked.id)) == (
        "user_unlocked"
    )


def test_reset_password_forces_a_change_and_ends_sessions(session) -> None:
    from db.models import AuditLog
    from services import auth
    from services.users import reset_password

    admin = f.user(session, "admin")
    target = f.user(session, "kuemmerer")
    sid = auth.register_login(session, target.username).actor.session_id
    with pytest.raises(Invalid) as err:
        reset_password(session, f.actor(admin), target.id, "kurz", "kurz")
    assert "mindestens 10" in err.value.fields["password"]
    reset_password(session, f.actor(admin), target.id, GOOD, GOOD)
    assert target.must_change_password and verify_password(GOOD, target.password_hash)
    assert not auth.validate_session(session, sid).ok
    assert auth.register_login(session, target.username).actor.must_change_password
    reset = session.scalar(select(AuditLog).where(AuditLog.action == "password_reset"))
    assert (reset.user_id, reset.entity_id, reset.details) == (admin.id, target.id, None)


def test_change_own_password(session) -> None:
    from db.models import AuditLog
    from services.users import change_own_password
    from tests.factories import PASSWORD

    u = f.user(session, "kuemmerer", must_change_password=True)
    me = f.actor(u)
    with pytest.raises(Invalid) as err:
        change_own_password(session, me, "falsch-falsch", GOOD, GOOD)
    assert "nicht richtig" in err.value.fields["current"]
    with pytest.raises(Invalid) as err:
        change_own_password(session, me, PASSWORD, PASSWORD, PASSWORD)
    assert "unterscheiden" in err.value.fields["password"]
    with pytest.raises(Invalid) as err:
        change_own_password(session, me, PASSWORD, GOOD, GOOD + "!")
    assert "stimmen nicht" in err.value.fields["password_repeat"]
    assert u.must_change_password
    change_own_password(session, me, PASSWORD, GOOD, GOOD)
    assert not u.must_change_password and verify_password(GOOD, u.password_hash)
    assert session.scalar(select(AuditLog.action).where(AuditLog.user_id == u.id)) == (
        "password_changed"
    )


def _change(user, **kw):
    from services.users import UserChange

    base = dict(
        display_name=user.display_name,
        email=user.email or "",
        role=user.role,
        cooperative_id=user.cooperative_id,
        active=user.active,
        version=user.version,
    )
    return UserChange(**{**base, **kw})


def test_update_user_changes_role_and_audits_it(session) -> None:
    from db.models import AuditLog
    from services.users import update_user

    admin = f.user(session, "admin")
    target = f.user(session, "koordination")
    update_user(session, f.actor(admin), target.id, _change(target, role="admin"))
    assert target.role == "admin"
    details = session.scalars(
        select(AuditLog.details).where(AuditLog.action == "role_changed")
    ).one()
    assert details == {"old": "koordination", "new": "admin"}


def test_a_role_or_cooperative_change_ends_the_open_sessions(session) -> None:
    """An open dashboard or kiosk was drawn for the old role: its next refresh finds the
    session ended (and a name change alone keeps it)."""
    from services import auth
    from services.users import update_user

    admin = f.user(session, "admin")
    coop_a, coop_b = f.cooperative(session), f.cooperative(session)
    target = f.user(session, "kuemmerer", coop=coop_a)
    first = auth.register_login(session, target.username).actor.session_id
    update_user(session, f.actor(admin), target.id, _change(target, display_name="Neu Name"))
    assert auth.validate_session(session, first).ok
    update_user(session, f.actor(admin), target.id, _change(target, cooperative_id=coop_b.id))
    assert not auth.validate_session(session, first).ok
    second = auth.register_login(session, target.username).actor.session_id
    update_user(session, f.actor(admin), target.id, _change(target, role="koordination"))
    assert not auth.validate_session(session, second).ok


def test_last_active_admin_cannot_be_deactivated_or_demoted(session) -> None:
    from services.users import update_user

    admin = f.user(session, "admin")
    with pytest.raises(Invalid) as err:
        update_user(session, f.actor(admin), admin.id, _change(admin, active=False))
    assert "letzte aktive" in err.value.fields["active"]
    with pytest.raises(Invalid) as err:
        update_user(session, f.actor(admin), admin.id, _change(admin, role="koordination"))
    assert "letzte aktive" in err.value.fields["role"]
    assert admin.active and admin.role == "admin"
    second = f.user(session, "admin")
    update_user(session, f.actor(second), admin.id, _change(admin, active=False))
    assert not admin.active


def test_stale_edit_is_detected(session) -> None:
    from services.errors import Conflict
    from services.users import update_user

    admin = f.user(session, "admin")
    target = f.user(session, "koordination")
    stale = _change(target, display_name="Neu 1")
    update_user(session, f.actor(admin), target.id, _change(target, display_name="Neu 2"))
    with pytest.raises(Conflict):
        update_user(session, f.actor(admin), target.id, stale)
    assert target.display_name == "Neu 2"


def test_admin_created_user_must_change_password(session) -> None:
    admin = create_first_admin(session, admin_data(), from_console=True)
    coop = f.cooperative(session)
    kai = create_user(
        session,
        f.actor(admin),
        admin_data(username="kai", role="kuemmerer", cooperative_id=coop.id),
    )
    assert kai.must_change_password


@pytest.mark.parametrize(
    "password", [" Sonnenblume-im-Hof", "Sonnenblume-im-Hof ", "\tSonnenblume-Hof"]
)
def test_a_password_the_login_would_strip_is_refused(password) -> None:
    assert "Leerzeichen" in password_problem(password)
    assert password_problem("Sonnen blume im Hof") is None  # spaces inside are fine


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(session) -> None:
    from db.models import UserSession
    from services import auth

    u = f.user(session, "koordination", username="gisela")
    here = auth.register_login(session, "gisela").actor
    elsewhere = auth.register_login(session, "gisela").actor
    change_own_password(session, here, f.PASSWORD, "Sonnenblume-im-Hof", "Sonnenblume-im-Hof")
    assert session.get(UserSession, here.session_id).ended_at is None
    gone = session.get(UserSession, elsewhere.session_id)
    assert gone.ended_at is not None and gone.end_reason == "password_changed"
    assert not auth.validate_session(session, elsewhere.session_id).ok
    assert u.id == here.user_id


def test_wrong_current_passwords_count_toward_the_lockout(session) -> None:
    from config import get_settings
    from services import auth

    f.user(session, "koordination", username="gisela")
    me = auth.register_login(session, "gisela").actor
    for _ in range(get_settings().max_failed_logins):
        auth.register_wrong_current_password(session, me)
    user = session.get(User, me.user_id)
    assert auth.is_locked(user, dt.datetime.now(dt.UTC))


def test_an_unknown_user_name_costs_a_password_check(session, monkeypatch) -> None:
    """A login with an unknown name takes as long as a wrong password (no timing oracle)."""
    import bcrypt

    from services import auth

    checks = []
    real = bcrypt.checkpw
    monkeypatch.setattr(bcrypt, "checkpw", lambda pw, h: checks.append(h) or real(pw, h))
    auth.register_failed_login(session, None)
    auth.register_failed_login(session, "niemand")
    assert len(checks) == 2
    assert checks[0].startswith(b"$2b$12$")  # bcrypt's default cost, as hash_password uses
