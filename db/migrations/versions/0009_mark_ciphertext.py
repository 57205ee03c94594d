"""stored ciphertext marked by a prefix that user text cannot produce (db/crypto.py): before,
a name typed as "gAAAAA…" was taken for a token, and every read of that cooperative failed

A value counts as written encrypted when a configured key opens it; the rest stays plain text
(`manage.py init` encrypts it right after). If none of the token-like values opens but some
are well-formed tokens, the configured key is wrong: nothing is changed.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 15:00:00
"""

import base64
import binascii
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from cryptography.fernet import InvalidToken

from db.crypto import CIPHER_PREFIX, decrypt_text

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    "person": ("first_name", "last_name", "street", "house_no", "flat", "phone"),
    "contact": ("note_enc",),
    "signal": ("note_enc",),
}


def _opens(value: str) -> bool:
    try:
        decrypt_text(value)
    except InvalidToken:
        return False
    return True


def _well_formed(value: str) -> bool:
    """Version byte, timestamp, IV, whole AES blocks and the HMAC: what Fernet writes."""
    try:
        raw = base64.urlsafe_b64decode(value)
    except (binascii.Error, ValueError):
        return False
    return raw[:1] == b"\x80" and len(raw) >= 73 and (len(raw) - 57) % 16 == 0


def _rows(conn, table: str, column: str, where: str):  # noqa: ANN001, ANN202
    return conn.execute(sa.text(f"SELECT id, {column} FROM {table} WHERE {column} {where}")).all()


def _set(conn, table: str, column: str, changes: list[dict]) -> None:  # noqa: ANN001
    if changes:
        conn.execute(sa.text(f"UPDATE {table} SET {column} = :value WHERE id = :id"), changes)


def upgrade() -> None:
    conn = op.get_bind()
    found = []
    for table, columns in COLUMNS.items():
        for column in columns:
            for record_id, value in _rows(conn, table, column, "LIKE 'gAAAAA%'"):
                found.append((table, column, record_id, value))
    opened = [f for f in found if _opens(f[3])]
    if found and not opened and any(_well_formed(f[3]) for f in found):
        raise RuntimeError(
            "Der eingestellte Schlüssel passt nicht zu den gespeicherten Daten; die Datenbank "
            "wurde nicht verändert. Bitte den richtigen Schlüssel einstellen."
        )
    for table, columns in COLUMNS.items():
        for column in columns:
            changes = [{"id": r, "value": CIPHER_PREFIX + v} for t, c, r, v in opened
                       if (t, c) == (table, column)]
            _set(conn, table, column, changes)


def downgrade() -> None:
    conn = op.get_bind()
    for table, columns in COLUMNS.items():
        for column in columns:
            rows = _rows(conn, table, column, "IS NOT NULL")
            changes = [{"id": r, "value": v.removeprefix(CIPHER_PREFIX)} for r, v in rows
                       if v.startswith(CIPHER_PREFIX)]
            _set(conn, table, column, changes)
