"""All settings in one typed place: environment variables over defaults.

Secrets (cookie key, encryption key) come from the environment or are generated once
into ``data/secrets.toml`` (mode 600, git-ignored).
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import secrets
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent


def _read_env_file() -> None:
    """KC_ENV_FILE: KEY=VALUE lines (the systemd EnvironmentFile of docs/operations.md) for
    variables not set otherwise, so that no command line carries a key or a database
    password (`ps` shows command lines to every user of the machine)."""
    name = os.environ.get("KC_ENV_FILE")
    if not name:
        return
    for line in Path(name).read_text().splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key and not key.startswith("#"):
            os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))


_read_env_file()
DATA_DIR = Path(os.environ.get("KC_DATA_DIR", PROJECT_ROOT / "data"))
# Days the users mean ("today", a period's first and last day) are days in Saxony.
LOCAL_TZ = ZoneInfo("Europe/Berlin")


def local_today() -> dt.date:
    return dt.datetime.now(LOCAL_TZ).date()


def local_time(moment: dt.datetime) -> dt.datetime:
    """A stored moment (UTC; SQLite hands it back naive) in Saxony's time."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(LOCAL_TZ)


DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'kuemmerer.db'}"


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    # Session rules (DESIGN §2, issue 4): enforced in the database on every rerun.
    idle_timeout_minutes: int
    absolute_session_hours: int
    max_failed_logins: int
    lockout_minutes: int
    # failed logins from one client address within the lockout window before it is refused
    max_failed_logins_per_address: int
    # addresses of reverse proxies whose X-Forwarded-For is believed (the same machine always)
    trusted_proxies: tuple[str, ...]
    # Small-cell suppression threshold for aggregates shown outside the owning cooperative.
    suppression_threshold: int
    # Start page: open cases without a contact for more than this many days need attention.
    no_contact_days: int
    # Indikatoren: seconds between the page's own refreshes while it is open.
    live_refresh_seconds: int
    cookie_name: str
    login_sleep_seconds: float
    # Names, address and phone of persons encrypted at rest (like the notes); on by default.
    encrypt_personal_data: bool


def _int_env(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings(
        database_url=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        data_dir=DATA_DIR,
        idle_timeout_minutes=_int_env("KC_IDLE_TIMEOUT_MINUTES", 30),
        absolute_session_hours=_int_env("KC_SESSION_HOURS", 12),
        max_failed_logins=_int_env("KC_MAX_FAILED_LOGINS", 5),
        lockout_minutes=_int_env("KC_LOCKOUT_MINUTES", 15),
        max_failed_logins_per_address=_int_env("KC_MAX_FAILED_LOGINS_PER_ADDRESS", 20),
        trusted_proxies=tuple(
            a.strip() for a in os.environ.get("KC_TRUSTED_PROXIES", "").split(",") if a.strip()
        ),
        suppression_threshold=_int_env("KC_SUPPRESSION_THRESHOLD", 5),
        no_contact_days=_int_env("KC_NO_CONTACT_DAYS", 30),
        live_refresh_seconds=_int_env("KC_LIVE_REFRESH_SECONDS", 30),
        cookie_name=os.environ.get("KC_COOKIE_NAME", "kuemmerer_cockpit_auth"),
        # The authenticator waits for its cookie component by default; it reads cookies from
        # the request now, so the wait only slows every login screen down.
        login_sleep_seconds=float(os.environ.get("KC_LOGIN_SLEEP", "0")),
        encrypt_personal_data=os.environ.get("KC_ENCRYPT_PERSONAL_DATA", "1") != "0",
    )


@dataclass(frozen=True)
class Secrets:
    cookie_key: str
    encryption_key: str  # urlsafe base64, 32 bytes (Fernet); new data is encrypted with it
    previous_keys: tuple[str, ...] = ()  # older keys still read (during and after a rotation)


def secrets_file() -> Path:
    return get_settings().data_dir / "secrets.toml"


def open_private(path: Path, exclusive: bool = False) -> BinaryIO:
    """A file for writing that only its owner can read, whatever the umask — also when an
    older file of that name was readable by others. exclusive: only a new file
    (FileExistsError otherwise); else an existing one is emptied."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC), 0o600)
    os.fchmod(fd, 0o600)  # O_CREAT's mode applies to new files only
    return os.fdopen(fd, "wb")


def write_secrets_file(
    path: Path, values: dict[str, str | list[str]], exclusive: bool = False
) -> None:
    """Write the file readable by its owner only; the caller decides whether to replace.
    exclusive: only if it does not exist yet (FileExistsError otherwise)."""

    def line(key: str, value: str | list[str]) -> str:
        if isinstance(value, list):
            return f"{key} = [" + ", ".join(f'"{v}"' for v in value) + "]\n"
        return f'{key} = "{value}"\n'

    with open_private(path, exclusive) as fh:
        fh.write("".join(line(k, v) for k, v in values.items()).encode())
        fh.flush()
        os.fsync(fh.fileno())


def _generate_secrets_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {
        "cookie_key": secrets.token_urlsafe(48),
        "encryption_key": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }
    # exclusive: two processes starting at once must not overwrite each other's keys
    try:
        write_secrets_file(path, values, exclusive=True)
    except FileExistsError:
        return


@lru_cache(maxsize=1)
def get_secrets() -> Secrets:
    cookie = os.environ.get("KC_COOKIE_KEY")
    enc = os.environ.get("KC_ENCRYPTION_KEY")
    previous = [k for k in os.environ.get("KC_PREVIOUS_ENCRYPTION_KEYS", "").split(",") if k]
    if not (cookie and enc):
        path = secrets_file()
        if not path.exists():
            _generate_secrets_file(path)
        stored = tomllib.loads(path.read_text())
        # a key rotation that stopped between the database commit and the file replace left
        # the new keys beside the file: read them too, the new one first
        pending = path.with_name(path.name + ".new")
        if pending.exists() and not enc:
            newer = tomllib.loads(pending.read_text())
            previous += [stored["encryption_key"], *stored.get("previous_keys", [])]
            stored = {**stored, **newer}
        cookie = cookie or stored["cookie_key"]
        if not enc:
            enc = stored["encryption_key"]
            previous += [k for k in stored.get("previous_keys", []) if k not in previous]
    previous = [k for k in dict.fromkeys(previous) if k != enc]
    return Secrets(cookie_key=cookie, encryption_key=enc, previous_keys=tuple(previous))
