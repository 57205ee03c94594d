"""Encryption at rest (Fernet: AES-128-CBC + HMAC) for notes and, when configured, the
personal fields of persons. New data is written with the current key; every configured key
(current and previous) is tried for reading, so a key rotation never leaves data unreadable.

Stored ciphertext starts with CIPHER_PREFIX, whose first character is a control character that
no stored plain text keeps (`plain_text` removes it): whether a value is encrypted is known
without doubt, so a name typed to look like a Fernet token stays a name (migration 0009 marked
the tokens written before). A value that cannot be decrypted reads as UNREADABLE and is logged
by table and record id; it never takes a list down."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import String, Text, event
from sqlalchemy.types import TypeDecorator

from config import get_secrets, get_settings

CIPHER_PREFIX = "\x1fenc1:"
UNREADABLE = "(nicht lesbar)"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
log = logging.getLogger("kuemmerer.crypto")


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def keys() -> tuple[str, ...]:
    secrets = get_secrets()
    return (secrets.encryption_key, *secrets.previous_keys)


def plain_text(value: str) -> str:
    """User text as stored: without control characters (line breaks and tabs stay)."""
    return _CONTROL.sub("", value)


def encrypt_text(plain: str | None, key: str | None = None) -> str | None:
    if not plain:
        return None
    token = _fernet((key,) if key else keys()).encrypt(plain.encode()).decode()
    return CIPHER_PREFIX + token


def decrypt_text(token: str | None, with_keys: tuple[str, ...] | None = None) -> str | None:
    """Raises InvalidToken if no configured key opens it (a token from before migration 0009,
    without the prefix, is read too: a backup's key check)."""
    if not token:
        return None
    return _fernet(with_keys or keys()).decrypt(token.removeprefix(CIPHER_PREFIX).encode()).decode()


def read_text(token: str | None, table: str, record_id: object) -> str | None:
    """A stored note for display: UNREADABLE (and a log line naming the record) if no key
    opens it."""
    try:
        return decrypt_text(token)
    except InvalidToken:
        log.error("unreadable encrypted value", extra={"table": table, "record_id": record_id})
        return UNREADABLE


def is_token(value: str | None) -> bool:
    return bool(value) and value.startswith(CIPHER_PREFIX)


class Unreadable(str):
    """Shown as UNREADABLE; written back unchanged (the stored value is kept, not replaced by
    the placeholder, in case a key that opens it is configured later)."""

    def __new__(cls, stored: str) -> Unreadable:
        value = super().__new__(cls, UNREADABLE)
        value.stored = stored
        return value


class PersonalText(TypeDecorator):
    """A personal field (name, address, phone): encrypted when KC_ENCRYPT_PERSONAL_DATA is on
    (the default). Reads both forms, so switching it on or off never breaks old rows;
    `manage.py init` encrypts rows written before it was switched on."""

    impl = String  # without a length: VARCHAR on PostgreSQL (migration 0006), as before on SQLite
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001, ANN201
        # a value from Python is always plain text (backups and key rotation write stored
        # values with SQL of their own), even if it looks like ciphertext
        if isinstance(value, Unreadable):
            return value.stored
        if not value:
            return value
        value = plain_text(value)
        return encrypt_text(value) if get_settings().encrypt_personal_data else value

    def process_result_value(self, value, dialect):  # noqa: ANN001, ANN201
        if not is_token(value):
            return value
        try:
            return decrypt_text(value)
        except InvalidToken:
            return Unreadable(value)


class PersonalNote(PersonalText):
    """Free text that can say something about a tenant (a follow-up, a signal's place, an
    assignment, an activity note): encrypted like the personal fields, stored as TEXT."""

    impl = Text
    cache_ok = True


def log_unreadable_fields(mapper_class: type) -> None:
    """Log the record id of every loaded row with a personal field no key opens."""
    columns = [c.key for c in mapper_class.__mapper__.columns if isinstance(c.type, PersonalText)]

    @event.listens_for(mapper_class, "load")
    def _check(target, _context) -> None:  # noqa: ANN001
        for name in columns:
            if isinstance(getattr(target, name, None), Unreadable):
                log.error(
                    "unreadable encrypted value",
                    extra={
                        "table": mapper_class.__tablename__,
                        "record_id": target.id,
                        "column": name,
                    },
                )
