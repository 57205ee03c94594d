"""The documentation lists every entry of the code's registries, as Datasette's test_docs
does: every setting in the README's table, every screen in the architecture, every
indicator definition in docs/indicators.md."""

from __future__ import annotations

import re

from config import PROJECT_ROOT
from services.indicators import registry

SOURCES = [
    p
    for p in PROJECT_ROOT.glob("**/*.py")
    if not {".venv", "tests", "bench"} & set(p.relative_to(PROJECT_ROOT).parts)
]


def test_every_setting_is_in_the_readme_table() -> None:
    read = {
        name
        for path in SOURCES
        for name in re.findall(r"""["'](KC_[A-Z_]+|DATABASE_URL)["']""", path.read_text())
    }
    readme = (PROJECT_ROOT / "README.md").read_text()
    table = set(re.findall(r"^\|[^\n]*", readme, re.M))
    listed = {name for row in table for name in re.findall(r"`(KC_[A-Z_]+|DATABASE_URL)`", row)}
    assert len(read) > 15
    assert read - listed == set()


def test_every_screen_is_in_the_architecture() -> None:
    architecture = (PROJECT_ROOT / "docs" / "architecture.md").read_text()
    screens = sorted(
        p.relative_to(PROJECT_ROOT).as_posix() for p in (PROJECT_ROOT / "screens").glob("*.py")
    )
    assert screens and [s for s in screens if s not in architecture] == []


def test_every_indicator_definition_is_in_the_docs() -> None:
    text = (PROJECT_ROOT / "docs" / "indicators.md").read_text()
    for key, d in ((k, i.definition) for k, i in registry().items()):
        for part in (d.title, d.summary, d.numerator, d.denominator, d.rules, f"`{key}`"):
            assert part in text, f"docs/indicators.md lacks {key}: {part[:40]}"


def test_no_pages_folder_beside_app_py() -> None:
    """Until some session has run st.navigation, Streamlit 1.67 runs a file of a `pages/`
    folder beside app.py without app.py's login gate (the first request after a restart):
    the screens live in screens/."""
    assert not (PROJECT_ROOT / "pages").exists()


def test_the_case_services_import_no_circle() -> None:
    """case_records is below cases, case_queries and signals; no import inside a function
    works around a circle between them."""
    import ast

    for name in ("case_queries", "signals"):
        tree = ast.parse((PROJECT_ROOT / "services" / f"{name}.py").read_text())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not imported & {"services.cases", "services.case_queries", "services.signals"}
        assert "services.case_records" in imported
    cases = ast.parse((PROJECT_ROOT / "services" / "cases.py").read_text())
    nested = [
        n.module
        for f in ast.walk(cases)
        if isinstance(f, ast.FunctionDef)
        for n in ast.walk(f)
        if isinstance(n, ast.ImportFrom)
    ]
    assert nested == []


def test_components_are_sorted_by_kind() -> None:
    """components/shell: the app's frame; components/documents: files made without Streamlit
    (PDF, workbook, chart specs, the indicator texts); one folder per feature for the parts of
    its screens; reusable widgets at the root."""
    import ast

    documents = sorted((PROJECT_ROOT / "components" / "documents").glob("*.py"))
    assert len(documents) > 5
    for path in documents:
        imported = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
        assert "streamlit" not in imported, path.name
    for path in (PROJECT_ROOT / "components" / "shell").glob("*.py"):
        assert "services.cases" not in path.read_text()  # the frame knows no feature


def test_every_declared_form_fills_every_field_of_its_data_object() -> None:
    """The case edit once rebuilt the person from six of eight fields and lost the rest:
    a fieldset must name every field of the data class it builds."""
    import importlib
    import pkgutil
    from dataclasses import dataclass

    import components
    from components.fieldsets import Field, Fieldset

    declared = {
        f"{info.name}.{name}": value
        for info in pkgutil.walk_packages(components.__path__, "components.")
        for name, value in vars(importlib.import_module(info.name)).items()
        if isinstance(value, Fieldset)
    }
    assert {
        "components.cases.case_forms.PERSON_FIELDS",
        "components.cases.contact_forms.QUICK_CONTACT",
    } <= set(declared)
    assert {name: f.missing() for name, f in declared.items() if f.missing()} == {}

    @dataclass(frozen=True)
    class Two:
        a: str = ""
        b: str = ""

    assert Fieldset(((Field("a", "A"),),), of=Two).missing() == {"b"}
