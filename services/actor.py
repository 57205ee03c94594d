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

    @property
    def is_kuemmerer(self) -> bool:
        return self.role == "kuemmerer"
