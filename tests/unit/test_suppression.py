from services.suppression import format_cell, suppress_cells


def test_small_cells_are_hidden_zero_is_shown() -> None:
    assert suppress_cells([0, 3, 12, 9, 1], 5) == [0, None, 12, 9, None]


def test_a_single_hidden_cell_takes_the_next_smallest_with_it() -> None:
    # With a total shown, 20 - 12 - 5 would reveal the 3.
    assert suppress_cells([3, 12, 5], 5) == [None, 12, None]
    assert suppress_cells([3, 12, 5], 5, with_total=False) == [None, 12, 5]


def test_nothing_hidden_when_all_cells_are_large_or_zero() -> None:
    assert suppress_cells([0, 5, 40], 5) == [0, 5, 40]


def test_format() -> None:
    assert format_cell(None, 5) == "<5"
    assert format_cell(1234, 5) == "1.234"


def test_the_cell_just_under_the_threshold_is_hidden_and_the_threshold_shown() -> None:
    for threshold in (3, 5, 10):
        below, at = threshold - 1, threshold
        assert suppress_cells([below, 50, 60], threshold, with_total=False) == [None, 50, 60]
        assert suppress_cells([at, 50, 60], threshold, with_total=False) == [at, 50, 60]
        assert suppress_cells([1, below, at], threshold, with_total=False) == [None, None, at]


def test_the_small_cell_rule_is_written_once() -> None:
    """Every figure shown outside the owning cooperative goes through
    services.suppression.protect: no other module compares with the threshold or suppresses
    cells itself (the next privacy method then changes one place)."""
    import re

    from config import PROJECT_ROOT

    rule = re.compile(r"suppress_cells\(|[<>]=? *threshold\b|\bthreshold *[<>]")
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


def test_protect_hides_counts_rates_and_what_follows_them() -> None:
    from services.suppression import Rule, protect

    rows = [
        {"n": 3, "ok": 3, "rate": 1.0, "hours": 7},  # the viewer's own: in full
        {"n": 2, "ok": 1, "rate": 0.5, "hours": 4},  # small: hidden, and its rate and hours
        {"n": 9, "ok": 2, "rate": 0.22, "hours": 30},  # its rate would tell the 2
        {"n": 12, "ok": 8, "rate": 0.67, "hours": 50},
    ]
    rule = Rule(("n", "ok"), {"rate": ("ok", "n")}, {"hours": "n"})
    shown = protect(rows, [True, False, False, False], rule, threshold=5)
    assert shown[0] == rows[0]
    assert shown[1] == {"n": None, "ok": None, "rate": None, "hours": None}
    # n: 2 hidden alone, so the next smallest (9) is hidden too (secondary); ok: 1 and 2 hidden
    assert shown[2] == {"n": None, "ok": None, "rate": None, "hours": None}
    assert shown[3] == rows[3]
