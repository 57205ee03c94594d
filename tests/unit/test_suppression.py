"""The protection function itself (services.suppression): withheld cells, rates from the
published counts, what follows a count, the one place the rule lives."""

from __future__ import annotations

import pytest

from services.suppression import Rule, format_cell, protect


def test_format() -> None:
    assert format_cell(None, 5) == "<5"
    assert format_cell(1234, 5) == "1.234"


def test_the_small_cell_rule_is_written_once() -> None:
    """Every figure shown outside the owning cooperative goes through
    services.suppression.protect: no other module compares with the threshold or suppresses
    cells itself (the privacy method changes one place)."""
    import re

    from config import PROJECT_ROOT

    rule = re.compile(r"suppress_cells\(|[<>]=? *threshold\b|\bthreshold *[<>]|_noise\(")
    modules = [
        p for d in ("services", "components", "screens") for p in (PROJECT_ROOT / d).rglob("*.py")
    ]
    offenders = [
        f"{p.relative_to(PROJECT_ROOT)}:{n}"
        for p in modules
        if p.name != "suppression.py"
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if rule.search(line)
    ]
    assert offenders == []


@pytest.mark.usefixtures("without_noise")
def test_protect_withholds_small_counts_rates_and_what_follows_them() -> None:
    rows = [
        {"n": 3, "ok": 3, "rate": 1.0, "hours": 7},  # the viewer's own: exact
        {"n": 2, "ok": 1, "rate": 0.5, "hours": 4},  # small: withheld, and its rate and hours
        {"n": 9, "ok": 2, "rate": 0.22, "hours": 30},  # its rate would tell the 2
        {"n": 12, "ok": 8, "rate": 0.67, "hours": 50},
        {"n": 0, "ok": 0, "rate": None, "hours": 0},  # zero stays zero
    ]
    rule = Rule(("n", "ok"), {"rate": ("ok", "n")}, follows={"hours": "n"})
    shown = protect(rows, [True, False, False, False, False], rule, threshold=5)
    assert shown[0] == rows[0]
    assert shown[1] == {"n": None, "ok": None, "rate": None, "hours": None}
    # no secondary suppression: the 9 stays (every published cell deviates on its own)
    assert shown[2] == {"n": 9, "ok": None, "rate": None, "hours": 30}
    assert shown[3] == {"n": 12, "ok": 8, "rate": 8 / 12, "hours": 50}
    assert shown[4] == {"n": 0, "ok": 0, "rate": None, "hours": 0}


def test_keys_never_leave_the_protection() -> None:
    row = {"n": 40, "n__key": 123456}
    assert protect([row, row], [True, False], Rule(("n",))) == [
        {"n": 40},
        {"n": pytest.approx(40, abs=2)},
    ]


def test_the_threshold_given_decides_what_deviates_too() -> None:
    """With a threshold of 3, a count of 4 is a published count and deviates (cell key 0
    lies in the table's lowest band: -2); it used to stay exact because the deviation read
    the settings' threshold of 5."""
    shown = protect([{"n": 4, "n__key": 0}], [False], Rule(("n",)), threshold=3)
    assert shown == [{"n": None}]  # 4 - 2 = 2: under 3, withheld


def test_a_share_of_published_counts_never_exceeds_the_whole(monkeypatch) -> None:
    """7 of 8 cases, the part published as 9 and the whole as 6: the chart showed a share
    of 108,3 % for a partner's referrals before shares were capped at 100 %."""
    from services import suppression

    monkeypatch.setattr(suppression, "_noise", lambda key: {1: 2, 2: -2}[key])
    row = {"part": 7, "part__key": 1, "whole": 8, "whole__key": 2}
    rule = suppression.Rule(("part", "whole"), {"share": ("part", "whole")})
    [shown] = suppression.protect([row], [False], rule, threshold=5)
    assert (shown["part"], shown["whole"]) == (9, 6)
    assert shown["share"] == 1.0
