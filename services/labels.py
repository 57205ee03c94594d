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
    "focus_area": "Arbeitsschwerpunkte (Ansätze)",
    "job_title": "Stellenbezeichnungen (Ansätze)",
    "funding": "Finanzierung (Ansätze)",
    "help_kind": "Arten von Nachbarschaftshilfe",
}
# What the audit log shows for an action key; unknown keys are shown as they are.
AUDIT_ACTION_LABELS = {
    "approach_profile_added": "Steckbrief angelegt",
    "approach_profile_changed": "Steckbrief geändert",
    "approach_profile_deleted": "Steckbrief gelöscht",
    "goal_set": "Ziel gesetzt",
    "rating_added": "Einschätzung erfasst",
    "instrument_added": "Einschätzungsinstrument angelegt",
    "instrument_changed": "Einschätzungsinstrument geändert",
    "goal_changed": "Ziel geändert",
    "goal_ended": "Ziel beendet",
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
    "phone_changed": "Telefonnummer geändert",
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
    "quick_contacts_tallied": "Kurzkontakte aus Strichliste erfasst",
    "quick_contacts_removed": "Kurzkontakte entfernt",
    "person_created": "Person angelegt",
    "case_opened": "Fall eröffnet",
    "case_updated": "Fall bearbeitet",
    "case_status_changed": "Fallstatus geändert",
    "case_closed": "Fall abgeschlossen",
    "case_reopened": "Fall wieder geöffnet",
    "contact_added": "Kontakt eingetragen",
    "consent_recorded": "Einwilligung erfasst",
    "consent_withdrawn": "Einwilligung widerrufen",
    "access_exported": "Auskunft (Art. 15) erstellt",
    "person_erased": "Person anonymisiert (Art. 17)",
    "report_created": "Sachbericht erstellt",
    "retention_applied": "Aufbewahrungsregel angewendet",
    "retention_changed": "Aufbewahrungsregel geändert",
    "issuer_changed": "Herausgeber der Berichte geändert",
    "backup_created": "Sicherung erstellt",
    "backup_restored": "Sicherung zurückgespielt",
    "key_rotated": "Schlüssel gewechselt",
    "keys_retired": "Frühere Schlüssel abgelegt",
    "referral_added": "Vermittlung eingetragen",
    "referral_updated": "Vermittlung aktualisiert",
    "referral_step_recorded": "Übergabeschritt abgehakt",
    "referral_step_removed": "Übergabeschritt zurückgenommen",
    "need_posted": "Hilfebedarf eingetragen",
    "need_matched": "Hilfebedarf vermittelt",
    "need_closed": "Hilfebedarf beendet",
    "volunteer_offer_saved": "Angebot einer ehrenamtlichen Person gespeichert",
    "follow_up_added": "Wiedervorlage angelegt",
    "follow_up_done": "Wiedervorlage erledigt",
    "partner_created": "Partner angelegt",
    "partner_updated": "Partner geändert",
    "partner_verified": "Partnerangaben geprüft",
    "partner_activated": "Partner wieder aktiv",
    "partner_deactivated": "Partner deaktiviert",
    "partners_imported": "Partner importiert",
    "partners_exported": "Partner exportiert",
    "activity_recorded": "Aktivität erfasst",
    "volunteer_created": "Ehrenamtliche Person angelegt",
    "volunteer_updated": "Ehrenamtliche Person geändert",
    "assignment_recorded": "Einsatz erfasst",
    "meeting_created": "Austauschtreffen angelegt",
    "meeting_updated": "Austauschtreffen geändert",
    "topic_proposed": "Thema vorgeschlagen",
    "method_added": "Methode eingetragen",
    "action_added": "Vereinbarung eingetragen",
    "action_done": "Vereinbarung erledigt",
    "attachment_added": "Datei angehängt",
    "signal_reported": "Hinweis gemeldet",
    "signal_linked": "Hinweis einem Fall zugeordnet",
    "signal_closed": "Hinweis geschlossen",
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
# the warm handover of a referral, in its order (services.referral_followup)
HANDOVER_STEP_LABELS = {
    "vorgespraech": "Vorgespräch mit dem Partner",
    "termin_vereinbart": "Termin vereinbart",
    "begleitet": "begleitet",
    "ersttermin": "Ersttermin wahrgenommen",
}
# neighbourhood help (services.help_needs)
NEED_STATUS_LABELS = {
    "offen": "sucht Unterstützung",
    "vermittelt": "vermittelt",
    "erledigt": "erledigt",
    "zurueckgezogen": "zurückgezogen",
}
NEED_FREQUENCY_LABELS = {
    "einmalig": "einmalig",
    "woechentlich": "wöchentlich",
    "vierzehntaegig": "alle zwei Wochen",
    "monatlich": "monatlich",
}
WEEKDAY_LABELS = {
    "mo": "Mo", "di": "Di", "mi": "Mi", "do": "Do", "fr": "Fr", "sa": "Sa", "so": "So",
}  # fmt: skip
WEEKDAY_NAMES = {
    "mo": "montags", "di": "dienstags", "mi": "mittwochs", "do": "donnerstags",
    "fr": "freitags", "sa": "samstags", "so": "sonntags",
}  # fmt: skip
DAYTIME_LABELS = {"vormittags": "vormittags", "nachmittags": "nachmittags", "abends": "abends"}
CONSENT_FORM_LABELS = {"schriftlich": "schriftlich", "muendlich": "mündlich"}

# approaches (services.approaches)
EMPLOYER_LABELS = {
    "genossenschaft": "Die Genossenschaft",
    "sozialer_partner": "Sozialer Partner (z. B. SFZ Förderzentrum)",
    "wohlfahrtsverband": "Wohlfahrtsverband",
    "sonstiger": "Sonstiger Träger",
}
AREA_LABELS = {"staedtisch": "Städtisch", "laendlich": "Ländlich"}


# what becomes of a case's open items when it is closed (services.cases.close_case)
ON_CLOSING_FOLLOW_UPS = {
    "done": "als erledigt abhaken",
    "keep": "offen lassen – sie gelten wieder, wenn der Fall wieder geöffnet wird",
}
ON_CLOSING_REFERRALS = {
    "keep": "offen lassen – eine Rückmeldung kann noch kommen",
    "nicht_wahrgenommen": "als „nicht wahrgenommen“ eintragen",
}


# what an audit entry is about (Protokoll, its CSV)
ENTITY_LABELS = {
    "user": "Konto",
    "user_session": "Sitzung",
    "cooperative": "Genossenschaft",
    "catalogue_entry": "Katalogeintrag",
    "case": "Fall",
    "person": "Person",
    "contact": "Kontakt",
    "consent": "Einwilligung",
    "referral": "Vermittlung",
    "follow_up": "Wiedervorlage",
    "partner": "Partner",
    "activity": "Aktivität",
    "volunteer": "Ehrenamtliche Person",
    "volunteer_assignment": "Einsatz",
    "meeting": "Austauschtreffen",
    "signal": "Hinweis",
    "approach_profile": "Steckbrief",
    "goal": "Ziel",
    "rating": "Einschätzung",
    "instrument": "Einschätzungsinstrument",
}
