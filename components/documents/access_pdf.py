"""The Art. 15 access export as a readable PDF and as JSON (no Streamlit)."""

from __future__ import annotations

import datetime as dt
import json

from components.documents.pdf import GREY, Pdf
from components.formatting import de_date, de_number
from services.case_records import PERSON_FIELDS
from services.privacy import AccessExport

# the export's person keys with their labels, as services.case_records declares the fields
PERSON_LABELS = {
    "pseudonym": "Kennung",
    **{meta["key"]: meta["label"] for meta in PERSON_FIELDS.values()},
    "erfasst_am": "Erfasst am",
}


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float):
        return de_number(value, 1)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return de_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def json_bytes(export: AccessExport) -> bytes:
    return json.dumps(export.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")


def _table(pdf: Pdf, rows: list[dict], columns: dict[str, str], widths) -> None:
    if not rows:
        pdf.paragraph("keine", 9, colour=GREY)
        pdf.ln(2)
        return
    pdf.rows(tuple(columns.values()), [tuple(_shown(r[k]) for k in columns) for r in rows], widths)


def access_pdf(export: AccessExport, cooperative: str) -> bytes:
    data = export.as_dict()
    person = data["person"]
    created = _shown(data["created_on"])
    pdf = Pdf(f"Auskunft nach Art. 15 DSGVO · {person['pseudonym']} · erstellt am {created}")
    pdf.set_title("Auskunft nach Art. 15 DSGVO")
    pdf.add_page()
    pdf.heading("Auskunft über gespeicherte Daten (Art. 15 DSGVO)", 16)
    pdf.paragraph(
        f"Verantwortlich: {cooperative}. Erstellt am {created} mit Kümmerer-Cockpit.",
        9,
        colour=GREY,
    )
    pdf.ln(3)
    pdf.heading("Angaben zur Person", 12)
    pdf.rows(
        ("Feld", "Wert"), [(PERSON_LABELS[k], _shown(v)) for k, v in person.items()], (60, 110)
    )
    pdf.heading("Einwilligungen und Schweigepflichtentbindungen", 12)
    _table(
        pdf,
        data["consents"],
        {
            "art": "Art",
            "partner": "Partner",
            "erteilt_am": "Erteilt",
            "form": "Form",
            "gueltig_bis": "Gültig bis",
            "widerrufen_am": "Widerrufen",
        },
        (42, 38, 22, 22, 24, 22),
    )
    for case in data["cases"]:
        pdf.keep(50)
        pdf.heading(f"Fall Nr. {case['fall_nr']}", 12)
        facts = [
            ("Eröffnet", case["eroeffnet_am"]),
            ("Abgeschlossen", case["abgeschlossen_am"]),
            ("Status", case["status"]),
            ("Dringlichkeit", case["dringlichkeit"]),
            ("Zugangsweg", case["zugangsweg"]),
            ("Problemlagen", case["problemlagen"]),
            ("Ergebnisse", case["ergebnisse"]),
            ("Zuständig", case["zustaendig"]),
        ]
        pdf.rows(("Feld", "Wert"), [(k, _shown(v)) for k, v in facts], (60, 110))
        pdf.paragraph("Kontakte", 10, bold=True)
        _table(
            pdf,
            case["kontakte"],
            {
                "datum": "Datum",
                "art": "Art",
                "minuten": "Min.",
                "themen": "Themen",
                "notiz": "Notiz",
            },
            (22, 28, 12, 40, 68),
        )
        if case["einschaetzungen"]:
            pdf.paragraph("Einschätzungen", 10, bold=True)
            _table(
                pdf,
                case["einschaetzungen"],
                {
                    "datum": "Datum",
                    "zeitpunkt": "Zeitpunkt",
                    "wie": "Wie",
                    "antworten": "Antworten",
                },
                (22, 28, 30, 90),
            )
        pdf.paragraph("Vermittlungen", 10, bold=True)
        _table(
            pdf,
            case["vermittlungen"],
            {
                "datum": "Datum",
                "partner": "Partner",
                "bedarf": "Bedarf",
                "status": "Status",
                "rueckmeldung": "Rückmeldung",
                "uebergabe": "Übergabe",
            },
            (20, 34, 26, 20, 40, 30),
        )
        if case["hilfebedarfe"]:
            pdf.paragraph("Hilfebedarfe (Nachbarschaftshilfe)", 10, bold=True)
            _table(
                pdf,
                case["hilfebedarfe"],
                {
                    "eingetragen_am": "Eingetragen",
                    "was": "Was",
                    "wo": "Wo",
                    "wann": "Wann",
                    "stand": "Stand",
                    "hinweis": "Hinweis",
                },
                (22, 30, 26, 30, 22, 40),
            )
        pdf.paragraph("Wiedervorlagen", 10, bold=True)
        _table(
            pdf,
            case["wiedervorlagen"],
            {"faellig": "Fällig", "text": "Text", "erledigt": "Erledigt"},
            (25, 120, 25),
        )
        if case["hinweise"]:
            pdf.paragraph("Hinweise der Genossenschaft", 10, bold=True)
            _table(
                pdf,
                case["hinweise"],
                {
                    "gemeldet_am": "Gemeldet",
                    "ort": "Ort",
                    "beobachtung": "Beobachtung",
                    "notiz": "Notiz",
                },
                (22, 40, 40, 68),
            )
    pdf.heading("Hilfe durch Ehrenamtliche", 12)
    _table(
        pdf,
        data["volunteer_help"],
        {"datum": "Datum", "stunden": "Stunden", "taetigkeit": "Tätigkeit"},
        (25, 25, 120),
    )
    return bytes(pdf.output())
