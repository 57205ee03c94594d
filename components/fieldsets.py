"""Forms declared once, as Django admin's fieldsets: a field names the attribute of the data
object it fills, its label, its kind (which decides the widget) and where its limit comes
from. The widget keys, the error slots and the data object — built by keyword, every field
of it — follow from the declaration, so a field cannot be shown but forgotten on save."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass

import streamlit as st

from components.forms import FieldErrors, optional_select
from services.errors import max_length

NO_CHOICE = "– keine Angabe –"


@dataclass(frozen=True)
class Field:
    name: str  # the data object's attribute; also the error slot and the key's last part
    label: str
    column: object = None  # the mapped column whose limit the text input states
    choices: Mapping[str, str] | None = None  # a choice from these labels (or none)
    placeholder: str | None = None
    width: float = 1


@dataclass(frozen=True)
class Fieldset:
    rows: tuple[tuple[Field, ...], ...]  # each row laid out side by side
    of: type = field(default=object)  # the data class every field of which is declared

    @property
    def fields(self) -> list[Field]:
        return [f for row in self.rows for f in row]

    def missing(self) -> set[str]:
        """Attributes of the data class no field fills (a test keeps this empty)."""
        return {f.name for f in fields(self.of)} - {f.name for f in self.fields}


def _widget(spec: Field, where, key: str, current: object) -> object:  # noqa: ANN001
    if spec.choices is not None:
        return optional_select(spec.label, dict(spec.choices), key, NO_CHOICE, current, where)
    limit = max_length(spec.column) if spec.column is not None else None
    return where.text_input(spec.label, value=current or "", key=key, max_chars=limit,
                            placeholder=spec.placeholder)  # fmt: skip


def render(fieldset: Fieldset, key: str, errors: FieldErrors, current: object = None):  # noqa: ANN201
    """Draw the fieldset (keys ``{key}_{field}``) and return the data object it filled."""
    assert is_dataclass(fieldset.of) and not fieldset.missing(), fieldset.missing()
    values = {}
    for row in fieldset.rows:
        columns = st.columns([f.width for f in row])
        for spec, where in zip(row, columns):
            with where:
                values[spec.name] = _widget(spec, st, f"{key}_{spec.name}",
                                            getattr(current, spec.name, None))  # fmt: skip
                errors.slot(spec.name)
    return fieldset.of(**values)
