"""Partner files: import, export, template and phone list (CSV as German Excel writes it,
and .xlsx).

Reading never crashes on a file: encodings (UTF-8, UTF-8 with BOM, Windows-1252) and the
delimiter are detected, every row is validated (pydantic) and every rejected row is reported
with its reason. Importing writes all valid rows in the caller's one transaction; matching by
external key, else by normalised name and city, so importing a file twice adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from openpyxl import load_workbook
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from config import local_today
from db.bulk import insert_links
from db.models import (
    CatalogueEntry,
    Partner,
    PartnerCity,
    PartnerContactPerson,
    max_length,
    partner_help_area,
)
from services.actor import Actor
from services.audit import audit
from services.errors import Invalid, de_count
from services.partners import (
    AUDITED_FIELDS,
    EMAIL_RE,
    PHONE_RE,
    audit_partner_change,
    cards_for,
    changed_fields,
    normalise_city,
    normalise_name,
)
from services.permissions import require
from services.spreadsheets import csv_bytes, unescape, xlsx_bytes

Progress = Callable[[float, str], None]

# The columns of the template and of the export, in order: (German header, field).
COLUMNS = [
    ("Name", "name"),
    ("Art", "kind"),
    ("Hilfebereiche", "help_areas"),
    ("Straße", "street"),
    ("PLZ", "postcode"),
    ("Ort", "city"),
    ("Weitere Orte", "cities"),
    ("Telefon", "phone"),
    ("E-Mail", "email"),
    ("Webseite", "website"),
    ("Öffnungszeiten", "opening_hours"),
    ("Ansprechperson", "contact_name"),
    ("Funktion", "contact_function"),
    ("Notizen", "notes"),
    ("Schlüssel", "external_key"),
]
FIELD_NAMES = {f: h for h, f in COLUMNS}
# Other headers people use for the same thing (compared lower-case, without punctuation).
ALIASES = {
    "einrichtung": "name",
    "partner": "name",
    "organisation": "name",
    "kategorie": "kind",
    "typ": "kind",
    "partnerart": "kind",
    "hilfebereich": "help_areas",
    "bedarf": "help_areas",
    "themen": "help_areas",
    "strasse": "street",
    "anschrift": "street",
    "adresse": "street",
    "postleitzahl": "postcode",
    "stadt": "city",
    "einzugsgebiet": "cities",
    "versorgte orte": "cities",
    "tel": "phone",
    "telefonnummer": "phone",
    "email": "email",
    "mail": "email",
    "website": "website",
    "internet": "website",
    "homepage": "website",
    "sprechzeiten": "opening_hours",
    "ansprechpartner": "contact_name",
    "ansprechpartnerin": "contact_name",
    "bemerkungen": "notes",
    "hinweise": "notes",
    "id": "external_key",
    "externe id": "external_key",
    "schluessel": "external_key",
}
REQUIRED = ("name", "kind", "city")
MAX_ROWS = 100_000
MAX_FILE_BYTES = 16 << 20
MAX_UNPACKED_BYTES = 128 << 20  # an .xlsx of MAX_ROWS full rows unpacks to about 60 MB
MAX_COLUMNS = 64


def _header_key(text: str) -> str:
    text = text.strip().lower().replace("ß", "ss").replace("-", "")
    return " ".join(re.sub(r"[^a-zäöü0-9 ]+", " ", text).split())


HEADER_MAP = {_header_key(h): f for h, f in COLUMNS} | {
    _header_key(a): f for a, f in ALIASES.items()
}


class FileProblem(Invalid):
    """The file as a whole cannot be read: nothing is imported."""

    def __init__(self, message: str) -> None:
        super().__init__({"file": message}, message)


# --- reading -------------------------------------------------------------------------------
def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")  # every byte is a character: never fails


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    text = _decode(content)
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:  # a field over the csv module's limit, or a stray NUL byte
        raise FileProblem(
            f"Die Datei lässt sich ab Zeile {reader.line_num} nicht lesen: ein Feld ist zu lang "
            f"(mehr als {de_count(csv.field_size_limit())} Zeichen) oder enthält ein "
            "unzulässiges Zeichen."
        ) from exc


def _check_unpacked(content: bytes) -> None:
    """An .xlsx is a ZIP: a small file can unpack to gigabytes (a "zip bomb"). Its sheets are
    unpacked in pieces, their rows counted and the unpacked bytes summed, before openpyxl
    reads anything (the sizes a ZIP declares may lie, so they are not trusted)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        unpacked = rows = 0
        for info in archive.infolist():
            with archive.open(info) as member:
                while chunk := member.read(1 << 20):
                    unpacked += len(chunk)
                    if info.filename.startswith("xl/worksheets/"):
                        rows += chunk.count(b"<row") + chunk.count(b":row ")
                    if unpacked > MAX_UNPACKED_BYTES:
                        raise FileProblem(
                            f"Die Excel-Datei ist entpackt größer als {_mb(MAX_UNPACKED_BYTES)}. "
                            f"Bitte teilen Sie sie auf (höchstens {_rows(MAX_ROWS)})."
                        )
                    if rows > MAX_ROWS + 1:
                        raise _too_many_rows()
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise FileProblem("Die Excel-Datei lässt sich nicht öffnen (beschädigt?).") from exc


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    _check_unpacked(content)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileProblem("Die Excel-Datei lässt sich nicht öffnen (beschädigt?).") from exc
    try:
        for row in book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS):
            yield [
                "" if v is None else (v.strftime("%d.%m.%Y") if isinstance(v, dt.date) else str(v))
                for v in row
            ]
    finally:
        book.close()


def _mb(size: int) -> str:
    return f"{size // (1 << 20)} MB"


def _rows(count: int) -> str:
    return f"{de_count(count)} Zeilen"


def _too_many_rows() -> FileProblem:
    return FileProblem(f"Die Datei hat mehr als {_rows(MAX_ROWS)}. Bitte teilen Sie sie auf.")


def read_table(content: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    """Header and data rows of a CSV or .xlsx file, read row by row: the size and row limits
    stop a file as soon as it passes them."""
    if len(content) > MAX_FILE_BYTES:
        raise FileProblem(
            f"Die Datei ist größer als {_mb(MAX_FILE_BYTES)}. Bitte teilen Sie sie auf."
        )
    if not content.strip():
        raise FileProblem("Die Datei ist leer.")
    is_xlsx = filename.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK"
    rows = []
    for row in _xlsx_rows(content) if is_xlsx else _csv_rows(content):
        if any(cell.strip() for cell in row):
            rows.append([unescape(cell) for cell in row])
            if len(rows) - 1 > MAX_ROWS:
                raise _too_many_rows()
    if not rows:
        raise FileProblem("Die Datei ist leer.")
    return rows[0], rows[1:]


# --- validating ----------------------------------------------------------------------------
def _split(value: str) -> list[str]:
    # not on "/": labels such as "Mietschulden / finanzielle Not" contain it
    return [part.strip() for part in re.split(r"[,;|\n]", value or "") if part.strip()]


class PartnerRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    # the limits are the columns' (db.models.max_length), as in the form and the service
    name: str = Field(min_length=1, max_length=max_length(Partner.name))
    kind: str = Field(min_length=1)
    city: str = Field(min_length=1, max_length=max_length(Partner.city))
    help_areas: str = ""
    street: str = Field("", max_length=max_length(Partner.street))
    postcode: str = Field("", pattern=r"^(\d{5})?$")
    cities: str = ""
    phone: str = Field("", max_length=max_length(Partner.phone))
    email: str = Field("", max_length=max_length(Partner.email))
    website: str = Field("", max_length=max_length(Partner.website))
    opening_hours: str = Field("", max_length=max_length(Partner.opening_hours))
    contact_name: str = Field("", max_length=max_length(PartnerContactPerson.name))
    contact_function: str = Field("", max_length=max_length(PartnerContactPerson.function))
    notes: str = Field("", max_length=max_length(Partner.notes))
    external_key: str = Field("", max_length=max_length(Partner.external_key))

    @field_validator("cities")
    @classmethod
    def _cities(cls, value: str) -> str:
        if any(len(city) > max_length(PartnerCity.city) for city in _split(value)):
            raise ValueError("cities")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value and not EMAIL_RE.fullmatch(value):
            raise ValueError("email")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        if value and not PHONE_RE.fullmatch(value):
            raise ValueError("phone")
        return value


def _german(error: dict) -> str:
    name = FIELD_NAMES.get(str(error["loc"][0]), str(error["loc"][0]))
    kind = error["type"]
    if kind in ("missing", "string_too_short"):
        return f"„{name}“ fehlt"
    if kind == "string_too_long":
        return f"„{name}“ ist zu lang (höchstens {error['ctx']['max_length']} Zeichen)"
    if kind == "string_pattern_mismatch":
        return f"„{name}“ muss aus fünf Ziffern bestehen"
    if str(error.get("ctx", {}).get("error")) == "email":
        return "E-Mail-Adresse ist ungültig"
    if str(error.get("ctx", {}).get("error")) == "cities":
        return f"„Weitere Orte“: ein Ort hat höchstens {max_length(PartnerCity.city)} Zeichen"
    if str(error.get("ctx", {}).get("error")) == "phone":
        return "Telefonnummer enthält unzulässige Zeichen"
    return f"„{name}“ ist ungültig"


@dataclass
class ValidRow:
    line: int
    row: PartnerRow
    kind_id: int
    help_area_ids: list[int]


@dataclass
class ImportPreview:
    valid: list[ValidRow] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line in the file, reason)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.valid) + len(self.rejected)


def _lookup(session: Session, catalogue: str) -> dict[str, int]:
    """Label or key (any case) -> entry id, active entries only."""
    found: dict[str, int] = {}
    for entry_id, key, label in session.execute(
        select(CatalogueEntry.id, CatalogueEntry.key, CatalogueEntry.label).where(
            CatalogueEntry.catalogue == catalogue, CatalogueEntry.active.is_(True)
        )
    ):
        found[key.lower()] = found[label.lower()] = entry_id
    return found


def preview_import(
    session: Session,
    actor: Actor,
    content: bytes,
    filename: str,
    progress: Progress | None = None,
) -> ImportPreview:
    """Read and check a file without writing anything."""
    require(actor, "partner.write")
    header, rows = read_table(content, filename)
    fields = [HEADER_MAP.get(_header_key(h)) for h in header]
    missing = [FIELD_NAMES[f] for f in REQUIRED if f not in fields]
    if missing:
        semicolon_hint = " Ist das Trennzeichen ein Semikolon (;)?" if len(header) == 1 else ""
        raise FileProblem(
            "Es fehlen Pflichtspalten: "
            + ", ".join(missing)
            + "."
            + semicolon_hint
            + " Laden Sie die Vorlage herunter, um die Spaltennamen zu sehen."
        )
    preview = ImportPreview(unknown_columns=[h for h, f in zip(header, fields) if f is None and h])
    kinds, areas = _lookup(session, "partner_kind"), _lookup(session, "problem_area")
    seen: dict[tuple[str, str] | str, int] = {}
    for number, cells in enumerate(rows, start=2):
        if progress and number % 2000 == 0:
            progress(number / (len(rows) + 1), f"Zeile {number} von {len(rows) + 1} geprüft")
        values = {f: cells[i] for i, f in enumerate(fields) if f and i < len(cells)}
        try:
            row = PartnerRow(**values)
        except ValidationError as exc:
            reasons = "; ".join(_german(e) for e in exc.errors(include_url=False))
            preview.rejected.append((number, reasons))
            continue
        problems = []
        kind_id = kinds.get(row.kind.lower())
        if kind_id is None:
            problems.append(f"Art „{row.kind}“ ist unbekannt")
        area_ids = []
        for area in _split(row.help_areas):
            if (area_id := areas.get(area.lower())) is None:
                problems.append(f"Hilfebereich „{area}“ ist unbekannt")
            else:
                area_ids.append(area_id)
        identities = [(normalise_name(row.name), normalise_city(row.city))]
        if row.external_key:
            identities.append(row.external_key)
        if twin := next((seen[i] for i in identities if i in seen), None):
            problems.append(f"doppelt in der Datei (wie Zeile {twin})")
        if problems:
            preview.rejected.append((number, "; ".join(problems)))
            continue
        seen.update(dict.fromkeys(identities, number))
        preview.valid.append(ValidRow(number, row, kind_id, sorted(set(area_ids))))
    return preview


# --- writing -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _values(v: ValidRow) -> dict:
    r = v.row
    return {
        "name": r.name,
        "kind_id": v.kind_id,
        "street": r.street or None,
        "postcode": r.postcode or None,
        "city": r.city,
        "phone": r.phone or None,
        "email": r.email or None,
        "website": r.website or None,
        "opening_hours": r.opening_hours or None,
        "notes": r.notes or None,
        "external_key": r.external_key or None,
        "active": True,
    }


def _insert_new(session: Session, rows: list[dict]) -> list[int]:
    """Insert without RETURNING (PostgreSQL would fall back to one row at a time to keep the
    order), then read the ids back: name and city are unique among the new rows (the preview
    refuses twins, and a row like an existing partner is an update)."""
    if not rows:
        return []
    before = session.scalar(select(func.max(Partner.id))) or 0
    session.execute(insert(Partner), rows)
    found = {
        (name, city): pid
        for pid, name, city in session.execute(
            select(Partner.id, Partner.name, Partner.city).where(Partner.id > before)
        )
    }
    return [found[(r["name"], r["city"])] for r in rows]


def _before(session: Session, ids: list[int]) -> dict[int, dict]:
    """What the import may change, per existing partner, to name the changed fields."""
    table = Partner.__table__
    names = [n for n in AUDITED_FIELDS if n != "active"] + ["active"]
    before: dict[int, dict] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in session.execute(
            select(table.c.id, *(table.c[n] for n in names)).where(table.c.id.in_(chunk))
        ):
            before[row[0]] = {"cities": set(), "help_areas": set(), **dict(zip(names, row[1:]))}
        for pid, city in session.execute(
            select(PartnerCity.partner_id, PartnerCity.city).where(
                PartnerCity.partner_id.in_(chunk)
            )
        ):
            before[pid]["cities"].add(city)
        for pid, entry in session.execute(
            select(partner_help_area.c.partner_id, partner_help_area.c.entry_id).where(
                partner_help_area.c.partner_id.in_(chunk)
            )
        ):
            before[pid]["help_areas"].add(entry)
    return before


def _after(v: ValidRow) -> dict:
    return {
        **{k: x for k, x in _values(v).items() if k != "external_key"},
        "cities": {v.row.city, *_split(v.row.cities)},
        "help_areas": set(v.help_area_ids),
    }


def _contact_persons(session: Session, ids: list[int], written: list[ValidRow]) -> list[dict]:
    """The file's contact person of each partner, unless the partner has one of that name:
    a file carries no phone or e-mail of contact persons, so those already in the directory
    (and the other contact persons) stay as they are."""
    known: set[tuple[int, str]] = set()
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(PartnerContactPerson.partner_id, PartnerContactPerson.name).where(
                PartnerContactPerson.partner_id.in_(ids[start : start + 500])
            )
        )
        known.update((pid, name.casefold()) for pid, name in rows)
    return [
        {
            "partner_id": pid,
            "name": v.row.contact_name,
            "phone": None,
            "email": None,
            "function": v.row.contact_function or None,
        }
        for pid, v in zip(ids, written)
        if v.row.contact_name and (pid, v.row.contact_name.casefold()) not in known
    ]


def apply_import(
    session: Session, actor: Actor, rows: list[ValidRow], progress: Progress | None = None
) -> ImportResult:
    """Write the valid rows: update partners found by key or name and city, create the rest.
    Bulk statements, so tens of thousands of rows take seconds; all in the caller's
    transaction. Each changed partner is audited with the names of its changed fields."""
    require(actor, "partner.write")
    by_key, by_name = {}, {}
    for pid, name, city, key, version in session.execute(
        select(Partner.id, Partner.name, Partner.city, Partner.external_key, Partner.version)
    ):
        if key:
            by_key[key] = (pid, version)
        by_name[(normalise_name(name), normalise_city(city))] = (pid, version)
    new, changed = [], []
    for v in rows:
        match = by_key.get(v.row.external_key) if v.row.external_key else None
        match = match or by_name.get((normalise_name(v.row.name), normalise_city(v.row.city)))
        (changed if match else new).append((v, match))
    if progress:
        progress(0.1, f"{len(new)} neue und {len(changed)} bekannte Partner werden gespeichert")
    new_ids = _insert_new(session, [_values(v) | {"version": 1} for v, _ in new])
    old_ids = [pid for _, (pid, _) in changed]
    before = _before(session, old_ids)
    if changed:
        # Core executemany: the ORM's bulk update would treat version as a stale-check
        table = Partner.__table__
        columns = {name: bindparam(f"v_{name}") for name in [*_values(changed[0][0]), "version"]}
        session.execute(
            update(table).where(table.c.id == bindparam("v_id")).values(columns),
            [
                {f"v_{k}": x for k, x in (_values(v) | {"id": pid, "version": ver + 1}).items()}
                for v, (pid, ver) in changed
            ],
        )
        for table, column in (
            (PartnerCity.__table__, PartnerCity.__table__.c.partner_id),
            (partner_help_area, partner_help_area.c.partner_id),
        ):
            for start in range(0, len(old_ids), 500):
                session.execute(delete(table).where(column.in_(old_ids[start : start + 500])))
    if progress:
        progress(0.6, "Orte, Hilfebereiche und Ansprechpersonen werden gespeichert")
    ids = new_ids + old_ids
    written = [v for v, _ in new] + [v for v, _ in changed]
    insert_links(
        session,
        PartnerCity.__table__,
        [
            {"partner_id": pid, "city": city}
            for pid, v in zip(ids, written)
            for city in sorted({v.row.city, *_split(v.row.cities)})
        ],
    )
    insert_links(
        session,
        partner_help_area,
        [
            {"partner_id": pid, "entry_id": a}
            for pid, v in zip(ids, written)
            for a in v.help_area_ids
        ],
    )
    contacts = _contact_persons(session, ids, written)
    insert_links(session, PartnerContactPerson.__table__, contacts)
    session.flush()
    session.expire_all()  # the statements bypassed the ORM: reload what it holds
    added_contact = {c["partner_id"] for c in contacts}
    for v, (pid, _) in changed:
        fields = changed_fields(before[pid], _after(v))
        fields += ["contact_persons"] if pid in added_contact else []
        if fields:
            audit_partner_change(session, actor, pid, sorted(fields), via="import")
    audit(session, actor, "partners_imported", created=len(new), updated=len(changed))
    return ImportResult(len(new), len(changed))


def _export_rows(session: Session, ids: list[int]) -> list[list[str]]:
    out = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        people: dict[int, tuple[str, str]] = {}
        for pid, name, function in session.execute(
            select(
                PartnerContactPerson.partner_id,
                PartnerContactPerson.name,
                PartnerContactPerson.function,
            )
            .where(PartnerContactPerson.partner_id.in_(chunk))
            .order_by(PartnerContactPerson.id)
        ):
            people.setdefault(pid, (name, function or ""))
        extra = {
            r[0]: r[1:]
            for r in session.execute(
                select(
                    Partner.id,
                    Partner.street,
                    Partner.postcode,
                    Partner.notes,
                    Partner.external_key,
                ).where(Partner.id.in_(chunk))
            )
        }
        for c in cards_for(session, chunk):
            street, postcode, notes, key = extra[c.id]
            person = people.get(c.id, ("", ""))
            others = [x for x in c.cities if x != c.city]
            out.append(
                [
                    c.name,
                    c.kind,
                    ", ".join(c.help_areas),
                    street or "",
                    postcode or "",
                    c.city or "",
                    ", ".join(others),
                    c.phone or "",
                    c.email or "",
                    c.website or "",
                    c.opening_hours or "",
                    person[0],
                    person[1],
                    notes or "",
                    key or "",
                ]
            )
    return out


TEMPLATE_EXAMPLE = [
    "Sozialstation Musterstadt", "Pflegedienst", "Pflege- und Unterstützungsbedarf, Gesundheit",
    "Lindenweg 3", "09111", "Chemnitz", "Flöha, Oederan", "0371 123456",
    "info@example.org", "https://example.org", "Mo–Fr 8–16 Uhr", "Erika Beispiel",
    "Pflegedienstleitung", "", "PD-001",
]  # fmt: skip


def template(kind: str) -> bytes:
    header = [h for h, _ in COLUMNS]
    return _file(header, [TEMPLATE_EXAMPLE], kind)


def export_partners(session: Session, actor: Actor, ids: list[int], kind: str) -> bytes:
    require(actor, "partner.read")
    header = [h for h, _ in COLUMNS]
    rows = _export_rows(session, ids)
    audit(session, actor, "partners_exported", rows=len(rows))
    return _file(header, rows, kind)


def _file(header: list[str], rows: list[list[str]], kind: str) -> bytes:
    return xlsx_bytes(header, rows, "Partner") if kind == "xlsx" else csv_bytes(header, rows)


def phone_list_html(session: Session, actor: Actor, ids: list[int], title: str) -> bytes:
    """A printable phone list, one section per city (open in the browser, print or save as
    PDF)."""
    require(actor, "partner.read")
    by_city: dict[str, list] = {}
    for start in range(0, len(ids), 500):
        for card in cards_for(session, ids[start : start + 500]):
            by_city.setdefault(card.city or "ohne Ort", []).append(card)
    e = html.escape
    parts = [
        "<!doctype html><html lang='de'><meta charset='utf-8'>",
        f"<title>{e(title)}</title>",
        "<style>body{font-family:sans-serif;font-size:11pt;margin:1.5cm}"
        "h1{font-size:16pt}h2{font-size:13pt;margin-top:1.2em;border-bottom:1px solid #999}"
        "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:3px 6px;"
        "vertical-align:top;border-bottom:1px solid #ddd}h2{page-break-after:avoid}</style>",
        f"<h1>{e(title)}</h1><p>Stand: {local_today():%d.%m.%Y}</p>",
    ]
    for city in sorted(by_city):
        parts.append(
            f"<h2>{e(city)}</h2><table><tr><th>Partner</th><th>Art</th>"
            "<th>Telefon</th><th>E-Mail</th><th>Erreichbar</th></tr>"
        )
        for c in sorted(by_city[city], key=lambda c: c.name.lower()):
            parts.append(
                f"<tr><td>{e(c.name)}</td><td>{e(c.kind)}</td><td>{e(c.phone or '')}</td>"
                f"<td>{e(c.email or '')}</td><td>{e(c.opening_hours or '')}</td></tr>"
            )
        parts.append("</table>")
    audit(session, actor, "partners_exported", rows=sum(len(v) for v in by_city.values()))
    return "".join(parts).encode("utf-8")
