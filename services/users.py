"""User accounts: first-run setup, administration by the admin, own password."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import ROLES, Cooperative, User, UserSession
from services.actor import Actor
from services.audit import audit
from services.auth import end_user_sessions
from services.errors import Conflict, Invalid, NotFound
from services.passwords import hash_password, password_problem, verify_password
from services.permissions import require
from services.setup_code import code_file, setup_code_matches

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class NewUser:
    username: str
    display_name: str
    password: str
    password_repeat: str
    role: str
    email: str = ""
    cooperative_id: int | None = None


def needs_setup(session: Session) -> bool:
    """True while no user exists: the app shows the first-run setup instead of the login."""
    return not session.scalar(select(func.count()).select_from(User))


def _validate(session: Session, data: NewUser) -> dict[str, str]:
    errors: dict[str, str] = {}
    username = data.username.strip().lower()
    if not username:
        errors["username"] = "Bitte geben Sie einen Benutzernamen ein."
    elif not USERNAME_RE.fullmatch(username):
        errors["username"] = (
            "Der Benutzername muss 3–64 Zeichen lang sein: Kleinbuchstaben, Ziffern, "
            "Punkt, Binde- oder Unterstrich."
        )
    elif session.scalar(select(User.id).where(User.username == username)):
        errors["username"] = "Diesen Benutzernamen gibt es schon."
    errors.update(
        _profile_errors(session, data.display_name, data.email, data.role, data.cooperative_id)
    )
    if not data.password:
        errors["password"] = "Bitte geben Sie ein Passwort ein."
    elif problem := password_problem(data.password, username):
        errors["password"] = problem
    elif data.password != data.password_repeat:
        errors["password_repeat"] = "Die beiden Passwörter stimmen nicht überein."
    return errors


def _profile_errors(
    session: Session,
    display_name: str,
    email: str,
    role: str,
    cooperative_id: int | None,
    current_cooperative_id: int | None = None,
) -> dict[str, str]:
    """Checks shared by creating and editing an account."""
    errors: dict[str, str] = {}
    if not display_name.strip():
        errors["display_name"] = "Bitte geben Sie einen Namen ein."
    if email.strip() and not EMAIL_RE.fullmatch(email.strip()):
        errors["email"] = "Die E-Mail-Adresse ist ungültig."
    if role not in ROLES:
        errors["role"] = "Bitte wählen Sie eine Rolle."
    elif role in ("kuemmerer", "genossenschaft"):
        coop = session.get(Cooperative, cooperative_id) if cooperative_id is not None else None
        if coop is None:
            errors["cooperative_id"] = "Bitte wählen Sie die Genossenschaft."
        elif not coop.active and coop.id != current_cooperative_id:
            errors["cooperative_id"] = (
                "Diese Genossenschaft ist deaktiviert; ihr können keine Konten zugeordnet werden."
            )
    return errors


def _insert(session: Session, data: NewUser) -> User:
    user = User(
        username=data.username.strip().lower(),
        display_name=data.display_name.strip(),
        email=data.email.strip() or None,
        password_hash=hash_password(data.password),
        role=data.role,
        cooperative_id=data.cooperative_id
        if data.role in ("kuemmerer", "genossenschaft")
        else None,
        active=True,
    )
    session.add(user)
    session.flush()
    return user


def create_first_admin(
    session: Session, data: NewUser, setup_code: str = "", from_console: bool = False
) -> User:
    """First run only: creates the initial admin while no user exists. In the browser only
    with the installation's setup code; the console (`manage.py create-admin`) needs none."""
    if not needs_setup(session):
        raise Invalid({}, "Die Einrichtung ist bereits abgeschlossen. Bitte melden Sie sich an.")
    data = NewUser(**{**data.__dict__, "role": "admin", "cooperative_id": None})
    errors = _validate(session, data)
    if not from_console and not setup_code_matches(setup_code):
        errors["setup_code"] = (
            "Der Einrichtungscode stimmt nicht. Sie finden ihn in der Konsole, in der "
            f"„make run“ gestartet wurde, und in der Datei {code_file()}."
        )
    if errors:
        raise Invalid(errors)
    user = _insert(session, data)
    audit(session, user.id, "setup_first_admin", "user", user.id)
    return user


def create_user(session: Session, actor: Actor, data: NewUser) -> User:
    require(actor, "admin.users")
    errors = _validate(session, data)
    if errors:
        raise Invalid(errors)
    user = _insert(session, data)
    # The admin chose the first password; the person sets their own at the first login.
    user.must_change_password = True
    audit(session, actor, "user_created", "user", user.id, role=user.role)
    return user


@dataclass(frozen=True)
class AccountInfo:
    username: str
    display_name: str
    role: str
    cooperative: str | None
    previous_login_at: dt.datetime | None  # the login before the current one
    phone: str = ""  # the office number a notice gives


def account_info(session: Session, actor: Actor) -> AccountInfo:
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFound()
    previous = session.scalar(
        select(UserSession.created_at)
        .where(UserSession.user_id == user.id, UserSession.id != actor.session_id)
        .order_by(UserSession.created_at.desc())
        .limit(1)
    )
    return AccountInfo(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        cooperative=user.cooperative.name if user.cooperative else None,
        previous_login_at=previous,
        phone=user.phone or "",
    )


def set_own_phone(session: Session, actor: Actor, phone: str) -> None:
    """The office number a notice in the stairwell gives (no tenant's data)."""
    from services.partners import PHONE_RE

    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFound()
    phone = " ".join(phone.split())
    if phone and not PHONE_RE.fullmatch(phone):
        raise Invalid({"phone": "Bitte nur Ziffern, Leerzeichen und + ( ) / - eingeben."})
    user.phone = phone or None
    session.flush()
    audit(session, actor, "phone_changed", "user", user.id)


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
    cooperative: str | None
    active: bool
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None
    email: str | None
    cooperative_id: int | None
    version: int


def list_users(session: Session, actor: Actor) -> list[UserRow]:
    require(actor, "admin.users")
    rows = session.execute(
        select(
            User.id,
            User.username,
            User.display_name,
            User.role,
            Cooperative.name,
            User.active,
            User.locked_until,
            User.last_login_at,
            User.email,
            User.cooperative_id,
            User.version,
        )
        .outerjoin(Cooperative, Cooperative.id == User.cooperative_id)
        .order_by(User.role, User.username)
    ).all()
    return [UserRow(*r) for r in rows]


def _user_by_id(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Dieses Konto gibt es nicht.")
    return user


def user_id_by_username(session: Session, username: str) -> int:
    user_id = session.scalar(select(User.id).where(User.username == username.strip().lower()))
    if user_id is None:
        raise NotFound(f"Ein Konto „{username}“ gibt es nicht.")
    return user_id


def unlock_user(session: Session, actor: Actor, user_id: int) -> None:
    require(actor, "admin.users")
    user = _user_by_id(session, user_id)
    user.locked_until = None
    user.failed_logins = 0
    session.flush()
    audit(session, actor, "user_unlocked", "user", user.id)


def reset_password(
    session: Session, actor: Actor, user_id: int, password: str, repeat: str
) -> None:
    """Set a temporary password; the user must change it at the next login and is logged out."""
    require(actor, "admin.users")
    user = _user_by_id(session, user_id)
    if problem := password_problem(password, user.username):
        raise Invalid({"password": problem})
    if password != repeat:
        raise Invalid({"password_repeat": "Die beiden Passwörter stimmen nicht überein."})
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.locked_until = None
    user.failed_logins = 0
    end_user_sessions(session, user.id, "password_reset")
    session.flush()
    audit(session, actor, "password_reset", "user", user.id)


def change_own_password(
    session: Session, actor: Actor, current: str, password: str, repeat: str
) -> None:
    user = _user_by_id(session, actor.user_id)
    errors: dict[str, str] = {}
    if not verify_password(current, user.password_hash):
        errors["current"] = "Das bisherige Passwort ist nicht richtig."
    elif problem := password_problem(password, user.username):
        errors["password"] = problem
    elif password == current:
        errors["password"] = "Das neue Passwort muss sich vom bisherigen unterscheiden."
    elif password != repeat:
        errors["password_repeat"] = "Die beiden Passwörter stimmen nicht überein."
    if errors:
        raise Invalid(errors)
    user.password_hash = hash_password(password)
    user.must_change_password = False
    # a stolen or forgotten session is shut out; the one that changed the password stays
    end_user_sessions(session, user.id, "password_changed", keep=actor.session_id)
    session.flush()
    audit(session, actor, "password_changed", "user", user.id)


@dataclass(frozen=True)
class UserChange:
    display_name: str
    email: str
    role: str
    cooperative_id: int | None
    active: bool
    version: int  # as shown in the form: detects a concurrent edit


def _other_active_admins(session: Session, user_id: int) -> int:
    return (
        session.scalar(
            select(func.count()).where(
                User.role == "admin", User.active.is_(True), User.id != user_id
            )
        )
        or 0
    )


def update_user(session: Session, actor: Actor, user_id: int, change: UserChange) -> User:
    require(actor, "admin.users")
    user = _user_by_id(session, user_id)
    if user.version != change.version:
        raise Conflict()
    errors = _profile_errors(
        session,
        change.display_name,
        change.email,
        change.role,
        change.cooperative_id,
        current_cooperative_id=user.cooperative_id,
    )
    losing_admin = (
        user.role == "admin" and user.active and (change.role != "admin" or not change.active)
    )
    if losing_admin and not _other_active_admins(session, user.id):
        errors["active" if not change.active else "role"] = (
            "Das ist das letzte aktive Administrationskonto – es muss Admin und aktiv bleiben."
        )
    if errors:
        raise Invalid(errors)
    old_role, old_cooperative, was_active = user.role, user.cooperative_id, user.active
    user.display_name = change.display_name.strip()
    user.email = change.email.strip() or None
    user.role = change.role
    user.cooperative_id = (
        change.cooperative_id if change.role in ("kuemmerer", "genossenschaft") else None
    )
    user.active = change.active
    session.flush()
    if old_role != user.role:
        audit(session, actor, "role_changed", "user", user.id, old=old_role, new=user.role)
    if was_active != user.active:
        audit(
            session, actor, "user_activated" if user.active else "user_deactivated", "user", user.id
        )
        if not user.active:
            end_user_sessions(session, user.id, "deactivated")
    if user.active and (old_role, old_cooperative) != (user.role, user.cooperative_id):
        # what the open pages show was chosen for the old role: log in again (ASVS 3.3)
        end_user_sessions(session, user.id, "role_changed")
    audit(session, actor, "user_updated", "user", user.id)
    return user
