"""The database for the app: one engine per process (st.cache_resource), a session per unit
of work. The engine holds no user data, so sharing it across sessions is safe."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.orm import Session, sessionmaker

from config import get_settings
from db.engine import (
    DatabaseUnavailable,
    check_connection,
    create_db_engine,
    make_session_factory,
    unit_of_work,
)


@st.cache_resource(show_spinner=False)
def _factory(url: str) -> sessionmaker[Session]:
    engine = create_db_engine(url)
    check_connection(engine)
    return make_session_factory(engine)


def session_factory() -> sessionmaker[Session]:
    """The factory, or a German error on the page and stop when the database is unreachable."""
    try:
        return _factory(get_settings().database_url)
    except DatabaseUnavailable as exc:
        st.error(str(exc), icon=":material/warning:")
        st.stop()


@contextmanager
def session_scope() -> Iterator[Session]:
    with unit_of_work(session_factory()) as session:
        yield session
