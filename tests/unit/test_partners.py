"""Partner directory on SQLite and PostgreSQL: search ranking, duplicate hints, editing with
version check, referral figures with suppression, import with every kind of bad row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import AuditLog, Partner, Referral
from services import partners as p
from services.catalogues import entry_ids
from services.errors import Conflict, Invalid
from services.partner_files import (
    FileProblem,
    apply_import,
    export_partners,
    phone_list_html,
    preview_import,
    read_table,
    template,
)
from tests import factories as f

pytestmark = pytest.mark.usefixtures("without_noise")

FIXTURE = Path(__file__).parent.parent / "fixtures" / "partners_mixed_cp1252.csv"
TODAY = dt.date(2026, 11, 25)


def _data(session, name="Sozialstation Süd", city="Chemnitz", **kw) -> p.PartnerData:
    return p.PartnerData(
        name=name,
        kind_id=entry_ids(session, "partner_kind")[kw.pop("kind", "pflegedienst")],
        help_area_ids=tuple(entry_ids(session, "problem_area")[a] for a in kw.pop("areas", ())),
        city=city,
        **kw,
    )


def _someone(session):
    return f.actor(f.user(session, "koordination"))


def test_search_ranks_name_matches_first_and_filters(session) -> None:
    me = _someone(session)
    p.create_partner(session, me, _data(session, "Diakonie Pflege", notes="auch Sozialstation"))
    p.create_partner(session, me, _data(session, "Sozialstation Süd", areas=("pflege",)))
    p.create_partner(session, me, _data(session, "Die Sozialstation Nord", city="Zwickau"))
    p.create_partner(session, me, _data(session, "Sozialstation Alt", active=False))
    found = p.search_partners(session, me, p.PartnerQuery(text="sozialstation"))
    assert [c.name for c in found.cards] == [
        "Sozialstation Süd",  # name starts with the words
        "Die Sozialstation Nord",  # name contains them
        "Diakonie Pflege",  # only the notes do
    ]
    need = entry_ids(session, "problem_area")["pflege"]
    by_need = p.search_partners(session, me, p.PartnerQuery(need_id=need, city="Chemnitz"))
    assert [c.name for c in by_need.cards] == ["Sozialstation Süd"]
    assert by_need.cards[0].help_areas == ("Pflege- und Unterstützungsbedarf",)
    zwickau = p.search_partners(session, me, p.PartnerQuery(city="Zwickau"))
    assert [c.name for c in zwickau.cards] == ["Die Sozialstation Nord"]
    paged = p.search_partners(session, me, p.PartnerQuery(), limit=1, offset=1)
    assert paged.total == 3 and len(paged.cards) == 1


def test_duplicates_are_found_by_name_and_city_phone_or_email(session) -> None:
    me = _someone(session)
    p.create_partner(
        session,
        me,
        _data(
            session,
            "Diakonie-Sozialstation Süd gGmbH",
            phone="0371 123456",
            email="info@diakonie.example",
        ),
    )
    by_name = p.similar_partners(session, me, _data(session, "Diakonie Sozialstation Süd"))
    assert [s.reason for s in by_name] == ["gleicher Name und Ort"]
    elsewhere = _data(session, "Diakonie Sozialstation Süd", city="Zwickau")
    assert p.similar_partners(session, me, elsewhere) == []
    by_phone = _data(session, "Ganz anders", city="Flöha", phone="+49 371 123456")
    assert [s.reason for s in p.similar_partners(session, me, by_phone)] == [
        "gleiche Telefonnummer"
    ]
    by_mail = _data(session, "Anders", city="Flöha", email="INFO@diakonie.example")
    assert [s.reason for s in p.similar_partners(session, me, by_mail)] == [
        "gleiche E-Mail-Adresse"
    ]


def test_create_edit_verify_with_version_check(session) -> None:
    me = _someone(session)
    with pytest.raises(Invalid) as exc:
        p.create_partner(session, me, _data(session, "", email="kaputt", postcode="123"))
    assert set(exc.value.fields) == {"name", "email", "postcode"}
    partner = p.create_partner(
        session,
        me,
        _data(session, cities=("Flöha",), contact_persons=(p.ContactPersonData("Jörg Müller"),)),
    )
    detail = p.partner_detail(session, me, partner.id)
    assert detail.data.cities == ("Chemnitz", "Flöha")
    assert detail.data.contact_persons[0].name == "Jörg Müller"
    changed = p.PartnerData(**{**detail.data.__dict__, "phone": "0371 1"})
    p.update_partner(session, me, partner.id, changed, detail.version)
    with pytest.raises(Conflict):
        p.update_partner(session, me, partner.id, changed, detail.version)
    session.get(Partner, partner.id).last_verified_on = dt.date(2024, 1, 1)
    assert p.stale_count(session, me, TODAY) == 1
    p.mark_verified(session, me, partner.id, TODAY)
    assert p.stale_count(session, me, TODAY) == 0
    actions = set(session.scalars(select(AuditLog.action).where(AuditLog.entity == "partner")))
    assert actions == {"partner_created", "partner_updated", "partner_verified"}


def test_referral_figures_show_own_cooperative_and_suppress_others(session) -> None:
    me = f.kuemmerer(session, code="CSG")
    other_coop = f.cooperative(session, city="Zwickau")
    partner = f.partner(session)
    for coop, n, status in ((me.cooperative_id, 2, "erledigt"), (other_coop.id, 3, "angefragt")):
        from db.models import Cooperative

        c = session.get(Cooperative, coop)
        for _ in range(n):
            case = f.case(session, c, TODAY)
            session.add(
                Referral(
                    case_id=case.id,
                    partner_id=partner.id,
                    referred_on=TODAY,
                    status=status,
                    status_on=TODAY,
                )
            )
    session.flush()
    figures = {x.cooperative: x for x in p.referral_figures(session, me, partner.id)}
    own = figures[session.get(Cooperative, me.cooperative_id).name]
    assert (own.referrals, own.success_share) == (2, 1.0)
    assert (figures[other_coop.name].referrals, figures[other_coop.name].success_share) == (
        None,
        None,
    )
    koordination = _someone(session)
    shown = {x.cooperative: x for x in p.referral_figures(session, koordination, partner.id)}
    assert all(shown[c].referrals is None for c in shown if c != "Alle Genossenschaften")
    # the five together are a cell of their own: published with the cell key's deviation
    assert shown["Alle Genossenschaften"].referrals in (None, 5, 6, 7)


def test_a_success_share_does_not_give_a_small_number_of_successes_away(session) -> None:
    from db.models import Cooperative

    me = f.kuemmerer(session, code="CSX")
    other = f.cooperative(session, city="Zwickau")
    partner = f.partner(session)
    for i in range(10):  # ten referrals, two of them successful: 20 % would tell "2"
        case = f.case(session, session.get(Cooperative, other.id), TODAY)
        status = "erledigt" if i < 2 else "angefragt"
        session.add(
            Referral(
                case_id=case.id,
                partner_id=partner.id,
                referred_on=TODAY,
                status=status,
                status_on=TODAY,
            )
        )
    session.flush()
    [theirs] = p.referral_figures(session, me, partner.id)
    assert (theirs.referrals, theirs.success_share) == (10, None)


def test_import_reports_every_bad_row_and_reimport_adds_nothing(session) -> None:
    me = _someone(session)
    content = FIXTURE.read_bytes()  # Windows-1252, semicolons, as German Excel saves it
    preview = preview_import(session, me, content, FIXTURE.name)
    assert [v.row.name for v in preview.valid] == [
        "Sozialstation Süd gGmbH",
        "Schuldnerberatung Mitte",
    ]
    assert preview.valid[0].row.contact_name == "Jörg Müller"
    reasons = dict(preview.rejected)
    assert reasons == {
        4: "„Name“ fehlt",
        5: "Art „Lebensmittelausgabe“ ist unbekannt",
        6: "E-Mail-Adresse ist ungültig",
        7: "Telefonnummer enthält unzulässige Zeichen",
        8: "„PLZ“ muss aus fünf Ziffern bestehen",
        9: "Hilfebereich „Glücksspiel“ ist unbekannt",
        10: "doppelt in der Datei (wie Zeile 2)",
        11: "„Ort“ fehlt",
    }
    result = apply_import(session, me, preview.valid)
    assert (result.created, result.updated) == (2, 0)
    station = session.scalar(select(Partner).where(Partner.external_key == "PD-1"))
    assert sorted(c.city for c in station.cities) == ["Chemnitz", "Flöha", "Oederan"]
    again = apply_import(session, me, preview_import(session, me, content, FIXTURE.name).valid)
    assert (again.created, again.updated) == (0, 2)
    assert session.scalar(select(func.count()).select_from(Partner)) == 2
    assert session.get(Partner, station.id).version == 2


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "leer"),
        (b"   \r\n", "leer"),
        (b"Name,Ort\nA,B\n", "Pflichtspalten: Art"),
        (b"Name|Art|Ort\nA|B|C\n", "Semikolon"),
        (b"PK\x03\x04kaputt", "Excel-Datei"),
    ],
)
def test_unreadable_files_are_explained(session, content, words) -> None:
    with pytest.raises(FileProblem) as exc:
        preview_import(session, _someone(session), content, "liste.csv")
    assert words in str(exc.value)


def test_encodings_delimiters_and_excel_round_trip(session) -> None:
    me = _someone(session)
    line = "Name,Art,Ort\nPflegedienst Süd,Pflegedienst,Chemnitz\n"
    for encoded in (line.encode("utf-8"), b"\xef\xbb\xbf" + line.encode(), line.encode("cp1252")):
        header, rows = read_table(encoded, "x.csv")
        assert header == ["Name", "Art", "Ort"] and rows[0][0] == "Pflegedienst Süd"
    xlsx = template("xlsx")
    assert len(preview_import(session, me, xlsx, "vorlage.xlsx").valid) == 1
    apply_import(session, me, preview_import(session, me, template("csv"), "vorlage.csv").valid)
    ids = p.all_matching_ids(session, me, p.PartnerQuery())
    exported = export_partners(session, me, ids, "xlsx")
    back = preview_import(session, me, exported, "export.xlsx")
    assert len(back.valid) == 1 and not back.rejected
    assert b"Sozialstation Musterstadt" in phone_list_html(session, me, ids, "Telefonliste")


def _partner_audits(session, partner_id: int) -> list[tuple[str, dict | None]]:
    rows = session.execute(
        select(AuditLog.action, AuditLog.details)
        .where(AuditLog.entity == "partner", AuditLog.entity_id == partner_id)
        .order_by(AuditLog.id)
    )
    return [tuple(r) for r in rows]


def test_an_edit_and_a_deactivation_are_audited_by_field_names_only(session) -> None:
    me = _someone(session)
    partner = p.create_partner(session, me, _data(session, phone="0371 111"))
    detail = p.partner_detail(session, me, partner.id)
    changed = {**detail.data.__dict__, "phone": "0371 222", "opening_hours": "Mo 9–12"}
    p.update_partner(session, me, partner.id, p.PartnerData(**changed), detail.version)
    detail = p.partner_detail(session, me, partner.id)
    off = p.PartnerData(**{**detail.data.__dict__, "active": False})
    p.update_partner(session, me, partner.id, off, detail.version)
    audits = _partner_audits(session, partner.id)
    assert audits[1:] == [
        ("partner_updated", {"fields": ["opening_hours", "phone"]}),
        ("partner_updated", {"fields": ["active"]}),
        ("partner_deactivated", None),
    ]
    assert "0371" not in str(audits)  # names of fields, never their values


def test_a_reimport_keeps_contact_phone_and_email_and_audits_changed_fields(session) -> None:
    me = _someone(session)
    content = FIXTURE.read_bytes()
    apply_import(session, me, preview_import(session, me, content, FIXTURE.name).valid)
    station = session.scalar(select(Partner).where(Partner.external_key == "PD-1"))
    detail = p.partner_detail(session, me, station.id)
    person = p.ContactPersonData("Jörg Müller", phone="0371 999", email="jm@example.org")
    kept = p.PartnerData(**{**detail.data.__dict__, "contact_persons": (person,)})
    p.update_partner(session, me, station.id, kept, detail.version)
    changed = content.replace("Oederan".encode("cp1252"), "Frankenberg".encode("cp1252"))
    apply_import(session, me, preview_import(session, me, changed, FIXTURE.name).valid)
    session.expire_all()
    contacts = session.get(Partner, station.id).contact_persons
    assert [(c.name, c.phone, c.email) for c in contacts] == [
        ("Jörg Müller", "0371 999", "jm@example.org")
    ]
    last = _partner_audits(session, station.id)[-1]
    assert last == ("partner_updated", {"fields": ["cities"], "via": "import"})


def test_a_name_with_look_alike_letters_is_a_duplicate(session) -> None:
    me = _someone(session)
    p.create_partner(session, me, _data(session, "Caritas Chemnitz"))
    cyrillic = "C\u0430ritas Chemnitz"  # a Cyrillic "а"
    assert cyrillic != "Caritas Chemnitz"
    found = p.similar_partners(session, me, _data(session, cyrillic))
    assert [s.reason for s in found] == ["gleicher Name und Ort"]
    assert p.normalise_name("\u039fpen Door") == p.normalise_name("Open Door")  # a Greek "Ο"


def test_free_text_finds_by_need_and_kind(session) -> None:
    """Issue 25: "Schulden" found nothing in Chemnitz; it finds what a partner helps with
    ("Mietschulden / finanzielle Not") and its kind ("Schuldnerberatung", by the stem)."""
    me = _someone(session)
    p.create_partner(session, me, _data(session, "Caritas Beratung", kind="schuldnerberatung"))
    p.create_partner(
        session, me, _data(session, "Stadtteilbüro", kind="verein", areas=("mietschulden",))
    )
    p.create_partner(session, me, _data(session, "Sozialstation Süd", areas=("pflege",)))
    found = p.search_partners(session, me, p.PartnerQuery(text="Schulden", city="Chemnitz"))
    assert [c.name for c in found.cards] == ["Caritas Beratung", "Stadtteilbüro"]
    assert p.stem("schulden") == "schuld" and p.stem("sucht") == "sucht"


def test_an_empty_result_says_when_inactive_partners_would_match(session) -> None:
    me = _someone(session)
    p.create_partner(session, me, _data(session, "Suchtberatung Alt", active=False))
    found = p.search_partners(session, me, p.PartnerQuery(text="Suchtberatung"))
    assert (found.total, found.inactive_matches) == (0, 1)
    wider = p.search_partners(session, me, p.PartnerQuery(text="Sucht", include_inactive=True))
    assert (wider.total, wider.inactive_matches) == (1, 0)
