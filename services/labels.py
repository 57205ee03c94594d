"""German labels of the fixed enumerations (configurable lists live in catalogue_entry)."""

ROLE_LABELS = {
    "kuemmerer": "Kümmerer",
    "koordination": "Koordination (VSWG)",
    "admin": "Administration",
    "genossenschaft": "Genossenschaft",
}
URGENCY_LABELS = {"frueh": "früh/präventiv", "akut": "akut", "krise": "Krise"}
CASE_STATUS_LABELS = {
    "offen": "offen",
    "in_bearbeitung": "in Bearbeitung",
    "ruhend": "ruhend",
    "abgeschlossen": "abgeschlossen",
}
REFERRAL_STATUS_LABELS = {
    "angefragt": "angefragt",
    "angenommen": "angenommen",
    "erledigt": "erledigt",
    "abgelehnt": "abgelehnt",
    "nicht_wahrgenommen": "nicht wahrgenommen",
}
CATALOGUE_LABELS = {
    "access_route": "Zugangswege",
    "problem_area": "Problemlagen und Hilfebereiche",
    "contact_kind": "Kontaktarten",
    "intervention": "Interventionen",
    "outcome": "Ergebnisse beim Abschluss",
    "partner_kind": "Partnerarten",
    "activity_kind": "Arten von Quartiersaktivitäten",
    "observation_kind": "Beobachtungen (Hinweise der Genossenschaft)",
}
# What the audit log shows for an action key; unknown keys are shown as they are.
AUDIT_ACTION_LABELS = {
    "setup_first_admin": "Einrichtung: erstes Admin-Konto",
    "demo_seeded": "Demo-Daten geladen",
    "login": "Anmeldung",
    "login_failed": "Anmeldung fehlgeschlagen",
    "login_blocked": "Anmeldung gesperrt",
    "logout": "Abmeldung",
    "session_ended": "Sitzung beendet",
    "password_changed": "Eigenes Passwort geändert",
    "password_reset": "Passwort zurückgesetzt",
    "user_created": "Konto angelegt",
    "user_updated": "Konto geändert",
    "role_changed": "Rolle geändert",
    "user_activated": "Konto aktiviert",
    "user_deactivated": "Konto deaktiviert",
    "user_unlocked": "Konto entsperrt",
    "cooperative_created": "Genossenschaft angelegt",
    "cooperative_updated": "Genossenschaft geändert",
    "cooperative_activated": "Genossenschaft aktiviert",
    "cooperative_deactivated": "Genossenschaft deaktiviert",
    "catalogue_entry_added": "Katalogeintrag hinzugefügt",
    "catalogue_entry_updated": "Katalogeintrag geändert",
    "catalogue_entry_moved": "Katalogeintrag verschoben",
    "catalogue_entry_deleted": "Katalogeintrag gelöscht",
    "audit_exported": "Protokoll exportiert",
    "quick_contact_recorded": "Kurzkontakt erfasst",
    "person_created": "Person angelegt",
    "case_opened": "Fall eröffnet",
    "case_updated": "Fall bearbeitet",
    "case_status_changed": "Fallstatus geändert",
    "case_closed": "Fall abgeschlossen",
    "case_reopened": "Fall wieder geöffnet",
    "contact_added": "Kontakt eingetragen",
    "consent_recorded": "Schweigepflichtentbindung erfasst",
    "referral_added": "Vermittlung eingetragen",
    "referral_updated": "Vermittlung aktualisiert",
    "follow_up_added": "Wiedervorlage angelegt",
    "follow_up_done": "Wiedervorlage erledigt",
    "partner_created": "Partner angelegt",
    "partner_updated": "Partner geändert",
    "partner_verified": "Partnerangaben geprüft",
    "partners_imported": "Partner importiert",
    "partners_exported": "Partner exportiert",
}
AGE_GROUP_LABELS = {
    "unter_30": "unter 30",
    "30_49": "30–49",
    "50_64": "50–64",
    "65_79": "65–79",
    "80_plus": "80 und älter",
}
HOUSEHOLD_LABELS = {
    "allein": "allein lebend",
    "paar": "Paar",
    "familie": "Familie",
    "alleinerziehend": "alleinerziehend",
    "wg": "Wohngemeinschaft",
    "sonstige": "sonstige",
}
CONSENT_FORM_LABELS = {"schriftlich": "schriftlich", "muendlich": "mündlich"}
