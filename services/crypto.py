"""Encryption at rest for free-text notes about tenants: see db/crypto.py."""

from db.crypto import decrypt_text, encrypt_text, keys, read_text

__all__ = ["decrypt_text", "encrypt_text", "keys", "read_text"]
