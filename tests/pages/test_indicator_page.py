"""The Indikatoren page under AppTest: filters, key figures, empty state, and what each role
gets by default. Chart contents are checked in the unit tests and the browser journey."""

from __future__ import annotations

import datetime as dt

import pytest
import streamlit as st

from config import local_today
from db.models import Cooperative, Person, User
from services.demo import seed_demo
from tests import factories as f
from tests.pages.test_case_screens import open_page
from tests.pages.test_setup_and_login import add_user

PAGE = "screens/indicators.py"


@pytest.fixture(autouse=True)
def _fresh_cache():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def test_empty_installation_says_so(db) -> None:
    add_user(db, "vogel", "koordination")
    at = open_page(db, "vogel", PAGE)
    assert not at.exception
    assert at.title[0].value == "Indikatoren"
    assert "Noch keine Daten im gewählten Zeitraum" in [i.value for i in at.info]
    assert [m.label for m in at.metric][:4] == [
        "Erreichte Personen",
        "Neue Fälle",
        "Früherkennungsquote",
        "Vermittlungserfolg",
    ]


def test_koordination_sees_all_cooperatives_aggregated(db) -> None:
    with db() as s, s.begin():
        seed_demo(s, until=local_today())
    at = open_page(db, "koordination", PAGE)
    assert not at.exception
    assert at.multiselect(key="indicator_cooperatives").value == []  # all
    figures = {m.label: m.value for m in at.metric}
    assert int(figures["Erreichte Personen"].replace(".", "")) > 100
    assert figures["Früherkennungsquote"].endswith("%")
    headers = [h.value for h in at.subheader]
    assert headers[:3] == ["1. Reichweite", "2. Neue Fälle und Fallbestand", "3. Früherkennung"]
    assert "Genossenschaften im Vergleich" in headers
    # no tenant's name anywhere on the page
    with db() as s:
        people = s.query(Person).filter(Person.last_name.is_not(None)).all()
        names = {p.last_name for p in people} | {p.pseudonym for p in people}
        # a tenant may share a surname with the signed-in user, whose name the sidebar shows
        names -= {w for (n,) in s.query(User.display_name) for w in n.split()}
    assert len(names) > 50
    text = " ".join(str(e.value) for e in (*at.markdown, *at.caption, *at.metric, *at.info))
    assert not [n for n in names if n in text]


def test_kuemmerer_starts_on_the_own_cooperative(db) -> None:
    with db() as s, s.begin():
        seed_demo(s, until=local_today())
    at = open_page(db, "kuemmerer.chemnitz", PAGE)
    with db() as s:
        own = s.query(User).filter_by(username="kuemmerer.chemnitz").one().cooperative_id
        assert s.get(Cooperative, own) is not None
    assert at.multiselect(key="indicator_cooperatives").value == [own]
    assert "erscheinen als" not in at.caption[0].value  # own figures are shown in full


def test_a_rerun_reuses_the_charts_and_new_data_rebuilds_only_what_changed(db, monkeypatch):
    """Building twelve Altair charts was most of every rerun: each chart's spec is cached by
    its table, so an unchanged page builds none, and a new contact rebuilds only its charts."""
    from components.documents import chart_drawing
    from db.models import Contact

    with db() as s, s.begin():
        seed_demo(s, until=local_today())
    at = open_page(db, "koordination", PAGE)
    built = []
    real = chart_drawing.chart
    monkeypatch.setattr(chart_drawing, "chart", lambda *a, **k: built.append(1) or real(*a, **k))
    at.run()
    assert not at.exception and built == []
    assert len(at.get("vega_lite_chart")) >= 10
    with db() as s, s.begin():
        old = s.query(Contact).filter(Contact.case_id.is_not(None)).first()
        s.add(
            Contact(
                cooperative_id=old.cooperative_id,
                case_id=old.case_id,
                contact_date=local_today(),
                kind_id=old.kind_id,
                minutes=15,
            )
        )
    at.run()
    assert not at.exception and 1 <= len(built) < 6


def test_custom_period_and_city_filter(db) -> None:
    with db() as s, s.begin():
        seed_demo(s, until=local_today())
    at = open_page(db, "koordination", PAGE)
    at.selectbox(key="indicator_preset").select("Eigener Zeitraum").run()
    today = local_today()
    at.date_input(key="indicator_range").set_value((today - dt.timedelta(days=30), today)).run()
    at.selectbox(key="indicator_city").select("Zwickau").run()
    assert not at.exception
    assert "Zeitraum" in at.caption[0].value
    assert at.subheader[0].value == "1. Reichweite"


def test_no_change_is_neutral_not_a_green_arrow(db) -> None:
    """'↑ unverändert' in green read as good news: no change has no arrow and is grey."""
    from streamlit.proto.Metric_pb2 import Metric

    add_user(db, "vogel", "koordination")
    add_user(db, "kim", "kuemmerer", coop_city="Chemnitz")
    with db() as s, s.begin():  # documented for years, nothing lately: every count as before
        coop = s.query(Cooperative).one()
        f.contact(s, coop, local_today() - dt.timedelta(days=800))
    at = open_page(db, "vogel", PAGE)
    unchanged = [m for m in at.metric if str(m.proto.delta).startswith("unverändert")]
    assert unchanged
    for m in unchanged:
        assert (m.proto.direction, m.proto.color) == (
            Metric.MetricDirection.NONE,
            Metric.MetricColor.GRAY,
        )


def test_no_comparison_before_the_first_record(db) -> None:
    """A new installation compared with the year before would read "+93": no change is
    shown, and the page says documentation began only now."""
    add_user(db, "vogel", "koordination")
    add_user(db, "kim", "kuemmerer", coop_city="Chemnitz")
    with db() as s, s.begin():
        f.contact(s, s.query(Cooperative).one(), local_today())
    at = open_page(db, "vogel", PAGE)
    assert [m.proto.delta for m in at.metric[:4]] == ["", "", "", ""]
    assert any("Kein Vergleich mit dem Vorzeitraum: dokumentiert wird seit" in c.value
               for c in at.caption)  # fmt: skip


def test_a_range_chosen_by_hand_is_compared_with_as_many_days_just_before(db) -> None:
    """01.10.–15.11. chosen by hand was compared with 01.07.–15.08. (a quarter back)."""
    add_user(db, "vogel", "koordination")
    at = open_page(db, "vogel", PAGE)
    at.selectbox(key="indicator_preset").select("Eigener Zeitraum").run()
    at.date_input(key="indicator_range").set_value((dt.date(2026, 10, 1), dt.date(2026, 11, 15)))
    at.run()
    assert at.caption[0].value.startswith(
        "Zeitraum 01.10.2026 – 15.11.2026, verglichen mit dem gleich langen Zeitraum davor "
        "(16.08.2026 – 30.09.2026)."
    )
    at.selectbox(key="indicator_preset").select("Dieses Jahr").run()
    assert "verglichen mit dem Vorjahr" in at.caption[0].value


def test_the_comparison_of_cooperatives_can_be_sorted_by_value(db) -> None:
    import pyarrow as pa

    with db() as s, s.begin():
        seed_demo(s, until=local_today())
    at = open_page(db, "koordination", PAGE)
    at.selectbox(key="indicator_compare").set_value("activities").run()
    at.button_group(key="indicator_compare_order").set_value("nach Wert").run()
    assert not at.exception

    per_cooperative = [  # the Quartiersarbeit chart, then the comparison (the last)
        list(frame["Wert"])
        for chart in at.get("vega_lite_chart")
        for dataset in chart.proto.datasets
        for frame in [pa.ipc.open_stream(dataset.data.data).read_pandas()]
        if "Wohnungsgenossenschaft Bautzen eG" in set(frame.get("Kategorie", []))
    ]
    values = per_cooperative[-1]
    assert len(values) == 8 and values == sorted(values, reverse=True)


def test_chart_downloads_are_named_in_german(monkeypatch) -> None:
    """Issue 25: the Früherkennung chart downloaded as 'early_detection.png'."""
    import pandas as pd

    from components.indicators import chart_blocks

    saved = []

    class Column:
        def download_button(self, label, data, file_name, *args, **kwargs) -> None:
            saved.append(file_name)

    class Page:
        def container(self, **kwargs) -> Column:
            return Column()

    monkeypatch.setattr(chart_blocks, "st", Page())
    frame = pd.DataFrame(columns=["Kategorie", "Reihe", "Wert", "Anzeige"])
    picture = chart_blocks.Picture(frame, "line", "share", "Anteil", ())
    chart_blocks.downloads("early_detection", "Früherkennung", frame, picture)
    assert saved == ["frueherkennung.csv", "frueherkennung.xlsx", "frueherkennung.png",
                     "frueherkennung.svg"]  # fmt: skip
    saved.clear()
    chart_blocks.downloads("vergleich_new_cases", "Neue Fälle", frame, None, "Vergleich Neue Fälle")
    assert saved == ["vergleich-neue-faelle.csv", "vergleich-neue-faelle.xlsx"]
