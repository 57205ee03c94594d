"""Domain errors a user can cause. Pages show them beside the field and keep the input."""

from __future__ import annotations

from db.models import max_length

__all__ = ["max_length"]  # re-exported: the forms read their limits here too


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
    """A German message for each text field of ``data`` (an object or a dict) longer than its
    limit; the limits come from the columns (`limits`)."""
    errors = {}
    for name, limit in limits.items():
        value = data.get(name) if isinstance(data, dict) else getattr(data, name)
        length = len((value or "").strip())
        if length > limit:
            errors[name] = f"Höchstens {de_count(limit)} Zeichen (jetzt {de_count(length)})."
    return errors


def limits(model: type, *names: str, **fields: object) -> dict[str, int]:
    """The longest text each field takes, from the model's columns: ``names`` are columns of
    ``model``, ``fields`` map a form's field to another column (note=Contact.note_enc)."""
    found = {name: max_length(getattr(model, name)) for name in names}
    return found | {name: max_length(column) for name, column in fields.items()}


def de_count(number: int) -> str:
    """A whole number as German text writes it (100.000) in a service's message."""
    return f"{number:,}".replace(",", ".")
