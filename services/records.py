"""Verzeichnis von Verarbeitungstätigkeiten (Art. 30 GDPR), generated from the running
configuration: the roles and what each may do (services.permissions), the retention rule and
the suppression threshold (database and settings), what is encrypted at rest. Markdown, so it
shows on the Datenschutz page and downloads as a file."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from config import get_settings
from db.models import Cooperative, encrypted_columns
from services.labels import ROLE_LABELS
from services.permissions import CAPABILITIES
from services.retention import rules
from services.suppression import MAX_DEVIATION

CATEGORIES = [
    ("Mieterinnen und Mieter (Betroffene)",
     "Kennung (Pseudonym), optional Name, Anschrift, Telefon, Altersgruppe, "
     "Haushaltsform; Fälle mit Zugangsweg, Problemlagen (auch Gesundheit, Sucht, psychische "
     "Belastung – besondere Kategorien nach Art. 9 DSGVO), Dringlichkeit, Kontakte mit "
     "Notizen, Vermittlungen an Partner, Wiedervorlagen, Ergebnisse; Einschätzungen im "
     "Verlauf (Einsamkeit, Selbsthilfe, Wohnsituation; weitere Instrumente); Einwilligungen "
     "und Schweigepflichtentbindungen; Hinweise der Genossenschaft."),
    ("Ehrenamtliche", "Name, Kontaktdaten, Qualifikation, Verfügbarkeit, Einsätze und Stunden."),
    ("Beschäftigte und Nutzer", "Benutzername, Name, E-Mail, Rolle, Genossenschaft, "
     "Anmeldungen, Protokoll der Aktionen (ohne Mieterdaten)."),
    ("Partner (Netzwerk)", "Einrichtungen, Ansprechpersonen mit dienstlichen Kontaktdaten."),
]  # fmt: skip
PURPOSES = [
    "Niedrigschwellige soziale Beratung und Unterstützung der Mieter (Fallarbeit).",
    "Vermittlung an Fachstellen – nur mit Schweigepflichtentbindung gegenüber dem Partner.",
    "Nachbarschaftsarbeit und Einsatz Ehrenamtlicher.",
    "Erfolgsindikatoren und Berichte – nur zusammengefasst, kleine Zahlen unterdrückt.",
    "Nachweis und Sicherheit: Anmeldungen und Änderungen werden protokolliert.",
]
CAPABILITY_LABELS = {
    "case.read": "Personen, Fälle, Kontakte, Notizen lesen (eigene Genossenschaft)",
    "case.write": "Personen und Fälle bearbeiten (eigene Genossenschaft)",
    "community.write": "Aktivitäten und Ehrenamtliche bearbeiten (eigene Genossenschaft)",
    "community.read_aggregate": "Quartiersarbeit zusammengefasst sehen",
    "indicators.own_detail": "Indikatoren der eigenen Genossenschaft im Detail",
    "indicators.aggregate": "Indikatoren aller Genossenschaften, zusammengefasst und unterdrückt",
    "privacy.subject_rights": "Einwilligungen, Auskunft, Löschung (eigene Genossenschaft)",
    "signal.report": "Hinweise melden (eigene Genossenschaft)",
    "signal.triage": "Hinweise bearbeiten (eigene Genossenschaft)",
    "audit.read": "Protokoll lesen (ohne Mieterdaten)",
    "admin.users": "Konten verwalten",
    "admin.retention": "Aufbewahrungsregel festlegen",
    "admin.backup": "Sicherung",
}


def encrypted_fields(personal_encrypted: bool) -> list[str]:
    """What is stored encrypted, in German, from the models (db.models.encrypted_columns):
    the notes always, the personal fields and free texts while KC_ENCRYPT_PERSONAL_DATA is on."""
    return [what for _t, _c, what, always in encrypted_columns() if always or personal_encrypted]


README_BEGIN, README_END = "<!-- encrypted-fields -->", "<!-- /encrypted-fields -->"


def readme_encrypted_fields() -> str:
    """The README's list, between its two markers (a test keeps it equal)."""
    always = [w for _t, _c, w, a in encrypted_columns() if a]
    personal = [w for _t, _c, w, a in encrypted_columns() if not a]
    return "\n".join(
        [
            README_BEGIN,
            "- immer: " + ", ".join(always),
            "- solange `KC_ENCRYPT_PERSONAL_DATA` nicht `0` ist (Standard: an): "
            + ", ".join(personal),
            README_END,
        ]
    )


def processing_records(session: Session, today: dt.date, names_encrypted: bool) -> str:
    settings = get_settings()
    rule = rules(session)
    controllers = session.scalars(
        select(Cooperative.name).where(Cooperative.active.is_(True)).order_by(Cooperative.name)
    ).all()
    lines = [
        "# Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)",
        f"Erzeugt am {today:%d.%m.%Y} aus der laufenden Konfiguration von Kümmerer-Cockpit.",
        "",
        "## Verantwortliche",
        "Jede Wohnungsgenossenschaft für die Daten ihrer Mieter: "
        + (", ".join(controllers) or "–")
        + ". Der Verband (Koordination) erhält nur zusammengefasste Zahlen.",
        "",
        "## Zwecke",
        *[f"- {p}" for p in PURPOSES],
        "",
        "## Kategorien von Betroffenen und Daten",
        *[f"- **{who}:** {what}" for who, what in CATEGORIES],
        "",
        "## Rechtsgrundlagen",
        "- Einwilligung der Person in die Dokumentation (Art. 6 (1) a, Art. 9 (2) a DSGVO), "
        "erfasst mit Datum, Form, Gültigkeit und Widerruf.",
        "- Schweigepflichtentbindung je Partner vor jeder Vermittlung mit Personenbezug.",
        "",
        "## Wer darf was (Rollen)",
    ]
    for role, label in ROLE_LABELS.items():
        allowed = [
            CAPABILITY_LABELS.get(c, c)
            for c, roles in CAPABILITIES.items()
            if role in roles and c in CAPABILITY_LABELS
        ]
        lines.append(f"- **{label}:** " + ("; ".join(allowed) or "–"))
    encrypted = "; ".join(encrypted_fields(names_encrypted))
    lines += [
        "",
        "## Löschfristen",
        f"- Personen, deren Fälle seit mehr als {rule.case_years} Jahren abgeschlossen sind, "
        "werden anonymisiert (statistische Angaben bleiben, ohne Personenbezug).",
        f"- Hinweise der Genossenschaft, aus denen kein Fall wurde, verlieren nach "
        f"{rule.case_years} Jahren Ort und Beschreibung; Hinweise zu einem Fall teilen dessen "
        "Frist, Auskunft und Löschung.",
        f"- Protokolleinträge werden nach {rule.audit_years} Jahren gelöscht.",
        "- Auf Verlangen der Person: Löschung/Anonymisierung sofort (Art. 17 DSGVO).",
        "",
        "## Empfänger",
        "- Partner des Netzwerks, nur mit Schweigepflichtentbindung und nur das Nötige.",
        f"- Verband und Fördermittelgeber: nur zusammengefasste Zahlen; Zahlen von 1 bis "
        f"{settings.suppression_threshold - 1} erscheinen als „<{settings.suppression_threshold}“. "
        "Zahlen, die andere Genossenschaften einschließen, werden nach dem Zellschlüsselverfahren "
        f"(Zensus 2022) um höchstens {MAX_DEVIATION} verändert: jeder gezählte Datensatz trägt "
        "einen zufälligen Datensatzschlüssel, der nie angezeigt oder an den Verband gegeben wird; "
        "so lässt sich aus dem Vergleich zweier Zahlen keine einzelne Person erschließen. Das "
        "Protokoll zeigt dem Verband keine Ereignisse zu Personen, Fällen und Kontakten.",
        "",
        "## Technische und organisatorische Maßnahmen",
        f"- Verschlüsselt gespeichert: {encrypted} (Fernet, AES-128 mit HMAC); Schlüsselwechsel "
        "mit `python manage.py rotate-key`.",
        "- Zugriff nur nach Anmeldung; Sperre eines Kontos nach "
        f"{settings.max_failed_logins} Fehlversuchen für {settings.lockout_minutes} Minuten, "
        f"einer Browser-Adresse nach {settings.max_failed_logins_per_address}; "
        f"Abmeldung nach {settings.idle_timeout_minutes} Minuten ohne Aktivität, spätestens nach "
        f"{settings.absolute_session_hours} Stunden; eine Passwort- oder Rollenänderung beendet "
        "die übrigen Sitzungen.",
        "- Zugriffe sind je Genossenschaft getrennt und im Dienst geprüft, nicht nur in der "
        "Oberfläche.",
        "- Protokoll aller Anmeldungen und Änderungen, ohne Mieterdaten.",
        "- Sicherung mit `python manage.py backup` (mit Echtheitsnachweis: eine veränderte "
        "Datei wird abgelehnt), geprüftes Zurückspielen mit `python manage.py restore`; "
        "Datenbankdatei, Schlüssel und Sicherungen nur für das Betriebskonto lesbar.",
    ]
    return "\n".join(lines) + "\n"
