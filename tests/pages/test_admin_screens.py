"""Verwaltung → Genossenschaften and Kataloge through the page: the row lands in the database,
bad input is refused beside the field and the typed text stays."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from db.models import AuditLog, CatalogueEntry, Contact, Cooperative
from services.catalogues import entry_ids
from tests.pages.conftest import by_label, texts
from tests.pages.test_administration import admin_page


def _coop_id(db, name: str) -> int:
    with db() as s:
        return s.scalar(select(Cooperative.id).where(Cooperative.name == name))


def test_admin_creates_a_cooperative(db) -> None:
    at = admin_page(db)
    at.text_input(key="nc_name").input("WG Plauen eG")
    at.text_input(key="nc_code").input("wgp")
    at.text_input(key="nc_city").input("Plauen")
    at.number_input(key="nc_units").set_value(1450)
    by_label(at.button, "Genossenschaft anlegen").click()
    at.run()
    assert not at.exception
    assert "Genossenschaft „WG Plauen eG“ angelegt." in texts(at)
    with db() as s:
        coop = s.scalar(select(Cooperative).where(Cooperative.name == "WG Plauen eG"))
        assert (coop.code, coop.city, coop.housing_units) == ("WGP", "Plauen", 1450)
    table = at.dataframe[1].value  # the cooperatives tab's table
    assert table["Wohneinheiten"].tolist() == ["1.450"]


def test_duplicate_cooperative_is_refused_and_input_kept(db) -> None:
    at = admin_page(db)
    for name in ("WG Plauen eG", "WG Plauen eG"):
        at.text_input(key="nc_name").input(name)
        at.text_input(key="nc_code").input("WGP")
        at.text_input(key="nc_city").input("Plauen")
        by_label(at.button, "Genossenschaft anlegen").click()
        at.run()
    assert "Eine Genossenschaft mit diesem Namen gibt es schon." in texts(at)
    assert "Dieses Kürzel hat schon eine andere Genossenschaft." in texts(at)
    with db() as s:
        assert len(s.scalars(select(Cooperative)).all()) == 1
    at.text_input(key="nc_name").input("WG Plauen-Süd eG")
    at.text_input(key="nc_code").input("WGS")
    by_label(at.button, "Genossenschaft anlegen").click()
    at.run()
    with db() as s:
        second = s.scalar(select(Cooperative).where(Cooperative.code == "WGS"))
        assert second.city == "Plauen"  # kept in the form, not typed again


def test_admin_deactivates_a_cooperative(db) -> None:
    at = admin_page(db)
    at.text_input(key="nc_name").input("WG Werdau eG")
    at.text_input(key="nc_code").input("WGW")
    at.text_input(key="nc_city").input("Werdau")
    by_label(at.button, "Genossenschaft anlegen").click()
    at.run()
    coop_id = _coop_id(db, "WG Werdau eG")
    at.selectbox(key="ec_pick").select(coop_id)
    at.run()
    at.number_input(key=f"ec_{coop_id}_units").set_value(800)
    at.checkbox(key=f"ec_{coop_id}_active").uncheck()
    at.button(key="FormSubmitter:edit_cooperative_" + str(coop_id) + "-Speichern").click()
    at.run()
    assert not at.exception
    with db() as s:
        coop = s.get(Cooperative, coop_id)
        assert (coop.housing_units, coop.active) == (800, False)
    # no new account can be assigned to it: it is no longer offered
    options = at.selectbox(key="nu0_coop").options
    assert not any("Werdau" in o for o in options)


def _catalogue_page(db, catalogue: str = "contact_kind"):
    at = admin_page(db)
    at.selectbox(key="cat_pick").select(catalogue)
    return at.run()


def test_admin_adds_and_relabels_a_catalogue_entry(db) -> None:
    at = _catalogue_page(db)
    at.text_input(key="ca_label_contact_kind").input("Videoanruf")
    by_label(at.button, "Hinzufügen").click()
    at.run()
    assert "„Videoanruf“ hinzugefügt." in texts(at)
    with db() as s:
        video = s.scalar(select(CatalogueEntry).where(CatalogueEntry.label == "Videoanruf"))
        assert video.key == "videoanruf" and video.active
    at.selectbox(key="ce_pick_contact_kind").select(video.id)
    at.run()
    at.text_input(key=f"ce_label_{video.id}").input("Telefon")  # exists already
    at.button(key=f"FormSubmitter:edit_entry_{video.id}-Speichern").click()
    at.run()
    assert "Einen Eintrag mit dieser Bezeichnung gibt es in diesem Katalog schon." in texts(at)
    assert at.text_input(key=f"ce_label_{video.id}").value == "Telefon"
    at.text_input(key=f"ce_label_{video.id}").input("Videotelefonat")
    at.button(key=f"FormSubmitter:edit_entry_{video.id}-Speichern").click()
    at.run()
    with db() as s:
        assert s.get(CatalogueEntry, video.id).label == "Videotelefonat"
        assert s.scalar(select(AuditLog.id).where(AuditLog.action == "catalogue_entry_updated"))


def test_reorder_and_delete_only_unused_entries(db) -> None:
    with db() as s, s.begin():
        coop = Cooperative(name="WG", code="WG", city="Zwickau", housing_units=10)
        s.add(coop)
        s.flush()
        phone = entry_ids(s, "contact_kind")["telefon"]
        s.add(
            Contact(
                cooperative_id=coop.id, contact_date=dt.date(2026, 11, 2), minutes=5, kind_id=phone
            )
        )
    at = _catalogue_page(db)
    labels = at.dataframe[2].value["Bezeichnung"].tolist()
    assert at.dataframe[2].value["Verwendet in"].tolist()[labels.index("Telefon")] == 1
    at.selectbox(key="ce_pick_contact_kind").select(phone)
    at.run()
    assert at.button(key=f"delete_{phone}").disabled  # used: only deactivation is offered
    position = labels.index("Telefon") + 1
    at.number_input(key=f"ce_position_{phone}_{position}").set_value(1)
    at.button(key=f"move_{phone}").click()
    at.run()
    moved = at.dataframe[2].value["Bezeichnung"].tolist()
    assert moved[0] == "Telefon"
    assert at.selectbox(key="ce_pick_contact_kind").value == phone  # the choice stays on it

    at.text_input(key="ca_label_contact_kind").input("Aus Versehen")
    by_label(at.button, "Hinzufügen").click()
    at.run()
    with db() as s:
        oops = s.scalar(select(CatalogueEntry.id).where(CatalogueEntry.label == "Aus Versehen"))
    at.selectbox(key="ce_pick_contact_kind").select(oops)
    at.run()
    at.button(key=f"delete_{oops}").click()
    at.run()
    assert "„Aus Versehen“ endgültig löschen?" in [w.value for w in at.warning]
    at.button(key=f"delete_yes_{oops}").click()
    at.run()
    assert "„Aus Versehen“ gelöscht." in texts(at)
    with db() as s:
        assert s.get(CatalogueEntry, oops) is None
