"""AppTest fixtures: a fresh SQLite database per test, migrated like `make run` does."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from config import get_settings
from db.engine import create_db_engine
from db.migrate import upgrade
from services.catalogues import ensure_default_catalogues

APP = "../../app.py"


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path}/app.db"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    engine = create_db_engine(url)
    upgrade(engine)
    with Session(engine) as s, s.begin():
        ensure_default_catalogues(s)
    engine.dispose()
    yield url
    get_settings.cache_clear()


@pytest.fixture
def db(db_url) -> Iterator[Callable[[], Session]]:
    """Open a session on the app's database to arrange or check data."""
    engine = create_db_engine(db_url)
    yield lambda: Session(engine, expire_on_commit=False)
    engine.dispose()


@pytest.fixture
def app(db_url) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    return at


def by_label(elements, label: str):
    matches = [e for e in elements if e.label == label]
    assert matches, f"no element labelled {label!r}"
    return matches[0]


def log_in(at: AppTest, username: str, password: str) -> AppTest:
    at.run()
    by_label(at.text_input, "Benutzername").input(username)
    by_label(at.text_input, "Passwort").input(password)
    by_label(at.button, "Anmelden").click()
    return at.run()


def texts(at: AppTest) -> str:
    parts = (
        [e.value for e in at.markdown] + [e.value for e in at.title] + [e.value for e in at.caption]
    )
    parts += (
        [e.value for e in at.error] + [e.value for e in at.info] + [e.value for e in at.success]
    )
    parts += [e.value for e in at.warning] + [e.value for e in at.subheader]
    parts += [e.value for e in at.toast]  # a tabbed page's success message
    return "\n".join(str(p) for p in parts)
