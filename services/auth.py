"""Login, lockout and session validity, kept in the database.

streamlit-authenticator checks the password and sets its re-login cookie; everything it keeps
in memory (failed-login counter, logout) is not trusted. Instead:
- failed logins and the lockout live in ``app_user``;
- every login is a ``user_session`` row, checked on every rerun (ended, idle, too old, user
  deactivated or role changed) — so a replayed cookie after logout does not log in again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from config import Settings, get_settings
from db.models import User, UserSession, utcnow
from services.actor import Actor
from services.audit import audit
from services.login_limits import count_address_failure, lockout_window
from services.passwords import spend_verify_time

# Activity is written at most this often: a rerun then needs no write transaction (and on
# SQLite no write lock) at all; the idle timeout is minutes, so it stays exact to a minute.
TOUCH_INTERVAL = dt.timedelta(seconds=60)
LOGIN_FAILED_MESSAGE = "Benutzername oder Passwort ist falsch, oder das Konto ist gesperrt."
LOGIN_EMPTY_MESSAGE = "Bitte geben Sie Benutzername und Passwort ein."


@dataclass(frozen=True)
class SessionCheck:
    """Result of a login or session check. Returned, not raised, so that what the check wrote
    (audit, session end) is committed with the unit of work."""

    actor: Actor | None
    message: str | None = None  # German, for the login page

    @property
    def ok(self) -> bool:
        return self.actor is not None


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite returns naive datetimes; everything we store is UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def authenticator_credentials(session: Session) -> dict:
    """The credentials dict streamlit-authenticator expects, built from the user table.

    Inactive users are left out; locked ones stay in so a right password can be reported as
    blocked without the message revealing whether the username exists.
    """
    users = session.scalars(select(User).where(User.active.is_(True))).all()
    return {
        "usernames": {
            u.username: {
                "name": u.display_name,
                "email": u.email or "",
                "password": u.password_hash,
                "roles": [u.role],
            }
            for u in users
        }
    }


def _actor(user: User, session_id: int | None) -> Actor:
    return Actor(
        user_id=user.id,
        role=user.role,
        cooperative_id=user.cooperative_id,
        display_name=user.display_name,
        session_id=session_id,
        must_change_password=user.must_change_password,
    )


def is_locked(user: User, now: dt.datetime) -> bool:
    locked_until = _aware(user.locked_until)
    return locked_until is not None and locked_until > now


def register_login(
    session: Session,
    username: str,
    now: dt.datetime | None = None,
) -> SessionCheck:
    """After the password was verified: check the account, open a session, audit."""
    now = now or utcnow()
    user = session.scalar(select(User).where(User.username == username.lower()))
    if user is None or not user.active:
        audit(session, None, "login_failed", reason="inactive_or_unknown")
        return SessionCheck(None, LOGIN_FAILED_MESSAGE)
    if is_locked(user, now):
        audit(session, user.id, "login_blocked", "user", user.id)
        return SessionCheck(None, LOGIN_FAILED_MESSAGE)
    _write_login_state(session, user, failed_logins=0, locked_until=None, last_login_at=now)
    row = UserSession(user_id=user.id, created_at=now, last_seen_at=now)
    session.add(row)
    session.flush()
    audit(session, user.id, "login", "user", user.id)
    return SessionCheck(_actor(user, row.id))


def _write_login_state(session: Session, user: User, **values: object) -> None:
    """Write an account's login state (failures, lockout, last login) in one statement,
    without the account's version: two logins or failures at once must all count and
    succeed, and a login is no edit of the account (an admin's open form stays valid)."""
    session.execute(
        update(User)
        .where(User.id == user.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.refresh(user)


def register_failed_login(
    session: Session,
    username: str | None,
    now: dt.datetime | None = None,
    settings: Settings | None = None,
    address: str | None = None,
) -> None:
    """Count a failed login against the account (if it exists) and the client address, and
    lock the account at the limit. Failures older than the lockout window no longer count."""
    now = now or utcnow()
    settings = settings or get_settings()
    if address is not None:
        count_address_failure(session, address, now, settings)
    user = (
        session.scalar(select(User).where(User.username == username.lower())) if username else None
    )
    if user is None:
        # the library checked no password for a name it does not know (unknown or inactive)
        spend_verify_time()
        audit(session, None, "login_failed", reason="unknown_user")
        session.flush()
        return
    # One atomic statement: two failed attempts at once must both count, and a count whose
    # last failure lies beyond the window starts again.
    stale = User.last_failed_at.is_(None) | (User.last_failed_at <= now - lockout_window(settings))
    failures = case((stale, 1), else_=User.failed_logins + 1)
    _write_login_state(session, user, failed_logins=failures, last_failed_at=now)
    locked = user.failed_logins >= settings.max_failed_logins
    if locked:
        until = now + lockout_window(settings)
        _write_login_state(session, user, locked_until=until, failed_logins=0)
    audit(session, user.id, "login_failed", "user", user.id, locked=locked)
    session.flush()


def resume_from_cookie(
    session: Session,
    username: str,
    cookie_exp: float,
    now: dt.datetime | None = None,
    settings: Settings | None = None,
) -> SessionCheck:
    """A browser came back with a re-login cookie: accept it only for a live session."""
    now = now or utcnow()
    user = session.scalar(select(User).where(User.username == username.lower()))
    if user is None:
        return SessionCheck(None)
    candidates = session.scalars(
        select(UserSession).where(
            UserSession.user_id == user.id,
            UserSession.ended_at.is_(None),
            UserSession.cookie_exp.is_not(None),
        )
    ).all()
    for row in candidates:
        if abs((row.cookie_exp or 0) - cookie_exp) < 0.001:
            return validate_session(session, row.id, now, settings)
    # A cookie of an ended session (e.g. replayed after logout): just show the login.
    return SessionCheck(None)


def validate_session(
    session: Session,
    session_id: int,
    now: dt.datetime | None = None,
    settings: Settings | None = None,
    touch: bool = True,
) -> SessionCheck:
    """Check the session on every rerun; ``touch`` marks user activity (idle timeout)."""
    now = now or utcnow()
    settings = settings or get_settings()
    row = session.get(UserSession, session_id)
    if row is None or row.ended_at is not None:
        return SessionCheck(None, "Sie wurden abgemeldet. Bitte melden Sie sich erneut an.")
    user = session.get(User, row.user_id)
    reason = None
    if user is None or not user.active:
        reason, message = "deactivated", "Ihr Konto ist nicht mehr aktiv."
    elif is_locked(user, now):
        reason, message = "locked", "Ihr Konto ist vorübergehend gesperrt."
    elif now - _aware(row.last_seen_at) > dt.timedelta(minutes=settings.idle_timeout_minutes):
        reason = "idle"
        message = "Ihre Sitzung ist wegen Inaktivität abgelaufen. Bitte melden Sie sich erneut an."
    elif now - _aware(row.created_at) > dt.timedelta(hours=settings.absolute_session_hours):
        reason = "expired"
        message = "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."
    if reason:
        row.ended_at = now
        row.end_reason = reason
        audit(session, row.user_id, "session_ended", "user_session", row.id, reason=reason)
        return SessionCheck(None, message)
    if touch and now - _aware(row.last_seen_at) >= TOUCH_INTERVAL:
        row.last_seen_at = now
    return SessionCheck(_actor(user, row.id))


def bind_cookie(session: Session, session_id: int, cookie_exp: float | None) -> None:
    row = session.get(UserSession, session_id)
    if row is not None and row.ended_at is None:
        row.cookie_exp = cookie_exp


def end_user_sessions(session: Session, user_id: int, reason: str, keep: int | None = None) -> None:
    """End every live session of a user (password reset or change, deactivation); ``keep``:
    the session that changed the password stays."""
    rows = session.scalars(
        select(UserSession).where(
            UserSession.user_id == user_id,
            UserSession.ended_at.is_(None),
            UserSession.id != (keep or 0),
        )
    ).all()
    for row in rows:
        row.ended_at = utcnow()
        row.end_reason = reason


def end_session(session: Session, session_id: int, reason: str = "logout") -> None:
    row = session.get(UserSession, session_id)
    if row is None or row.ended_at is not None:
        return
    row.ended_at = utcnow()
    row.end_reason = reason
    audit(session, row.user_id, reason, "user_session", row.id)


def register_wrong_current_password(
    session: Session, actor: Actor, address: str | None = None
) -> None:
    """A wrong "current password" in the password change form counts like a failed login
    (in its own transaction: the form's save was rolled back)."""
    user = session.get(User, actor.user_id)
    if user is not None:
        register_failed_login(session, user.username, address=address)
