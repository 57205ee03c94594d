"""Login, lockout and session validity live in the database (not in the authenticator)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select

from config import get_settings
from db.models import AuditLog, User, UserSession, utcnow
from services import auth, login_limits
from tests import factories as f


def test_login_opens_a_session_and_is_audited(session) -> None:
    u = f.user(session, "koordination", username="katrin")
    check = auth.register_login(session, "Katrin")
    assert check.ok and check.actor.user_id == u.id and check.actor.role == "koordination"
    row = session.get(UserSession, check.actor.session_id)
    assert row.ended_at is None
    assert session.scalar(select(AuditLog.action).where(AuditLog.user_id == u.id)) == "login"


def test_five_failed_logins_lock_the_account(session) -> None:
    u = f.user(session, "admin", username="anna")
    for _ in range(get_settings().max_failed_logins):
        auth.register_failed_login(session, "anna")
    session.refresh(u)
    assert u.locked_until is not None
    check = auth.register_login(session, "anna")
    # Same message as a wrong password: it does not reveal that the account exists or is locked.
    assert not check.ok and check.message == auth.LOGIN_FAILED_MESSAGE
    actions = session.scalars(select(AuditLog.action).where(AuditLog.user_id == u.id)).all()
    assert actions.count("login_failed") == 5 and "login_blocked" in actions


def test_lock_expires(session) -> None:
    u = f.user(session, "admin")
    u.locked_until = utcnow() - dt.timedelta(seconds=1)
    assert auth.register_login(session, u.username).ok


def test_failed_login_of_unknown_user_is_audited_without_name(session) -> None:
    auth.register_failed_login(session, "gibtsnicht")
    entry = session.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert entry.action == "login_failed" and entry.user_id is None
    assert "gibtsnicht" not in str(entry.details)


def test_idle_session_ends(session) -> None:
    u = f.user(session, "admin")
    check = auth.register_login(session, u.username)
    later = utcnow() + dt.timedelta(minutes=get_settings().idle_timeout_minutes + 1)
    result = auth.validate_session(session, check.actor.session_id, now=later)
    assert not result.ok and "Inaktivität" in result.message
    assert session.get(UserSession, check.actor.session_id).end_reason == "idle"


def test_activity_keeps_session_alive_until_absolute_limit(session) -> None:
    u = f.user(session, "admin")
    sid = auth.register_login(session, u.username).actor.session_id
    settings = dataclasses.replace(
        get_settings(), idle_timeout_minutes=30, absolute_session_hours=1
    )
    now = utcnow()
    for minutes in (20, 40, 55):
        assert auth.validate_session(session, sid, now + dt.timedelta(minutes=minutes), settings).ok
    assert not auth.validate_session(session, sid, now + dt.timedelta(minutes=70), settings).ok


def test_activity_is_written_at_most_once_a_minute(session) -> None:
    """Most reruns only read the session row: no write lock on SQLite for a click."""
    u = f.user(session, "admin")
    sid = auth.register_login(session, u.username).actor.session_id
    session.commit()
    started = session.get(UserSession, sid).last_seen_at
    soon = utcnow() + dt.timedelta(seconds=30)
    assert auth.validate_session(session, sid, soon).ok
    assert not session.dirty
    assert session.get(UserSession, sid).last_seen_at == started
    later = utcnow() + dt.timedelta(seconds=61)
    assert auth.validate_session(session, sid, later).ok
    session.commit()
    session.expire_all()
    assert auth._aware(session.get(UserSession, sid).last_seen_at) == later


def test_deactivation_and_role_change_take_effect_on_next_rerun(session) -> None:
    u = f.user(session, "koordination")
    sid = auth.register_login(session, u.username).actor.session_id
    u.role = "admin"
    session.flush()
    assert auth.validate_session(session, sid).actor.role == "admin"
    u.active = False
    session.flush()
    assert not auth.validate_session(session, sid).ok


def test_cookie_is_accepted_only_for_its_live_session(session) -> None:
    u = f.user(session, "admin")
    sid = auth.register_login(session, u.username).actor.session_id
    auth.bind_cookie(session, sid, 1_800_000_000.25)
    assert auth.resume_from_cookie(session, u.username, 1_800_000_000.25).ok
    assert not auth.resume_from_cookie(session, u.username, 1_800_000_999.0).ok
    auth.end_session(session, sid, "logout")
    # Replaying the cookie after logout does not log in again (authenticator issue #203).
    assert not auth.resume_from_cookie(session, u.username, 1_800_000_000.25).ok


def test_credentials_leave_out_inactive_users(session) -> None:
    active = f.user(session, "admin")
    f.user(session, "admin", active=False, username="weg")
    creds = auth.authenticator_credentials(session)["usernames"]
    assert active.username in creds and "weg" not in creds
    assert creds[active.username]["password"].startswith("$2b$")


def test_login_updates_last_login(session) -> None:
    u = f.user(session, "admin")
    auth.register_login(session, u.username)
    assert session.get(User, u.id).last_login_at is not None


def test_ending_all_sessions_of_a_user(session) -> None:
    u = f.user(session, "admin")
    first = auth.register_login(session, u.username).actor.session_id
    second = auth.register_login(session, u.username).actor.session_id
    auth.end_user_sessions(session, u.id, "password_reset")
    session.flush()
    assert not auth.validate_session(session, first).ok
    assert not auth.validate_session(session, second).ok


def test_command_line_actions_are_audited_without_a_user(session) -> None:
    from services.actor import COMMAND_LINE
    from services.audit import audit

    audit(session, COMMAND_LINE, "user_unlocked", "user", 42)
    entry = session.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert entry.user_id is None and entry.details == {"via": "cli"}


def test_failures_expire_after_the_lockout_window(session) -> None:
    settings = get_settings()
    u = f.user(session, "admin", username="berta")
    start = utcnow()
    for _ in range(settings.max_failed_logins - 1):
        auth.register_failed_login(session, "berta", now=start)
    # one more, but after the window: the earlier ones no longer count
    later = start + dt.timedelta(minutes=settings.lockout_minutes, seconds=1)
    auth.register_failed_login(session, "berta", now=later)
    session.refresh(u)
    assert u.locked_until is None and u.failed_logins == 1
    assert auth.register_login(session, "berta", now=later).ok


def test_spraying_one_address_across_accounts_is_refused(session) -> None:
    settings = dataclasses.replace(get_settings(), max_failed_logins_per_address=6)
    names = [f.user(session, "kuemmerer", username=f"k{i}").username for i in range(6)]
    now = utcnow()
    for name in names:  # one try per account: no account reaches its own limit
        assert not login_limits.address_blocked(session, "203.0.113.9", now, settings)
        auth.register_failed_login(session, name, now, settings, address="203.0.113.9")
    assert login_limits.address_blocked(session, "203.0.113.9", now, settings)
    assert not login_limits.address_blocked(session, "198.51.100.1", now, settings)  # others go on
    later = now + dt.timedelta(minutes=settings.lockout_minutes, seconds=1)
    assert not login_limits.address_blocked(session, "203.0.113.9", later, settings)
    # the address is not stored as such
    from db.models import LoginFailure

    keys = session.scalars(select(LoginFailure.address_key)).all()
    assert keys and all("203.0.113" not in k for k in keys)


def test_client_address_believes_only_the_trusted_proxy() -> None:
    # behind the nginx on the same machine: the last X-Forwarded-For hop is the browser
    assert login_limits.client_address(None, "1.2.3.4, 203.0.113.9", ()) == "203.0.113.9"
    assert login_limits.client_address("10.0.0.2", "203.0.113.9", ("10.0.0.2",)) == "203.0.113.9"
    # a browser that talks to the app directly cannot choose its address by a header
    assert login_limits.client_address("198.51.100.7", "203.0.113.9", ()) == "198.51.100.7"
    assert login_limits.client_address(None, "", ()) == "local"
    assert login_limits.client_address(None, "not-an-ip", ()) == "invalid"
