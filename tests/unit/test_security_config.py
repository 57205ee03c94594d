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
