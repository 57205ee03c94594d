"""Forms declared once, as Django admin's fieldsets: a field names the attribute of the data
object it fills, its label and where its choices or its limit come from; the attribute's
type decides the widget (a date: a date picker; a number: a number field; an id or key with
choices: a select box, several of them: a multi-select; text: a text field with the column's
limit), and ``widget`` overrides it where a screen wants quicker taps (pills, a segmented
row) or room to write (area). The widget keys (``{key}_{attribute}``), the error slots (the
attribute, as the service names it in ``Invalid``) and the data object — built by keyword,
every field of it — follow from the declaration, so a field cannot be shown but forgotten on
save."""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace

import streamlit as st

from components.formatting import plain_labels
from components.forms import FieldErrors, optional_select, stated_limit
from services.catalogues import Option
from services.catalogues import labels as catalogue_labels
from services.errors import max_length

NO_CHOICE = "– keine Angabe –"
WIDGETS = (None, "area", "pills", "segmented")


@dataclass(frozen=True)
class Field:
    name: str  # the data object's attribute; also the error slot and the key's last part
    label: str | None = None  # None: the attribute's declared label (its metadata)
    column: object = None  # the mapped column whose limit a text field states
    # labels by value, or the name of a catalogue whose options the form is given
    choices: Mapping | tuple | str | None = None
    widget: str | None = None  # None: from the attribute's type; or one of WIDGETS
    default: object = None  # shown when there is no current value (a catalogue: an entry's key)
    required: bool = False  # pills or segmented: one stays chosen (the default, then the tap)
    placeholder: str | None = None
    help: str | None = None
    width: float = 1

    def __post_init__(self) -> None:
        assert self.widget in WIDGETS, self.widget


@dataclass(frozen=True)
class Fieldset:
    rows: tuple[tuple[Field, ...], ...]  # each row laid out side by side
    of: type = field(default=object)  # the data class the fieldset fills
    fixed: tuple[str, ...] = ()  # attributes the screen sets itself (not shown)
    model: type | None = None  # the mapped class whose column of the same name limits a text

    def resolved(self, spec: Field) -> Field:
        """The field with what its data class and model declare filled in: the label and
        choices from the attribute's metadata, the column of the same name."""
        meta = next(f.metadata for f in fields(self.of) if f.name == spec.name)
        return replace(
            spec,
            label=spec.label or meta["label"],
            choices=spec.choices if spec.choices is not None else meta.get("choices"),
            column=spec.column if spec.column is not None else getattr(self.model, spec.name, None),
        )

    @property
    def fields(self) -> list[Field]:
        return [f for row in self.rows for f in row]

    def missing(self) -> set[str]:
        """Attributes of the data class neither a field nor ``fixed`` names (a test keeps
        this empty for every declared fieldset)."""
        declared = {f.name for f in self.fields} | set(self.fixed)
        return {f.name for f in fields(self.of) if f.name not in declared}


def _kind(of: type, name: str) -> str:
    """'date', 'number', 'decimal', 'many' (a tuple), 'text' or 'one', from the attribute's
    type."""
    hint = typing.get_type_hints(of)[name]
    union = typing.get_origin(hint) in (typing.Union, types.UnionType)
    parts = set(typing.get_args(hint)) - {type(None)} if union else {hint}
    if dt.date in parts:
        return "date"
    if any(typing.get_origin(p) is tuple for p in parts):
        return "many"
    if str in parts:
        return "text" if hint is str else "one"
    if float in parts:
        return "decimal"
    return "number" if int in parts else "one"


def _labels(spec: Field, options: Mapping[str, list[Option]]) -> tuple[dict, object]:
    """The choices' labels by value, and the default value (a catalogue key resolved)."""
    if isinstance(spec.choices, str):
        entries = options[spec.choices]
        default = next((o.id for o in entries if o.key == spec.default), None)
        return catalogue_labels(entries), default
    labels = (
        spec.choices if isinstance(spec.choices, Mapping) else {v: str(v) for v in spec.choices}
    )
    return dict(labels), spec.default


def _choice(spec: Field, kind: str, key: str, current: object, options: Mapping) -> object:
    labels, default = _labels(spec, options)
    value = default if current in (None, ()) else current
    # a value no longer offered (an entry deactivated since) is not preselected
    value = [v for v in value if v in labels] if kind == "many" and value else value
    value = value if kind == "many" or value in labels else None
    shown = plain_labels(labels)  # pills and segmented rows render Markdown; select boxes not
    if spec.widget == "pills":
        many = kind == "many"
        return st.pills(
            spec.label,
            list(labels),
            selection_mode="multi" if many else "single",
            default=value,
            required=spec.required and not many,
            format_func=shown,
            key=key,
        )
    if spec.widget == "segmented":
        return st.segmented_control(
            spec.label,
            list(labels),
            default=value,
            format_func=shown,
            required=spec.required,
            key=key,
        )
    if kind == "many":
        return st.multiselect(
            spec.label,
            list(labels),
            default=value or None,
            format_func=labels.get,
            placeholder=spec.placeholder or "optional",
            key=key,
        )
    if kind == "one" and spec.placeholder is None:  # "no answer" is a choice of its own
        return optional_select(spec.label, labels, key, NO_CHOICE, value)
    values = list(labels)
    return st.selectbox(
        spec.label,
        values,
        index=values.index(value) if value in values else None,
        placeholder=spec.placeholder or "Bitte wählen",
        format_func=labels.get,
        key=key,
    )


def _widget(spec: Field, of: type, key: str, current: object, options: Mapping) -> object:
    kind = _kind(of, spec.name)
    if spec.choices is not None:
        value = _choice(spec, kind, key, current, options)
        return tuple(value or ()) if kind == "many" else value
    value = spec.default if current is None else current
    if kind == "date":
        return st.date_input(spec.label, value=value, format="DD.MM.YYYY", key=key)
    if kind == "number":
        return int(st.number_input(spec.label, value=value, step=5, key=key))
    if kind == "decimal":  # may stay empty: the service says what is missing
        return st.number_input(
            spec.label, value=value, step=0.5, format="%g", key=key, help=spec.help
        )
    if spec.widget == "area":
        return st.text_area(
            spec.label,
            value=value or "",
            key=key,
            height=100,
            help=stated_limit(spec.column, spec.help or ""),
        )
    limit = max_length(spec.column) if spec.column is not None else None
    return st.text_input(
        spec.label,
        value=value or "",
        key=key,
        max_chars=limit,
        placeholder=spec.placeholder,
        help=spec.help,
    )


@dataclass(frozen=True)
class Described:
    """A field as a paper form shows it: its label, what is entered and the choices."""

    label: str
    kind: str  # as _kind says, or "area" for room to write
    choices: tuple[str, ...] = ()  # the labels offered; empty: written in


def describe(
    fieldset: Fieldset, options: Mapping[str, list[Option]] | None = None
) -> list[list[Described]]:
    """The fieldset's rows as a printed intake sheet mirrors them, field by field."""
    rows = []
    for row in fieldset.rows:
        described = []
        for spec in map(fieldset.resolved, row):
            kind = "area" if spec.widget == "area" else _kind(fieldset.of, spec.name)
            shown = _labels(spec, options or {})[0] if spec.choices is not None else {}
            described.append(Described(spec.label, kind, tuple(map(str, shown.values()))))
        rows.append(described)
    return rows


def render(
    fieldset: Fieldset,
    key: str,
    errors: FieldErrors,
    current: object = None,
    options: Mapping[str, list[Option]] | None = None,
    error_prefix: str = "",
    **fixed: object,
):  # noqa: ANN201 - an instance of fieldset.of
    """Draw the fieldset (keys ``{key}_{attribute}``) and return the data object it filled;
    ``options`` are the catalogues its choices name, ``fixed`` the attributes the screen
    sets itself, ``error_prefix`` the prefix a larger form gives these fields' errors."""
    assert is_dataclass(fieldset.of) and not fieldset.missing(), fieldset.missing()
    values = {}
    for row in fieldset.rows:
        # a field alone takes the whole width (pills in a column would not wrap)
        columns = st.columns([f.width for f in row]) if len(row) > 1 else [st.container()]
        for spec, where in zip(row, columns):
            with where:
                spec = fieldset.resolved(spec)
                shown = getattr(current, spec.name, None)
                name = f"{key}_{spec.name}"
                values[spec.name] = _widget(spec, fieldset.of, name, shown, options or {})
                errors.slot(error_prefix + spec.name)
    return fieldset.of(**values, **fixed)
