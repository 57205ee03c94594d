"""The one-time setup code of a fresh installation (as Jupyter's token): only who can read
the console of `make run` / `manage.py init` or the data folder can create the first admin.
The code lies beside the secrets, readable by the owner only, and is gone once an admin
exists."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from config import get_settings, open_private

# no 0/O, 1/I/L: read off a console and typed on a phone
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
GROUPS, GROUP_LENGTH = 3, 4


def code_file() -> Path:
    return get_settings().data_dir / "setup-code.txt"


def _normalised(code: str) -> str:
    return "".join(c for c in code.upper() if c in ALPHABET)


def ensure_setup_code() -> tuple[str, bool]:
    """The installation's setup code, created on first need; True if it is new."""
    path = code_file()
    if path.exists():
        return path.read_text().strip(), False
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
    code = "-".join(groups)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open_private(path, exclusive=True) as fh:
            fh.write(f"{code}\n".encode())
    except FileExistsError:  # another process was first
        return path.read_text().strip(), False
    return code, True


def setup_code_matches(typed: str) -> bool:
    path = code_file()
    if not path.exists():
        return False
    expected = _normalised(path.read_text())
    return bool(expected) and hmac.compare_digest(_normalised(typed).encode(), expected.encode())


def retire_setup_code() -> None:
    """Once the first admin exists, the code opens nothing and is removed."""
    code_file().unlink(missing_ok=True)
