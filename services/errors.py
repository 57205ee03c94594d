"""Domain errors a user can cause. Pages show them beside the field and keep the input."""

from __future__ import annotations


class DomainError(Exception):
    """Base class; ``str(error)`` is a German message fit for the user."""


class NotAllowed(DomainError):
    def __init__(self, message: str = "Dafür fehlt Ihnen die Berechtigung.") -> None:
        super().__init__(message)


class NotFound(DomainError):
    """Also raised for records of another cooperative, so that their existence does not leak."""

    def __init__(self, message: str = "Der Eintrag wurde nicht gefunden.") -> None:
        super().__init__(message)


class Conflict(DomainError):
    def __init__(
        self,
        message: str = (
            "Der Eintrag wurde inzwischen von jemand anderem geändert. "
            "Bitte laden Sie ihn neu und prüfen Sie Ihre Änderung."
        ),
    ) -> None:
        super().__init__(message)


class Invalid(DomainError):
    """Validation failed; ``fields`` maps a field name to its German message."""

    def __init__(self, fields: dict[str, str], message: str | None = None) -> None:
        self.fields = dict(fields)
        super().__init__(message or "Bitte prüfen Sie die markierten Angaben.")


def too_long(data: object, limits: dict[str, int]) -> dict[str, str]:
    """A German message for each text field of ``data`` longer than its limit."""
    return {
        name: f"Höchstens {limit} Zeichen."
        for name, limit in limits.items()
        if len((getattr(data, name) or "").strip()) > limit
    }
