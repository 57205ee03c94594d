"""Failed logins per client address, kept for the lockout window only: password spraying
across accounts, or keeping chosen accounts locked, meets a limit of its own. The address is
the browser's as the proxy reports it (`client_address`) and is stored as a keyed hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from config import Settings, get_secrets, get_settings
from db.models import LoginFailure, utcnow
from services.audit import audit


def client_address(peer: str | None, forwarded_for: str, trusted_proxies: tuple[str, ...]) -> str:
    """The browser's address: the connection's peer, or — when the peer is a proxy we trust
    (None: the same machine, as with the nginx of docs/operations.md) — the last address of
    X-Forwarded-For, the one that proxy appended. Earlier entries are whatever the client
    sent and are never believed."""
    if peer is None or peer in trusted_proxies:
        hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
        if hops:
            try:
                return str(ipaddress.ip_address(hops[-1]))
            except ValueError:
                return "invalid"
        return peer or "local"
    return peer


def _address_key(address: str) -> str:
    # a keyed hash: the table never holds an IP address, and nobody without the key can test one
    key = get_secrets().cookie_key.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def lockout_window(settings: Settings) -> dt.timedelta:
    return dt.timedelta(minutes=settings.lockout_minutes)


def address_blocked(
    session: Session,
    address: str,
    now: dt.datetime | None = None,
    settings: Settings | None = None,
) -> bool:
    """Too many failed logins from this address within the lockout window (password
    spraying, or keeping accounts locked): its logins are refused before any check."""
    now = now or utcnow()
    settings = settings or get_settings()
    count = session.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(
            LoginFailure.address_key == _address_key(address),
            LoginFailure.at > now - lockout_window(settings),
        )
    )
    if count >= settings.max_failed_logins_per_address:
        audit(session, None, "login_blocked", reason="address")
        return True
    return False


def count_address_failure(
    session: Session, address: str, now: dt.datetime, settings: Settings
) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.at <= now - lockout_window(settings)))
    session.add(LoginFailure(address_key=_address_key(address), at=now))
