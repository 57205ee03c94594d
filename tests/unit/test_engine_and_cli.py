"""An unreachable database gives one German line, not a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from config import PROJECT_ROOT
from db.engine import DatabaseUnavailable, check_connection, create_db_engine
from services.crypto import decrypt_text, encrypt_text

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/nirgends"


def test_unreachable_database_raises_german_message() -> None:
    with pytest.raises(DatabaseUnavailable, match="nicht erreichbar"):
        check_connection(create_db_engine(UNREACHABLE, connect_args={"connect_timeout": 2}))


def test_manage_prints_one_line_for_unreachable_database(tmp_path) -> None:
    env = {**os.environ, "DATABASE_URL": UNREACHABLE, "KC_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "init"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Fehler: Die Datenbank ist nicht erreichbar")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def manage(tmp_path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run manage.py against a fresh SQLite database in tmp_path."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "KC_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


# the password from stdin: a command line is visible to every user of the machine (ps)
ADMIN = ("create-admin", "--username", "chefin", "--password-stdin")


def test_manage_init_and_create_admin_on_fresh_sqlite(tmp_path) -> None:
    def run(*args: str):
        return manage(tmp_path, *args)

    first = run("init")
    code = (tmp_path / "setup-code.txt").read_text().strip()
    assert (
        first.returncode == 0
        and f"Einrichtungscode für das erste Administrationskonto: {code}" in first.stdout
    )
    assert oct((tmp_path / "setup-code.txt").stat().st_mode & 0o777) == "0o600"
    assert code in run("init").stdout  # the same code until it is used
    bad = manage(tmp_path, *ADMIN, stdin="kurz\n")
    assert bad.returncode == 1 and "mindestens 10 Zeichen" in bad.stderr
    ok = manage(tmp_path, *ADMIN, stdin="Sonnenblume-im-Hof\n")
    assert ok.returncode == 0, ok.stderr
    assert (
        not (tmp_path / "setup-code.txt").exists() and "Einrichtungscode" not in run("init").stdout
    )
    secrets_file = tmp_path / "secrets.toml"
    assert not secrets_file.exists() or oct(secrets_file.stat().st_mode & 0o777) == "0o600"


def test_notes_are_encrypted_at_rest() -> None:
    token = encrypt_text("wirkt erschöpft")
    assert "erschöpft" not in token
    assert decrypt_text(token) == "wirkt erschöpft"
    assert encrypt_text("") is None and decrypt_text(None) is None


def test_manage_unlock_and_reset_password(tmp_path) -> None:
    def run(*args: str, stdin: str = ""):
        return manage(tmp_path, *args, stdin=stdin)

    assert run("init").returncode == 0
    assert manage(tmp_path, *ADMIN, stdin="Sonnenblume-im-Hof\n").returncode == 0
    missing = run("unlock", "niemand")
    assert (
        missing.returncode == 1
        and missing.stderr.strip() == "Fehler: Ein Konto „niemand“ gibt es nicht."
    )
    assert run("unlock", "chefin").returncode == 0
    weak = run("reset-password", "chefin", "--password-stdin", stdin="kurz\n")
    assert weak.returncode == 1 and "mindestens 10 Zeichen" in weak.stderr
    ok = run("reset-password", "chefin", "--password-stdin", stdin="Neues-Passwort-im-Hof\n")
    assert ok.returncode == 0, ok.stderr


def test_manage_create_user_for_provisioning(tmp_path) -> None:
    def run(*args: str, stdin: str = "Sonnenblume-im-Hof\n"):
        return manage(tmp_path, *args, stdin=stdin)

    assert run("seed-demo", "--scale", "0.05").returncode == 0
    no_coop = run("create-user", "kai", "--role", "kuemmerer", "--password-stdin")
    assert no_coop.returncode == 1
    assert no_coop.stderr.strip() == "Fehler: Bitte wählen Sie die Genossenschaft."
    unknown = run(
        "create-user",
        "kai",
        "--role",
        "kuemmerer",
        "--cooperative",
        "WG Nirgendwo",
        "--password-stdin",
    )
    assert unknown.stderr.strip() == "Fehler: Eine Genossenschaft „WG Nirgendwo“ gibt es nicht."
    ok = run(
        "create-user",
        "Kai",
        "--role",
        "kuemmerer",
        "--cooperative",
        "wds",
        "--name",
        "Kai Neu",
        "--password-stdin",
    )
    assert ok.returncode == 0, ok.stderr
    twice = run("create-user", "kai", "--role", "koordination", "--password-stdin")
    assert twice.returncode == 1 and "gibt es schon" in twice.stderr
    assert len(twice.stderr.strip().splitlines()) == 1
    engine = create_engine(f"sqlite:///{tmp_path}/x.db")
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT u.role, c.code, u.must_change_password FROM app_user u "
                "JOIN cooperative c ON c.id = u.cooperative_id WHERE u.username = 'kai'"
            )
        ).one()
    engine.dispose()
    assert tuple(row) == ("kuemmerer", "WDS", 1)


def test_manage_import_partners_imports_nothing_from_a_file_with_bad_rows(tmp_path) -> None:
    fixture = PROJECT_ROOT / "tests" / "fixtures" / "partners_mixed_cp1252.csv"
    assert manage(tmp_path, "init").returncode == 0
    refused = manage(tmp_path, "import-partners", str(fixture))
    assert refused.returncode == 1
    assert "Zeile 5: Art „Lebensmittelausgabe“ ist unbekannt" in refused.stderr
    assert "Nichts importiert – 8 von 10 Zeilen abgelehnt" in refused.stderr
    ok = manage(tmp_path, "import-partners", str(fixture), "--skip-invalid")
    assert ok.returncode == 0 and "2 neu, 0 aktualisiert" in ok.stdout
    again = manage(tmp_path, "import-partners", str(fixture), "--skip-invalid")
    assert "0 neu, 2 aktualisiert" in again.stdout
    missing = manage(tmp_path, "import-partners", str(tmp_path / "fehlt.csv"))
    assert missing.returncode == 1 and "gibt es nicht" in missing.stderr


def test_manage_backup_and_restore(tmp_path) -> None:
    assert manage(tmp_path, "init").returncode == 0
    ok = manage(tmp_path, *ADMIN, stdin="Sonnenblume-im-Hof\n")
    assert ok.returncode == 0
    backup = manage(tmp_path, "backup", str(tmp_path / "sicherung.zip"))
    assert backup.returncode == 0 and "Sicherung geschrieben" in backup.stdout
    # a restore asks first; anything but "ja" changes nothing
    asked = manage(tmp_path, "restore", str(tmp_path / "sicherung.zip"), stdin="nein\n")
    assert asked.returncode == 1 and "Abgebrochen" in asked.stdout
    done = manage(tmp_path, "restore", str(tmp_path / "sicherung.zip"), stdin="ja\n")
    assert done.returncode == 0, done.stderr
    assert "alle Tabellen geprüft" in done.stdout
    (tmp_path / "kaputt.zip").write_bytes(b"PK\x03\x04 abgeschnitten")
    broken = manage(tmp_path, "restore", str(tmp_path / "kaputt.zip"), "--yes")
    assert broken.returncode == 1
    assert "beschädigt oder unvollständig" in broken.stderr and "Traceback" not in broken.stderr


def test_manage_retention_dry_run_changes_nothing(tmp_path) -> None:
    assert manage(tmp_path, "init").returncode == 0
    dry = manage(tmp_path, "retention", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "seit mehr als 3 Jahren" in dry.stdout and "Nichts verändert" in dry.stdout
    applied = manage(tmp_path, "retention", "--apply")
    assert applied.returncode == 0 and "0 Person(en) anonymisiert" in applied.stdout
    assert manage(tmp_path, "retention").returncode == 2  # one of the two is required


def test_manage_rotate_key_keeps_everything_readable(tmp_path) -> None:
    assert manage(tmp_path, "init").returncode == 0
    assert manage(tmp_path, "seed-demo", "--scale", "0.05").returncode == 0
    old = (tmp_path / "secrets.toml").read_text()
    bad = manage(tmp_path, "rotate-key", "--new-key-stdin", stdin="kein-schluessel\n")
    assert bad.returncode == 1 and "kein gültiger Schlüssel" in bad.stderr
    rotated = manage(tmp_path, "rotate-key")
    assert rotated.returncode == 0, rotated.stderr
    assert "Werte mit dem neuen Schlüssel verschlüsselt" in rotated.stdout
    new = (tmp_path / "secrets.toml").read_text()
    assert new != old and "previous_keys" in new and not (tmp_path / "secrets.toml.new").exists()
    # the app starts with the new key: init checks that the key opens the stored data
    again = manage(tmp_path, "init")
    assert again.returncode == 0, again.stderr


def test_old_keys_retire_only_once_no_listed_backup_needs_them(tmp_path) -> None:
    assert manage(tmp_path, "init").returncode == 0
    assert manage(tmp_path, "seed-demo", "--scale", "0.02").returncode == 0
    backups = tmp_path / "sicherungen"
    backups.mkdir()
    assert manage(tmp_path, "backup", str(backups / "vorher.zip")).returncode == 0
    assert manage(tmp_path, "rotate-key").returncode == 0
    refused = manage(tmp_path, "retire-keys", str(backups))
    assert refused.returncode == 1 and "vorher.zip" in refused.stderr
    assert "previous_keys" in (tmp_path / "secrets.toml").read_text()  # nothing changed
    (backups / "vorher.zip").unlink()
    assert manage(tmp_path, "backup", str(backups / "nachher.zip")).returncode == 0
    retired = manage(tmp_path, "retire-keys", str(backups))
    assert retired.returncode == 0, retired.stderr
    assert "previous_keys" not in (tmp_path / "secrets.toml").read_text()
    assert manage(tmp_path, "init").returncode == 0  # everything opens with the current key
    again = manage(tmp_path, "retire-keys")
    assert again.returncode == 0 and "keine früheren Schlüssel" in again.stdout


def test_rotate_key_with_keys_from_the_environment_prints_no_key(tmp_path) -> None:
    from cryptography.fernet import Fernet

    old_key = Fernet.generate_key().decode()
    env = {"KC_ENCRYPTION_KEY": old_key, "KC_COOKIE_KEY": "k" * 48}

    def run(*args: str):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env={
                **os.environ,
                **env,
                "KC_DATA_DIR": str(tmp_path),
                "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
            },
        )

    assert run("init").returncode == 0
    rotated = run("rotate-key")
    assert rotated.returncode == 0, rotated.stderr
    keyfile = tmp_path / "new-keys.env"
    assert "KC_ENCRYPTION_KEY=" not in rotated.stdout and str(keyfile) in rotated.stdout
    assert oct(keyfile.stat().st_mode & 0o777) == "0o600"
    assert f"KC_PREVIOUS_ENCRYPTION_KEYS={old_key}" in keyfile.read_text()
    env["KC_ENCRYPTION_KEY"] = keyfile.read_text().split("\n")[0].split("=", 1)[1]
    shown = run("rotate-key", "--show-keys")
    assert shown.returncode == 0 and "KC_ENCRYPTION_KEY=" in shown.stdout


def test_transient_errors_are_retried_then_reported_clearly(tmp_path) -> None:
    from sqlalchemy.exc import OperationalError

    from db.engine import DatabaseBusy, make_session_factory, run_transaction

    factory = make_session_factory(create_db_engine(f"sqlite:///{tmp_path}/r.db"))
    locked = OperationalError("INSERT …", {}, Exception("database is locked"))
    calls = []

    def flaky(session):
        calls.append(1)
        if len(calls) < 3:
            raise locked
        return "gespeichert"

    assert run_transaction(factory, flaky, first_delay=0.001) == "gespeichert"
    assert len(calls) == 3

    def always_locked(session):
        raise locked

    with pytest.raises(DatabaseBusy, match="noch einmal speichern"):
        run_transaction(factory, always_locked, attempts=3, first_delay=0.001)

    def broken(session):
        raise OperationalError("SELECT", {}, Exception("no such table: x"))

    with pytest.raises(OperationalError):  # not a lock: no retry, no disguise
        run_transaction(factory, broken, first_delay=0.001)


def test_manage_rebuild_rollups_reports_and_repairs_a_difference(tmp_path) -> None:
    assert manage(tmp_path, "init").returncode == 0
    with sqlite3.connect(tmp_path / "x.db") as db:  # a roll-up gone wrong (say, by hand)
        db.execute(
            "INSERT INTO rollup_case_day (day, cooperative_id, urgency, access_route_id, n, "
            "key_sum) VALUES ('2026-05-04', 1, 'akut', 1, 3, 99)"
        )
    checked = manage(tmp_path, "rebuild-rollups", "--check")
    assert checked.returncode == 1
    assert "rollup_case_day ('2026-05-04', '1', 'akut', '1'): gespeichert (3, 99)" in checked.stdout
    assert "1 Abweichung(en)" in checked.stdout
    rebuilt = manage(tmp_path, "rebuild-rollups")
    assert rebuilt.returncode == 0 and "neu aufgebaut (1 Abweichung(en) vorher)" in rebuilt.stdout
    assert manage(tmp_path, "rebuild-rollups", "--check").returncode == 0
