"""First run, login and the role's start page, through the real app script.

Note: AppTest (Streamlit 1.67) runs the main script only on an AppTest's first run; later runs
execute just the current page. So each logged-in view is a fresh AppTest whose first run passes
the login gate with a session opened through the service; the browser journey (tests/e2e)
covers the full click path, logout included.
"""

from __future__ import annotations

import jwt
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from components.shell.auth import COOKIE_PENDING_KEY, COOKIE_WAIT_SECONDS, SESSION_KEY
from components.shell.navigation import screens_for
from config import get_secrets, get_settings, local_today
from db.models import AuditLog, Case, Cooperative, Person, User, UserSession
from services import auth
from services.catalogues import entry_ids
from services.passwords import hash_password
from services.setup_code import code_file, ensure_setup_code
from tests.pages.conftest import APP, by_label, log_in, texts

PASSWORD = "Sonnenblume-im-Hof"


def fill_setup(at, username="chefin", name="Erika Admin", pw=PASSWORD, repeat=PASSWORD, code=None):
    # the code `manage.py init` printed (the setup page makes one if init never ran)
    at.text_input(key="setup_code").input(code if code is not None else ensure_setup_code()[0])
    at.text_input(key="setup_username").input(username)
    at.text_input(key="setup_name").input(name)
    at.text_input(key="setup_password").input(pw)
    at.text_input(key="setup_repeat").input(repeat)


def add_user(db, username: str, role: str, coop_city: str | None = None) -> int:
    with db() as s, s.begin():
        coop = None
        if coop_city:
            coop = Cooperative(
                name=f"WG {coop_city} eG",
                code=coop_city[:3].upper(),
                city=coop_city,
                housing_units=900,
            )
            s.add(coop)
            s.flush()
        user = User(
            username=username,
            display_name=f"Test {role}",
            password_hash=hash_password(PASSWORD),
            role=role,
            cooperative_id=coop.id if coop else None,
        )
        s.add(user)
        s.flush()
        return user.id


def logged_in_app(db, username: str) -> AppTest:
    with db() as s, s.begin():
        session_id = auth.register_login(s, username).actor.session_id
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[SESSION_KEY] = session_id
    return at.run()


def test_first_run_shows_setup_and_creates_the_admin(app, db) -> None:
    app.run()
    assert "Willkommen" in app.title[0].value
    fill_setup(app)
    by_label(app.button, "Konto anlegen").click()
    app.run()
    assert not app.exception
    with db() as s:
        admin = s.scalar(select(User))
        assert admin.username == "chefin" and admin.role == "admin"
    later = AppTest.from_file(APP, default_timeout=60).run()
    assert by_label(later.text_input, "Benutzername")
    assert all("Willkommen" not in t.value for t in later.title)
    assert not code_file().exists()  # the code opens nothing any more


def test_setup_without_the_right_code_creates_nobody_and_keeps_the_input(app, db) -> None:
    """The first visitor of a fresh install must not become admin just by being first."""
    app.run()
    fill_setup(app, code="AAAA-BBBB-CCCC")
    by_label(app.button, "Konto anlegen").click()
    app.run()
    assert "Der Einrichtungscode stimmt nicht" in texts(app)
    assert app.text_input(key="setup_username").value == "chefin"
    with db() as s:
        assert s.scalar(select(User)) is None
    app.text_input(key="setup_code").input(ensure_setup_code()[0].lower().replace("-", " "))
    by_label(app.button, "Konto anlegen").click()
    app.run()
    with db() as s:
        assert s.scalar(select(User.username)) == "chefin"


def test_mismatched_passwords_keep_the_input_and_write_nothing(app, db) -> None:
    app.run()
    fill_setup(app, repeat="etwas-ganz-anderes")
    by_label(app.button, "Konto anlegen").click()
    app.run()
    assert "stimmen nicht überein" in texts(app)
    with db() as s:
        assert s.scalar(select(User)) is None
    app.text_input(key="setup_repeat").input(PASSWORD)
    by_label(app.button, "Konto anlegen").click()
    app.run()
    with db() as s:
        user = s.scalar(select(User))
        assert (user.username, user.display_name) == ("chefin", "Erika Admin")


def test_setup_with_demo_data_loads_the_demo(app, db) -> None:
    app.run()
    fill_setup(app)
    app.checkbox(key="setup_demo").check()
    by_label(app.button, "Konto anlegen").click()
    app.run()
    assert not app.exception
    with db() as s:
        assert len(s.scalars(select(Cooperative)).all()) == 8
        assert s.scalar(select(User.role).where(User.username == "chefin")) == "admin"
        # The chosen admin stays the only admin; demo accounts for the other roles exist.
        assert s.scalars(select(User.username).where(User.role == "admin")).all() == ["chefin"]


def test_login_opens_a_session_in_the_database(app, db) -> None:
    add_user(db, "chefin", "admin")
    log_in(app, "chefin", PASSWORD)
    assert not app.exception
    with db() as s:
        assert "login" in s.scalars(select(AuditLog.action)).all()
        assert len(s.scalars(select(UserSession)).all()) == 1
        assert s.scalar(select(User.last_login_at)) is not None


def test_after_login_only_the_cookie_is_set_with_one_token_until_confirmed(app, db) -> None:
    """Between the login and the app the browser stores the re-login cookie: no page and no
    navigation meanwhile (a click then would be lost), and every run sends the same token,
    bound to the session once, until the browser's frame confirms it."""
    add_user(db, "chefin", "admin")
    log_in(app, "chefin", PASSWORD)
    assert "Anmeldung wird abgeschlossen" in texts(app)
    assert "Guten Tag" not in texts(app)
    pending = app.session_state[COOKIE_PENDING_KEY]
    claims = jwt.decode(pending["token"], get_secrets().cookie_key, algorithms=["HS256"])
    with db() as s:
        assert claims["username"] == "chefin"
        assert s.scalar(select(UserSession.cookie_exp)) == claims["exp_date"]
    later = AppTest.from_file(APP, default_timeout=60)
    for key in (SESSION_KEY, COOKIE_PENDING_KEY, "username"):
        later.session_state[key] = app.session_state[key]
    later.run()  # no browser: the frame never confirms
    assert later.session_state[COOKIE_PENDING_KEY]["token"] == pending["token"]
    with db() as s:
        assert s.scalar(select(UserSession.cookie_exp)) == claims["exp_date"]


def test_the_app_opens_without_the_cookie_when_the_browser_never_answers(app, db) -> None:
    add_user(db, "chefin", "admin")
    log_in(app, "chefin", PASSWORD)
    later = AppTest.from_file(APP, default_timeout=60)
    for key in (SESSION_KEY, COOKIE_PENDING_KEY, "username"):
        later.session_state[key] = app.session_state[key]
    later.session_state[COOKIE_PENDING_KEY]["since"] -= COOKIE_WAIT_SECONDS + 1
    later.run()
    assert COOKIE_PENDING_KEY not in later.session_state
    assert "Guten Tag, Test admin" in texts(later)


def test_wrong_password_is_counted_in_the_database(app, db) -> None:
    add_user(db, "chefin", "admin")
    log_in(app, "chefin", "falsches-passwort")
    assert "Benutzername oder Passwort ist falsch" in texts(app)
    with db() as s:
        assert s.scalar(select(User.failed_logins)) == 1
        assert "login_failed" in s.scalars(select(AuditLog.action)).all()


def test_an_address_with_too_many_failures_is_refused_even_with_the_right_password(
    app, db, monkeypatch
) -> None:
    monkeypatch.setenv("KC_MAX_FAILED_LOGINS_PER_ADDRESS", "3")
    get_settings.cache_clear()
    add_user(db, "chefin", "admin")
    for name in ("anna", "bert", "carla"):  # one try each: no account reaches its limit
        log_in(app, name, "falsches-passwort")
    log_in(app, "chefin", PASSWORD)
    assert "Benutzername oder Passwort ist falsch" in texts(app)
    with db() as s:
        assert s.scalars(select(UserSession)).all() == []
        assert s.scalar(select(User.failed_logins)) == 0  # the account itself is untouched


def test_an_empty_field_is_asked_for_and_not_counted(app, db) -> None:
    add_user(db, "chefin", "admin")
    log_in(app, "chefin", "")
    assert "Bitte geben Sie Benutzername und Passwort ein." in texts(app)
    assert by_label(app.text_input, "Benutzername").value == "chefin"
    log_in(app, "", PASSWORD)
    assert "Bitte geben Sie Benutzername und Passwort ein." in texts(app)
    with db() as s:
        assert s.scalar(select(User.failed_logins)) == 0
        assert s.scalars(select(UserSession)).all() == []


def test_kuemmerer_start_shows_own_cooperative(db) -> None:
    add_user(db, "kai", "kuemmerer", coop_city="Werdau")
    at = logged_in_app(db, "kai")
    assert not at.exception
    assert "Guten Tag, Test kuemmerer" in texts(at)
    assert "WG Werdau eG" in texts(at)
    assert [m.label for m in at.metric][:2] == ["Offene Fälle", "Kurzkontakte heute"]
    assert "Für heute ist nichts fällig" in texts(at)


def test_koordination_start_shows_counts_without_names(db) -> None:
    add_user(db, "kim", "kuemmerer", coop_city="Olbernhau")
    with db() as s, s.begin():
        coop = s.scalar(select(Cooperative))
        route = entry_ids(s, "access_route")["aufsuchend"]
        for i in range(3):
            p = Person(
                cooperative_id=coop.id,
                pseudonym=f"OLB-{i}",
                first_name="Gisela",
                last_name="Geheim",
            )
            s.add(p)
            s.flush()
            s.add(
                Case(
                    person_id=p.id,
                    cooperative_id=coop.id,
                    opened_on=local_today(),
                    access_route_id=route,
                    urgency="frueh",
                )
            )
    add_user(db, "katrin", "koordination")
    at = logged_in_app(db, "katrin")
    assert not at.exception
    table = at.table[0].value
    assert list(table["Offene Fälle"]) == ["<5"]
    page_text = texts(at) + table.to_string()
    for secret in ("Gisela", "Geheim", "OLB-0", "kim"):
        assert secret not in page_text


def test_admin_sees_verwaltung_and_kuemmerer_does_not(db) -> None:
    add_user(db, "chefin", "admin")
    at = logged_in_app(db, "chefin")
    assert [m.label for m in at.metric][0] == "Aktive Konten"
    at.switch_page("screens/administration.py").run()
    assert not at.exception
    assert at.title[0].value == "Verwaltung"
    assert "chefin" in at.dataframe[0].value["Benutzername"].tolist()

    admin_screens = ["Start", "Netzwerk", "Datenschutz", "Verwaltung", "Protokoll", "Mein Konto"]
    assert [s.title for s in screens_for("admin")] == admin_screens
    kuemmerer = ["Start", "Kurzkontakt", "Fälle", "Neuer Fall", "Hinweise", "Netzwerk"]
    kuemmerer += ["Quartier & Ehrenamt", "Indikatoren", "Ansätze", "Ziele", "Präsentation"]
    kuemmerer += ["Berichte"]
    kuemmerer += ["Austauschtreffen", "Datenschutz", "Mein Konto"]
    assert [s.title for s in screens_for("genossenschaft")] == ["Hinweis melden", "Mein Konto"]
    assert [s.title for s in screens_for("kuemmerer")] == kuemmerer
    assert [s.title for s in screens_for("koordination")] == [
        "Start",
        "Netzwerk",
        "Quartier & Ehrenamt",
        "Indikatoren",
        "Ansätze",
        "Ziele",
        "Präsentation",
        "Berichte",
        "Austauschtreffen",
        "Protokoll",
        "Mein Konto",
    ]


def test_logged_out_session_is_not_accepted(db) -> None:
    add_user(db, "chefin", "admin")
    with db() as s, s.begin():
        session_id = auth.register_login(s, "chefin").actor.session_id
        auth.end_session(s, session_id)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[SESSION_KEY] = session_id
    at.run()
    assert by_label(at.text_input, "Benutzername")
    assert "abgemeldet" in texts(at)


def test_reset_user_must_change_password_before_anything_else(db) -> None:
    add_user(db, "kai", "kuemmerer", coop_city="Werdau")
    with db() as s, s.begin():
        s.scalar(select(User).where(User.username == "kai")).must_change_password = True
    at = logged_in_app(db, "kai")
    assert at.title[0].value == "Bitte ändern Sie Ihr Passwort"
    assert not at.metric  # no start page, no case figures before the change

    at.text_input(key="pw_current").input("falsch-falsch-falsch")
    at.text_input(key="pw_new").input("Neues-Passwort-im-Hof")
    at.text_input(key="pw_repeat").input("Neues-Passwort-im-Hof")
    by_label(at.button, "Passwort ändern").click()
    at.run()
    assert "Das bisherige Passwort ist nicht richtig." in texts(at)
    with db() as s:  # counted toward the lockout like a failed login
        assert s.scalar(select(User.failed_logins).where(User.username == "kai")) == 1

    at.text_input(key="pw_current").input(PASSWORD)
    by_label(at.button, "Passwort ändern").click()
    at.run()
    with db() as s:
        assert not s.scalar(select(User.must_change_password).where(User.username == "kai"))
