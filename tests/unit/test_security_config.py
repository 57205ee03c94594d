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
        ui_files += sorted((PROJECT_ROOT / folder).glob("*.py"))
    offenders = [
        path.name
        for path in ui_files
        if path.name != "styles.py"
        and re.search(r"unsafe_allow_html\s*=\s*True|st\.html\(", path.read_text())
    ]
    assert len(ui_files) > 10 and offenders == []
    # the one exception loads static stylesheets from its own folder, never text
    styles = (PROJECT_ROOT / "components" / "styles.py").read_text()
    assert re.findall(r"st\.html\((.*)\)", styles) == ['STYLESHEETS / f"{name}.css"']


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
