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
