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
