"""The acting user, passed to every service function."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int
    role: str
    cooperative_id: int | None = None
    display_name: str = ""
    session_id: int | None = None
    must_change_password: bool = False

    @property
    def is_kuemmerer(self) -> bool:
        return self.role == "kuemmerer"


# The operator at the command line (manage.py): acts with admin rights, audited as "cli".
COMMAND_LINE = Actor(user_id=0, role="admin", display_name="Kommandozeile")
