"""Command line for operators: init, accounts (also when the web admin is locked out), demo.

Errors a person can cause are printed as one German line (exit code 1), never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path

from cryptography.fernet import Fernet

from config import (
    get_secrets,
    get_settings,
    local_today,
    open_private,
    secrets_file,
    write_secrets_file,
)
from db import rollups
from db.engine import (
    DatabaseUnavailable,
    check_connection,
    create_db_engine,
    make_session_factory,
    unit_of_work,
)
from db.migrate import upgrade
from services import keys
from services.actor import COMMAND_LINE
from services.audit import audit
from services.backup import create_backup, restore_backup, written_with_previous_key
from services.catalogues import ensure_default_catalogues
from services.cooperatives import cooperative_id_by_name
from services.demo import DEMO_PASSWORD, seed_demo
from services.errors import DomainError, Invalid, NotFound
from services.labels import ROLE_LABELS
from services.partner_files import apply_import, preview_import
from services.retention import apply_retention, retention_plan
from services.setup_code import code_file, ensure_setup_code, retire_setup_code
from services.users import (
    NewUser,
    create_first_admin,
    create_user,
    needs_setup,
    reset_password,
    unlock_user,
    user_id_by_username,
)


def _engine():
    engine = create_db_engine(get_settings().database_url)
    check_connection(engine)
    return engine


def cmd_init(_args: argparse.Namespace) -> None:
    engine = _engine()
    upgrade(engine)
    with unit_of_work(make_session_factory(engine)) as session:
        keys.check_key(session)
        added = ensure_default_catalogues(session)
        encrypted = keys.encrypt_pending(session)
    print(f"Datenbank ist auf dem neuesten Stand ({engine.url.get_backend_name()}).")
    if added:
        print(f"{added} Katalogeinträge angelegt.")
    if encrypted:
        print(f"{encrypted} persönliche Angaben verschlüsselt.")
    _announce_setup_code(engine)


def _announce_setup_code(engine) -> None:  # noqa: ANN001 - an Engine
    """A fresh installation: the code the first admin needs in the browser (as Jupyter's
    token); once an admin exists, the code is removed."""
    with unit_of_work(make_session_factory(engine)) as session:
        fresh = needs_setup(session)
    if not fresh:
        retire_setup_code()
        return
    code, _ = ensure_setup_code()
    print(
        f"\nEinrichtungscode für das erste Administrationskonto: {code}\n"
        f"(steht auch in {code_file()}; er gilt, bis das erste Konto angelegt ist)\n"
    )


def _new_user(
    args: argparse.Namespace, role: str, password: str, repeat: str, coop_id: int | None = None
) -> NewUser:
    return NewUser(
        username=args.username,
        display_name=args.name or args.username,
        email=args.email or "",
        password=password,
        password_repeat=repeat,
        role=role,
        cooperative_id=coop_id,
    )


def cmd_create_admin(args: argparse.Namespace) -> None:
    engine = _engine()
    password, repeat = _password_twice(args, "Passwort")
    data = _new_user(args, "admin", password, repeat)
    with unit_of_work(make_session_factory(engine)) as session:
        create_first_admin(session, data, from_console=True)
    retire_setup_code()
    print(f"Administrationskonto „{data.username.lower()}“ angelegt.")


def _password_twice(args: argparse.Namespace, prompt: str) -> tuple[str, str]:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
        return password, password
    return getpass.getpass(f"{prompt}: "), getpass.getpass(f"{prompt} wiederholen: ")


def cmd_create_user(args: argparse.Namespace) -> None:
    engine = _engine()
    password, repeat = _password_twice(args, "Erstes Passwort")
    with unit_of_work(make_session_factory(engine)) as session:
        coop_id = cooperative_id_by_name(session, args.cooperative) if args.cooperative else None
        create_user(session, COMMAND_LINE, _new_user(args, args.role, password, repeat, coop_id))
    print(
        f"Konto „{args.username.lower()}“ ({ROLE_LABELS[args.role]}) angelegt; "
        "das Passwort muss bei der ersten Anmeldung geändert werden."
    )


def cmd_unlock(args: argparse.Namespace) -> None:
    with unit_of_work(make_session_factory(_engine())) as session:
        unlock_user(session, COMMAND_LINE, user_id_by_username(session, args.username))
    print(f"Konto „{args.username.lower()}“ ist entsperrt.")


def cmd_reset_password(args: argparse.Namespace) -> None:
    engine = _engine()
    password, repeat = _password_twice(args, "Neues Passwort")
    with unit_of_work(make_session_factory(engine)) as session:
        user_id = user_id_by_username(session, args.username)
        reset_password(session, COMMAND_LINE, user_id, password, repeat)
    print(
        f"Passwort von „{args.username.lower()}“ zurückgesetzt; "
        "es muss bei der nächsten Anmeldung geändert werden."
    )


def cmd_import_partners(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise NotFound(f"Die Datei „{args.file}“ gibt es nicht.")
    with unit_of_work(make_session_factory(_engine())) as session:
        preview = preview_import(session, COMMAND_LINE, path.read_bytes(), path.name)
        for line, reason in preview.rejected:
            print(f"Zeile {line}: {reason}", file=sys.stderr)
        if preview.rejected and not args.skip_invalid:
            print(
                f"Fehler: Nichts importiert – {len(preview.rejected)} von {preview.total} Zeilen "
                "abgelehnt (mit --skip-invalid werden nur die gültigen importiert).",
                file=sys.stderr,
            )
            return 1
        result = apply_import(session, COMMAND_LINE, preview.valid)
    print(f"Import abgeschlossen: {result.created} neu, {result.updated} aktualisiert.")
    return 0


def print_demo_accounts(accounts: list[tuple[str, str, str]]) -> None:
    print(f"Demo-Konten (Passwort für alle: {DEMO_PASSWORD} — nur für die Demo):")
    for username, role, coop in accounts:
        print(f"  {username:<24} {ROLE_LABELS[role]:<22} {coop}")


def cmd_seed_demo(args: argparse.Namespace) -> None:
    engine = _engine()
    until = dt.date.fromisoformat(args.until) if args.until else None
    upgrade(engine)  # a fresh installation needs no separate init first
    with unit_of_work(make_session_factory(engine)) as session:
        ensure_default_catalogues(session)
        summary = seed_demo(session, seed=args.seed, until=until, scale=args.scale)
    print("Demo-Daten geladen: " + ", ".join(f"{k} {v}" for k, v in summary.counts.items()))
    print_demo_accounts(summary.accounts)


def cmd_backup(args: argparse.Namespace) -> None:
    engine = _engine()
    manifest = create_backup(engine, Path(args.file))
    with unit_of_work(make_session_factory(engine)) as session:
        audit(session, COMMAND_LINE, "backup_created", rows=manifest.total_rows)
    print(
        f"Sicherung geschrieben: {args.file} ({manifest.total_rows} Zeilen in "
        f"{len(manifest.tables)} Tabellen, Datenbankstand {manifest.revision})."
    )


def cmd_restore(args: argparse.Namespace) -> int:
    engine = _engine()
    if not args.yes:
        print("Zurückspielen ersetzt ALLE Daten dieser Datenbank durch die der Sicherung.")
        if input("Zum Fortfahren „ja“ eingeben: ").strip().lower() != "ja":
            print("Abgebrochen; es wurde nichts verändert.")
            return 1
    manifest = restore_backup(engine, Path(args.file), allow_unsigned=args.allow_unsigned)
    with unit_of_work(make_session_factory(engine)) as session:
        audit(session, COMMAND_LINE, "backup_restored", rows=manifest.total_rows)
    print(
        f"Sicherung vom {manifest.created_at} zurückgespielt: {manifest.total_rows} Zeilen, "
        "alle Tabellen geprüft (Anzahl und Prüfsumme)."
    )
    return 0


def cmd_rebuild_rollups(args: argparse.Namespace) -> int:
    """Compare the roll-ups with the facts, say where they differ, and (unless --check)
    rebuild them from the facts in one transaction."""
    engine = _engine()
    with engine.begin() as conn:
        found = rollups.differences(conn)
        for d in found[:20]:
            print(f"{d.rollup} {d.group}: gespeichert {d.stored}, aus den Daten {d.expected}")
        if len(found) > 20:
            print(f"… und {len(found) - 20} weitere")
        if not args.check:
            rollups.rebuild(conn)
    if args.check:
        print(f"{len(found)} Abweichung(en) zwischen Roll-ups und Daten.")
        return 1 if found else 0
    print(f"Roll-ups neu aufgebaut ({len(found)} Abweichung(en) vorher).")
    return 0


def cmd_retention(args: argparse.Namespace) -> None:
    engine = _engine()
    today = local_today()
    with unit_of_work(make_session_factory(engine)) as session:
        if args.apply:
            plan = apply_retention(session, COMMAND_LINE, today)
        else:
            plan = retention_plan(session, COMMAND_LINE, today)
    rule = plan.rules
    print(
        f"Regel: Personen, deren Fälle seit mehr als {rule.case_years} Jahren abgeschlossen "
        f"sind (vor dem {plan.cases_closed_before:%d.%m.%Y}), werden anonymisiert; "
        f"Protokolleinträge älter als {rule.audit_years} Jahre gelöscht."
    )
    done = "anonymisiert" if args.apply else "würden anonymisiert"
    print(
        f"{len(plan.person_ids)} Person(en) {done}, {len(plan.signal_ids)} Hinweis(e) ohne Fall "
        f"{done}, {plan.audit_entries} Protokolleinträge "
        + ("gelöscht." if args.apply else "würden gelöscht.")
    )
    if not args.apply:
        print("Nichts verändert (--dry-run). Mit --apply ausführen.")


def cmd_rotate_key(args: argparse.Namespace) -> None:
    """New key first into secrets.toml.new (with the old one kept for reading), then every
    value re-encrypted in one transaction, then the file replaced: at no moment is stored
    data without a key that opens it."""
    engine = _engine()
    old = get_secrets()
    new_key = sys.stdin.readline().strip() if args.new_key_stdin else Fernet.generate_key().decode()
    try:
        Fernet(new_key.encode())  # a malformed key fails here, before anything changes
    except ValueError:
        raise DomainError(
            "Das ist kein gültiger Schlüssel (32 Byte, URL-sicheres Base64)."
        ) from None
    from_env = bool(os.environ.get("KC_ENCRYPTION_KEY"))
    path = secrets_file()
    pending = path.with_name(path.name + ".new")
    if not from_env:
        write_secrets_file(
            pending,
            {
                "cookie_key": old.cookie_key,
                "encryption_key": new_key,
                "previous_keys": [old.encryption_key, *old.previous_keys],
            },
        )
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            count = keys.rotate(session, new_key)
            audit(session, COMMAND_LINE, "key_rotated", values=count)
    except BaseException:
        pending.unlink(missing_ok=True)
        raise
    if from_env:
        previous = ",".join([old.encryption_key, *old.previous_keys])
        values = f"KC_ENCRYPTION_KEY={new_key}\nKC_PREVIOUS_ENCRYPTION_KEYS={previous}\n"
        if args.show_keys:
            print(
                f"{count} Werte mit dem neuen Schlüssel verschlüsselt. Jetzt in der Umgebung "
                f"setzen:\n{values}",
                end="",
            )
            return
        keyfile = get_settings().data_dir / "new-keys.env"
        with open_private(keyfile) as fh:
            fh.write(values.encode())
        print(
            f"{count} Werte mit dem neuen Schlüssel verschlüsselt. Die neuen Werte für die "
            f"Umgebung stehen in {keyfile} (nur für Sie lesbar): in die Umgebungsdatei "
            "übernehmen, die Datei löschen, die App neu starten."
        )
        return
    pending.replace(path)
    print(
        f"{count} Werte mit dem neuen Schlüssel verschlüsselt; {path} aktualisiert (der alte "
        "Schlüssel bleibt zum Lesen älterer Sicherungen eingetragen; sobald keine Sicherung "
        "ihn mehr braucht: `python manage.py retire-keys ORDNER-DER-SICHERUNGEN`)."
    )


def _backup_files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        found += sorted(path.glob("*.zip")) if path.is_dir() else [path]
    return found


def cmd_retire_keys(args: argparse.Namespace) -> int:
    """Previous keys stop working once nothing needs them: every stored value opens with the
    current key, and so does every backup listed (files or folders of them)."""
    current = get_secrets()
    if not current.previous_keys:
        print("Es sind keine früheren Schlüssel eingetragen; nichts zu tun.")
        return 0
    engine = _engine()
    with unit_of_work(make_session_factory(engine)) as session:
        stale = keys.needing_previous_keys(session, current.encryption_key)
    if stale:
        print(
            f"{stale} gespeicherte Werte brauchen noch einen früheren Schlüssel – zuerst "
            "`python manage.py rotate-key` ausführen. Nichts verändert.",
            file=sys.stderr,
        )
        return 1
    older = [b for b in _backup_files(args.backups) if written_with_previous_key(b)]
    if older:
        print(
            "Diese Sicherungen brauchen noch einen früheren Schlüssel (erst löschen oder "
            "durch neuere ersetzen):\n"
            + "\n".join(f"  {b}" for b in older)
            + "\nNichts verändert.",
            file=sys.stderr,
        )
        return 1
    with unit_of_work(make_session_factory(engine)) as session:
        audit(session, COMMAND_LINE, "keys_retired", keys=len(current.previous_keys))
    if os.environ.get("KC_ENCRYPTION_KEY"):
        print(
            "Nichts braucht die früheren Schlüssel mehr: KC_PREVIOUS_ENCRYPTION_KEYS aus der "
            "Umgebungsdatei entfernen und die App neu starten."
        )
        return 0
    write_secrets_file(
        secrets_file(), {"cookie_key": current.cookie_key, "encryption_key": current.encryption_key}
    )
    print(
        f"{len(current.previous_keys)} frühere(r) Schlüssel aus {secrets_file()} entfernt; "
        "ältere Sicherungen, die nicht angegeben waren, lassen sich damit nicht mehr "
        "zurückspielen. Die App neu starten."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="manage.py", description="Kümmerer-Cockpit")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="Datenbank anlegen/migrieren, Kataloge füllen").set_defaults(
        func=cmd_init
    )
    p = sub.add_parser("create-admin", help="erstes Administrationskonto anlegen")
    p.add_argument("--username", required=True)
    p.add_argument("--name")
    p.add_argument("--email")
    p.add_argument(
        "--password-stdin", action="store_true", help="Passwort von stdin lesen, sonst Abfrage"
    )
    p.set_defaults(func=cmd_create_admin)
    p = sub.add_parser("create-user", help="Konto anlegen (auch für Skripte)")
    p.add_argument("username")
    p.add_argument(
        "--role", required=True, help="kuemmerer, koordination, admin oder genossenschaft"
    )
    p.add_argument("--cooperative", help="Name oder Kürzel der Genossenschaft (für Kümmerer)")
    p.add_argument("--name", help="Anzeigename, sonst der Benutzername")
    p.add_argument("--email")
    p.add_argument("--password-stdin", action="store_true", help="Passwort von stdin lesen")
    p.set_defaults(func=cmd_create_user)
    p = sub.add_parser("seed-demo", help="Demo-Daten in eine leere Installation laden")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--until", help="letzter Tag der Demo-Daten (JJJJ-MM-TT), Standard heute")
    p.add_argument("--scale", type=float, default=1.0)
    p.set_defaults(func=cmd_seed_demo)
    p = sub.add_parser("import-partners", help="Partnerliste (CSV oder .xlsx) importieren")
    p.add_argument("file")
    p.add_argument(
        "--skip-invalid", action="store_true", help="gültige Zeilen trotz Fehlern importieren"
    )
    p.set_defaults(func=cmd_import_partners)
    p = sub.add_parser("unlock", help="gesperrtes Konto entsperren")
    p.add_argument("username")
    p.set_defaults(func=cmd_unlock)
    p = sub.add_parser("reset-password", help="Passwort zurücksetzen (Änderung bei Anmeldung)")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true", help="Passwort von stdin lesen")
    p.set_defaults(func=cmd_reset_password)
    p = sub.add_parser("backup", help="Sicherung der ganzen Datenbank in eine Datei schreiben")
    p.add_argument("file")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="Sicherung zurückspielen (ersetzt alle Daten)")
    p.add_argument("file")
    p.add_argument("--yes", action="store_true", help="ohne Rückfrage (für Skripte)")
    p.add_argument(
        "--allow-unsigned",
        action="store_true",
        help="auch eine Sicherung einer älteren Version ohne Echtheitsnachweis annehmen",
    )
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser(
        "rebuild-rollups", help="Roll-ups der Kennzahlen mit den Daten vergleichen und neu aufbauen"
    )
    p.add_argument("--check", action="store_true", help="nur vergleichen, nichts ändern")
    p.set_defaults(func=cmd_rebuild_rollups)
    p = sub.add_parser("retention", help="Aufbewahrungsregel anzeigen oder anwenden")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dry-run", action="store_true", help="nur zeigen, was betroffen wäre")
    mode.add_argument("--apply", action="store_true", help="anonymisieren und löschen")
    p.set_defaults(func=cmd_retention)
    p = sub.add_parser(
        "retire-keys", help="frühere Schlüssel entfernen, sobald nichts sie mehr braucht"
    )
    p.add_argument("backups", nargs="*", help="Sicherungsdateien oder Ordner, die gültig bleiben")
    p.set_defaults(func=cmd_retire_keys)
    p = sub.add_parser("rotate-key", help="neuen Schlüssel erzeugen, alles neu verschlüsseln")
    p.add_argument(
        "--new-key-stdin",
        action="store_true",
        help="den neuen Schlüssel von stdin lesen (Fernet), sonst neu erzeugt",
    )
    p.add_argument(
        "--show-keys",
        action="store_true",
        help="bei Schlüsseln aus der Umgebung die neuen Werte anzeigen statt in eine Datei",
    )
    p.set_defaults(func=cmd_rotate_key)
    args = parser.parse_args(argv)
    try:
        if args.func(args):  # a command returns 1 when it printed its own report
            return 1
    except Invalid as exc:
        # On the command line there are no marked fields: the field messages are the news.
        print(f"Fehler: {' '.join(exc.fields.values()) or exc}", file=sys.stderr)
        return 1
    except (DatabaseUnavailable, DomainError) as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
