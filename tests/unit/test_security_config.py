"""Settings that protect the login must stay: XSRF protection on, no raw HTML from users."""

from __future__ import annotations

import re
import tomllib

from config import PROJECT_ROOT


def test_xsrf_and_cors_protection_stay_on_and_errors_stay_hidden() -> None:
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["client"]["showErrorDetails"] == "none"


def test_no_screen_renders_raw_html() -> None:
    # Screens show user-entered text (names, labels, notes); raw HTML would allow script
    # injection, so no UI module may switch Streamlit's escaping off.
    ui_files = [PROJECT_ROOT / "app.py"]
    for folder in ("screens", "components"):
        ui_files += sorted((PROJECT_ROOT / folder).rglob("*.py"))
    offenders = [
        path.name
        for path in ui_files
        if path.name != "styles.py"
        and re.search(r"unsafe_allow_html\s*=\s*True|st\.html\(", path.read_text())
    ]
    assert len(ui_files) > 10 and offenders == []
    # the one exception loads static files from its own folder, never text: the stylesheets,
    # and one script that holds no more than its table of German labels
    styles = (PROJECT_ROOT / "components" / "shell" / "styles.py").read_text()
    assert re.findall(r"st\.html\((.*)\)", styles) == [
        'STYLESHEETS / f"{name}.css"',
        'STYLESHEETS / f"{name}.html", unsafe_allow_javascript=True',
    ]
    from components.shell.styles import SCRIPTS, STYLESHEETS

    for name in SCRIPTS:  # labels in German, a warning before leaving: nothing else
        script = (STYLESHEETS / f"{name}.html").read_text()
        for reach in ("fetch(", "XMLHttpRequest", "eval(", "innerHTML", "cookie", "Storage"):
            assert reach not in script, (name, reach)


def test_a_rewritten_secrets_file_is_for_its_owner_only(tmp_path) -> None:
    """Rotating the key rewrites the file: an older copy readable by others becomes 0600."""
    from config import write_secrets_file

    path = tmp_path / "secrets.toml"
    path.write_text("old")
    path.chmod(0o644)
    write_secrets_file(path, {"cookie_key": "c", "encryption_key": "e"})
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_text() == 'cookie_key = "c"\nencryption_key = "e"\n'


def test_the_sqlite_database_and_its_wal_files_are_for_the_owner_only(tmp_path) -> None:
    import os

    from sqlalchemy import text

    from db.engine import create_db_engine

    old_umask = os.umask(0o022)  # the usual umask: new files readable by everyone
    try:
        legacy = tmp_path / "alt.db"
        legacy.write_bytes(b"")
        legacy.chmod(0o644)  # a database created before: narrowed on the next start
        for name in ("neu.db", "alt.db"):
            engine = create_db_engine(f"sqlite:///{tmp_path / name}")
            with engine.begin() as conn:
                conn.execute(text("CREATE TABLE t (x INTEGER)"))
                conn.execute(text("INSERT INTO t VALUES (1)"))
                files = [tmp_path / name, tmp_path / f"{name}-wal", tmp_path / f"{name}-shm"]
                assert all(f.exists() for f in files)
                assert [oct(f.stat().st_mode & 0o777) for f in files] == ["0o600"] * 3
            engine.dispose()
    finally:
        os.umask(old_umask)


def test_the_relogin_cookie_is_secure_over_https() -> None:
    from components.shell.auth import cookie_options

    expires = "2026-12-03T06:00:00+00:00"
    assert cookie_options(expires, "https://cockpit.example.org/", "")["secure"] is True
    assert cookie_options(expires, "http://127.0.0.1:8501/", "https")["secure"] is True
    plain = cookie_options(expires, "http://localhost:8501/", "")
    assert "secure" not in plain and plain["sameSite"] == "strict" and plain["path"] == "/"


def test_manage_reads_its_settings_from_the_env_file(tmp_path) -> None:
    import os
    import subprocess
    import sys

    from config import PROJECT_ROOT

    env_file = tmp_path / "kc.env"
    env_file.write_text(
        f"# as /etc/kuemmerer-cockpit.env\nDATABASE_URL=sqlite:///{tmp_path}/aus-datei.db\n"
        f'KC_DATA_DIR="{tmp_path}"\n'
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KC_DATA_DIR")}
    result = subprocess.run(
        [sys.executable, "manage.py", "init"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={**env, "KC_ENV_FILE": str(env_file)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "aus-datei.db").exists() and (tmp_path / "setup-code.txt").exists()


def test_documented_commands_never_carry_keys_or_passwords() -> None:
    """`ps` shows every command line to every user of the machine."""
    import re

    from config import PROJECT_ROOT

    docs = [PROJECT_ROOT / "README.md", *sorted((PROJECT_ROOT / "docs").glob("*.md"))]
    secret = re.compile(
        r"\$\(cat |KC_(ENCRYPTION|COOKIE)_KEY=|PREVIOUS_ENCRYPTION_KEYS=|--password(?!-stdin)"
        r"|--new-key\b|postgres\w*(\+\w+)?://[^@\s/]*:[^@\s]*@"
    )
    for doc in docs:
        for block in re.findall(r"```(?:bash|sh|console)\n(.*?)```", doc.read_text(), re.S):
            for line in block.splitlines():
                assert not secret.search(line), f"{doc.name}: {line}"
