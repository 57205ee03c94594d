"""Datenschutz (Kümmerer): find a person, then consents, access export (Art. 15) and erasure
(Art. 17). Every action goes through services.privacy, which scopes and audits it."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.documents.access_pdf import access_pdf, json_bytes
from components.formatting import de_date, plain, plain_labels
from components.forms import FieldErrors, flash_and_rerun, run_service
from components.shell.db import session_scope
from components.tables import record_table
from services import privacy, retention
from services.actor import Actor
from services.cases import find_persons

EXPORT_KEY = "privacy_export"  # (person id, pdf, json) of the export made in this session


def choose_person(actor: Actor, preset: int | None) -> int | None:
    """A person of the own cooperative by code or name; ?person= preselects one."""
    text = st.text_input(
        "Person suchen (Kennung oder Name)",
        key="privacy_search",
        placeholder="z. B. CSG-0142 oder Müller",
    )
    with session_scope() as session:
        matches = find_persons(session, actor, text, limit=20) if text else []
    if matches:
        labels = {
            m.id: f"{m.pseudonym} · {m.name or 'ohne Namen'} · {m.address or ''}".rstrip(" ·")
            for m in matches
        }
        return st.radio(
            "Treffer", list(labels), format_func=plain_labels(labels), key="privacy_pick"
        )
    if text and len(text.strip()) >= 2:
        st.info("Keine Person gefunden.", icon=":material/search_off:")
    return preset if not text else None


def consents_tab(actor: Actor, person_id: int, partners: dict[int, str], today: dt.date) -> None:
    with session_scope() as session:
        rows = privacy.consents(session, actor, person_id)
    record_table(
        rows,
        {
            "Art": lambda r: privacy.CONSENT_LABELS[r.kind],
            "Partner": lambda r: r.partner or "–",
            "Erteilt": lambda r: de_date(r.given_on),
            "Form": lambda r: privacy.FORM_LABELS[r.form],
            "Gültig bis": lambda r: de_date(r.valid_until),
            "Stand": lambda r: r.state(today),
        },
        "Noch keine Einwilligung erfasst.",
    )
    for r in rows:
        if r.withdrawn_on is None and st.button(
            f"Widerruf erfassen: {privacy.CONSENT_LABELS[r.kind]} {r.partner or ''}".strip(),
            key=f"withdraw_{r.id}",
            icon=":material/block:",
        ):
            errors = FieldErrors()
            ok, _ = run_service(
                errors, lambda s, r=r: privacy.withdraw_consent(s, actor, r.id, today)
            )
            if ok:
                flash_and_rerun("Widerruf gespeichert.")
    with st.form("consent_form", clear_on_submit=False):
        st.markdown("**Einwilligung erfassen**")
        errors = FieldErrors()
        a, b, c = st.columns(3)
        with a:
            kind = st.selectbox(
                "Art",
                list(privacy.CONSENT_LABELS),
                format_func=privacy.CONSENT_LABELS.get,
                key="cf_kind",
                placeholder="Bitte wählen",
            )
            errors.slot("kind")
        with b:
            partner = st.selectbox(
                "Partner (bei Schweigepflichtentbindung)",
                [None, *partners],
                format_func=lambda p: "–" if p is None else partners[p],
                key="cf_partner",
                placeholder="Bitte wählen",
            )
            errors.slot("partner_id")
        with c:
            form = st.radio(
                "Form",
                list(privacy.FORM_LABELS),
                format_func=privacy.FORM_LABELS.get,
                horizontal=True,
                key="cf_form",
            )
            errors.slot("form")
        d, e = st.columns(2)
        with d:
            given = st.date_input(
                "Erteilt am", value=today, max_value=today, format="DD.MM.YYYY", key="cf_given"
            )
            errors.slot("given_on")
        with e:
            until = st.date_input(
                "Gültig bis (optional)", value=None, format="DD.MM.YYYY", key="cf_until"
            )
            errors.slot("valid_until")
        if st.form_submit_button("Einwilligung speichern", type="primary"):
            data = privacy.ConsentData(kind, given, form, partner, until)
            ok, _ = run_service(
                errors, lambda s: privacy.record_consent(s, actor, person_id, data, today)
            )
            if ok:
                flash_and_rerun("Einwilligung gespeichert.")


def access_tab(actor: Actor, person: privacy.PersonSummary, cooperative: str, today) -> None:
    st.caption(
        "Alles, was über die Person gespeichert ist – Person, Fälle, Kontakte mit Notizen, "
        "Vermittlungen, Einwilligungen, Hilfe durch Ehrenamtliche – als lesbares PDF und "
        "als JSON-Datei. Die Auskunft wird protokolliert (ohne Inhalt)."
    )
    if st.button("Auskunft erstellen", type="primary", icon=":material/assignment_ind:"):
        # made inside the transaction: if a document cannot be made, the audit entry
        # "access_exported" is rolled back with it
        with session_scope() as session:
            export = privacy.access_export(session, actor, person.id, today)
            made = (person.id, access_pdf(export, cooperative), json_bytes(export))
        st.session_state[EXPORT_KEY] = made
    made = st.session_state.get(EXPORT_KEY)
    if made and made[0] == person.id:
        left, right = st.columns(2)
        name = f"auskunft_{person.pseudonym}_{today:%Y%m%d}"
        left.download_button(
            "Auskunft als PDF",
            made[1],
            f"{name}.pdf",
            "application/pdf",
            icon=":material/download:",
            on_click="ignore",
            key="access_pdf",
        )
        right.download_button(
            "Auskunft als JSON",
            made[2],
            f"{name}.json",
            "application/json",
            icon=":material/download:",
            on_click="ignore",
            key="access_json",
        )


@st.dialog("Person endgültig anonymisieren?")
def _confirm_erasure(actor: Actor, plan: privacy.ErasurePlan, person_id: int) -> None:
    st.markdown(
        f"**{plain(plan.pseudonym)}** wird anonymisiert. Das kann nicht rückgängig gemacht "
        "werden.\n\n"
        "**Entfernt werden:** Name, Anschrift, Telefon, die Kennung "
        f"(wird zu ANON-…), {plan.contacts_with_notes} Kontaktnotiz(en), Rückmeldungen zu "
        f"{plan.referrals} Vermittlung(en), Texte der Wiedervorlagen, {plan.consents} "
        "Einwilligung(en), Ort und Notiz von Hinweisen.\n\n"
        f"**Bleiben erhalten (ohne Personenbezug):** {plan.cases} Fall/Fälle mit Datum, "
        "Zugangsweg, Dringlichkeit, Problemlagen, Ergebnissen, Kontakte mit Datum, Art und "
        "Dauer, Vermittlungen mit Partner und Status – die Indikatoren ändern sich nicht."
    )
    left, right = st.columns(2)
    if left.button("Endgültig anonymisieren", type="primary", key="erase_confirm"):
        errors = FieldErrors()
        ok, _ = run_service(errors, lambda s: privacy.erase_person(s, actor, person_id))
        if ok:
            st.session_state.pop(EXPORT_KEY, None)
            flash_and_rerun(f"{plan.pseudonym} wurde anonymisiert.")
    if right.button("Abbrechen", key="erase_cancel"):
        st.rerun()


def erasure_tab(actor: Actor, person: privacy.PersonSummary) -> None:
    if person.anonymised:
        st.success("Diese Person ist anonymisiert.", icon=":material/check_circle:")
        return
    with session_scope() as session:
        plan = privacy.erasure_plan(session, actor, person.id)
    st.caption(
        "Löschung nach Art. 17 DSGVO: Alles, was die Person erkennbar macht, wird "
        "entfernt; die statistischen Angaben bleiben, damit die Indikatoren stimmen."
    )
    if plan.open_referrals:
        st.warning(
            f"Noch {plan.open_referrals} offene Vermittlung(en) (Status „angefragt“): "
            "bitte zuerst den Stand eintragen.",
            icon=":material/warning:",
        )
    if st.button(
        "Person anonymisieren …",
        icon=":material/delete_forever:",
        disabled=bool(plan.open_referrals),
        key="erase_open",
    ):
        _confirm_erasure(actor, plan, person.id)


def retention_view(plan, own: bool) -> None:
    rule = plan.rules
    st.markdown(
        f"Personen, deren Fälle seit mehr als **{rule.case_years} Jahren** abgeschlossen sind "
        f"(vor dem {de_date(plan.cases_closed_before)}), werden anonymisiert; Protokolleinträge "
        f"werden nach **{rule.audit_years} Jahren** gelöscht. Hinweise, aus denen kein Fall "
        f"wurde, verlieren nach **{rule.case_years} Jahren** Ort und Beschreibung."
    )
    where = "in Ihrer Genossenschaft " if own else ""
    if not plan.person_ids:
        st.success(f"Zurzeit ist {where}niemand betroffen.", icon=":material/check_circle:")
    else:
        st.warning(
            f"Beim nächsten Lauf würden {where}{len(plan.person_ids)} Person(en) anonymisiert.",
            icon=":material/schedule:",
        )
        if own:
            st.caption("Betroffen: " + plain(", ".join(plan.pseudonyms)))
    if plan.signal_ids:
        st.caption(
            f"{len(plan.signal_ids)} Hinweis(e) ohne Fall würden Ort und Beschreibung verlieren."
        )
    if not own:
        st.caption(
            f"{plan.audit_entries} Protokolleinträge würden gelöscht. Ausgeführt wird die "
            "Regel mit `python manage.py retention --apply` (z. B. nächtlich)."
        )


def rules_form(actor: Actor, current) -> None:
    with st.form("retention_rules"):
        errors = FieldErrors()
        left, right = st.columns(2)
        with left:
            cases = st.number_input(
                "Personen anonymisieren, wenn alle Fälle abgeschlossen sind seit mehr als … Jahren",
                1,
                30,
                current.case_years,
                key="rt_case_years",
            )
            errors.slot("case_years")
        with right:
            audits = st.number_input(
                "Protokolleinträge löschen nach … Jahren",
                1,
                30,
                current.audit_years,
                key="rt_audit_years",
            )
            errors.slot("audit_years")
        if st.form_submit_button("Regel speichern", type="primary"):
            new = retention.RetentionRules(int(cases), int(audits))
            ok, _ = run_service(errors, lambda s: retention.save_rules(s, actor, new))
            if ok:
                flash_and_rerun("Aufbewahrungsregel gespeichert.")


def records_view(markdown: str, today) -> None:
    with st.expander("Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)"):
        st.markdown(markdown.split("\n", 1)[1])  # the title is the expander's label
    st.download_button(
        "Verzeichnis herunterladen (Markdown)",
        markdown.encode("utf-8"),
        f"verarbeitungsverzeichnis_{today:%Y%m%d}.md",
        "text/markdown",
        icon=":material/download:",
        on_click="ignore",
        key="records_download",
    )
