"""Encryption at rest (Fernet: AES-128-CBC + HMAC) for notes and, when configured, the
personal fields of persons. New data is written with the current key; every configured key
(current and previous) is tried for reading, so a key rotation never leaves data unreadable."""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

from config import get_secrets, get_settings

TOKEN_PREFIX = "gAAAAA"  # every Fernet token starts so (version byte 0x80)


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def keys() -> tuple[str, ...]:
    secrets = get_secrets()
    return (secrets.encryption_key, *secrets.previous_keys)


def encrypt_text(plain: str | None, key: str | None = None) -> str | None:
    if not plain:
        return None
    return _fernet((key,) if key else keys()).encrypt(plain.encode()).decode()


def decrypt_text(token: str | None, with_keys: tuple[str, ...] | None = None) -> str | None:
    if not token:
        return None
    return _fernet(with_keys or keys()).decrypt(token.encode()).decode()


def is_token(value: str | None) -> bool:
    return bool(value) and value.startswith(TOKEN_PREFIX) and len(value) >= 100


class PersonalText(TypeDecorator):
    """A personal field (name, address, phone): encrypted when KC_ENCRYPT_PERSONAL_DATA is on
    (the default). Reads both forms, so switching it on or off never breaks old rows;
    `manage.py init` encrypts rows written before it was switched on."""

    impl = String  # without a length: VARCHAR on PostgreSQL (migration 0006), as before on SQLite
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001, ANN201
        if value and not is_token(value) and get_settings().encrypt_personal_data:
            return encrypt_text(value)
        return value

    def process_result_value(self, value, dialect):  # noqa: ANN001, ANN201
        return decrypt_text(value) if is_token(value) else value
