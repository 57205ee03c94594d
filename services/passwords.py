"""Password hashing and policy (NIST 800-63B style: length, common passwords, not the name)."""

from __future__ import annotations

import secrets
from functools import lru_cache

import bcrypt

MIN_LENGTH = 10
MAX_BYTES = 72  # bcrypt ignores (bcrypt 5: rejects) anything longer

# A short list of the most common passwords of at least the minimum length, plus German ones.
COMMON_PASSWORDS = frozenset(
    {
        "1234567890",
        "12345678910",
        "0987654321",
        "1111111111",
        "1q2w3e4r5t",
        "qwertzuiop",
        "qwertyuiop",
        "passwort123",
        "passwort1234",
        "password123",
        "password1234",
        "hallo12345",
        "hallohallo",
        "sommer2026",
        "winter2026",
        "geheim12345",
        "willkommen",
        "willkommen1",
        "kuemmerer123",
        "genossenschaft",
        "abcdefghij",
        "iloveyou123",
        "administrator",
    }
)


def password_problem(password: str, username: str = "") -> str | None:
    """Return a German message if the password is not acceptable, else None."""
    if password != password.strip():
        # the login form's library strips the typed password: such an account could never log in
        return "Das Passwort darf nicht mit einem Leerzeichen beginnen oder enden."
    if len(password) < MIN_LENGTH:
        return f"Das Passwort muss mindestens {MIN_LENGTH} Zeichen lang sein."
    if len(password.encode()) > MAX_BYTES:
        return f"Das Passwort darf höchstens {MAX_BYTES} Bytes lang sein (Umlaute zählen doppelt)."
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS:
        return "Dieses Passwort ist zu verbreitet. Bitte wählen Sie ein anderes."
    if username and username.lower() in lowered:
        return "Das Passwort darf den Benutzernamen nicht enthalten."
    return None


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def verify_password(password: str, password_hash: str) -> bool:
    data = password.encode()
    if len(data) > MAX_BYTES:
        return False
    return bcrypt.checkpw(data, password_hash.encode())


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))  # the same cost as every stored hash


def spend_verify_time() -> None:
    """As long as checking a password: a login with an unknown user name must take as long
    as one with a wrong password, or the time tells which names exist."""
    verify_password("unknown user", _dummy_hash())
