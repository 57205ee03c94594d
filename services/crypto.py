"""Encryption at rest for free-text notes about tenants (Fernet: AES-128-CBC + HMAC)."""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet

from config import get_secrets


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    return Fernet(key.encode())


def encrypt_text(plain: str | None) -> str | None:
    if not plain:
        return None
    return _fernet(get_secrets().encryption_key).encrypt(plain.encode()).decode()


def decrypt_text(token: str | None) -> str | None:
    if not token:
        return None
    return _fernet(get_secrets().encryption_key).decrypt(token.encode()).decode()
