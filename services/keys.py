"""The encryption key and the data it protects: encrypt personal fields written before
encryption was switched on, check that the configured key opens the stored data, and rotate
to a new key (everything re-encrypted in the caller's single transaction)."""

from __future__ import annotations

from cryptography.fernet import InvalidToken
from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from config import get_settings
from db.crypto import CIPHER_PREFIX, decrypt_text, encrypt_text, is_token
from db.models import encrypted_columns
from services.errors import DomainError


class WrongKey(DomainError):
    pass


def _columns(personal_only: bool = False) -> dict[str, tuple[str, ...]]:
    """The encrypted columns by table (db.models.encrypted_columns); personal_only: those
    the setting KC_ENCRYPT_PERSONAL_DATA governs, which may still hold plain text."""
    tables: dict[str, tuple[str, ...]] = {}
    for table, column, _what, always in encrypted_columns():
        if not (personal_only and always):
            tables[table] = (*tables.get(table, ()), column)
    return tables


def _raw_rows(session: Session, table: str, columns: tuple[str, ...], plain_only: bool = False):
    """The stored values, bypassing decryption; plain_only: rows with a value that is not a
    token (so the check at every start reads nothing once all is encrypted)."""
    listed = ", ".join(columns)
    where = ""
    if plain_only:
        where = " WHERE " + " OR ".join(f"{c} NOT LIKE :encrypted" for c in columns)
    query = text(f"SELECT id, {listed} FROM {table}{where}")
    return session.execute(query, {"encrypted": CIPHER_PREFIX + "%"} if plain_only else {}).all()


def _write(session: Session, table: str, column: str, changes: list[dict]) -> None:
    if changes:
        statement = text(f"UPDATE {table} SET {column} = :value WHERE id = :id").bindparams(
            bindparam("value"), bindparam("id")
        )
        session.execute(statement, changes)


def encrypt_pending(session: Session) -> int:
    """Personal fields still in plain text while encryption is on: encrypt them now."""
    if not get_settings().encrypt_personal_data:
        return 0
    count = 0
    for table, columns in _columns(personal_only=True).items():
        rows = _raw_rows(session, table, columns, plain_only=True)
        for index, column in enumerate(columns, start=1):
            changes = [
                {"id": r[0], "value": encrypt_text(r[index])}
                for r in rows
                if r[index] and not is_token(r[index])
            ]
            _write(session, table, column, changes)
            count += len(changes)
    return count


def check_key(session: Session) -> None:
    """The configured keys open the stored data (one sample per table), else a clear error."""
    for table, columns in _columns().items():
        for column in columns:
            sample = session.execute(
                text(f"SELECT {column} FROM {table} WHERE {column} LIKE :encrypted LIMIT 1"),
                {"encrypted": CIPHER_PREFIX + "%"},
            ).scalar()
            if sample is None:
                continue
            try:
                decrypt_text(sample)
            except InvalidToken:
                raise WrongKey(
                    "Der eingestellte Schlüssel (KC_ENCRYPTION_KEY bzw. data/secrets.toml) passt "
                    "nicht zu den gespeicherten Daten. Bitte den richtigen Schlüssel einstellen; "
                    "es wurde nichts verändert."
                ) from None


def rotate(session: Session, new_key: str) -> int:
    """Re-encrypt every encrypted value with new_key (reading with every configured key);
    personal fields still in plain text are encrypted too when encryption is on."""
    check_key(session)
    personal = _columns(personal_only=True) if get_settings().encrypt_personal_data else {}
    count = 0
    for table, columns in _columns().items():
        rows = _raw_rows(session, table, columns)
        for index, column in enumerate(columns, start=1):
            changes = []
            for row in rows:
                value = row[index]
                if not value:
                    continue
                if is_token(value):
                    changes.append(
                        {"id": row[0], "value": encrypt_text(decrypt_text(value), new_key)}
                    )
                elif column in personal.get(table, ()):
                    changes.append({"id": row[0], "value": encrypt_text(value, new_key)})
            _write(session, table, column, changes)
            count += len(changes)
    return count


def needing_previous_keys(session: Session, current: str) -> int:
    """How many stored values the current key alone does not open (before old keys retire)."""
    count = 0
    for table, columns in _columns().items():
        for row in _raw_rows(session, table, columns):
            for value in row[1:]:
                if is_token(value):
                    try:
                        decrypt_text(value, with_keys=(current,))
                    except InvalidToken:
                        count += 1
    return count
