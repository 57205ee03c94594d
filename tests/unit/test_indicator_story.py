"""The one-line takeaways of the slides and the report, computed from the dashboard's figures."""

from __future__ import annotations

from dataclasses import replace

import pytest

from components.documents.indicator_charts import Figure, Section, _frame
from components.documents.indicator_story import _story, change_text, stories
from services import dashboard as dash
from services.indicators import registry
from tests import factories as f
from tests.unit.test_indicator_charts import P
from tests.unit.test_indicators import _world

pytestmark = pytest.mark.usefixtures("without_noise")


def test_change_text_in_points_counts_and_days() -> None:
    points = change_text(Figure("x", 0.584, "share"), 0.49, "Vorjahr")
    assert points == "+9,4 Prozentpunkte gegenüber Vorjahr"  # as the dashboard says it
    fewer = change_text(Figure("x", 0.40, "share"), 0.41, "Vorjahr")
    assert fewer == "-1,0 Prozentpunkte gegenüber Vorjahr"
    assert change_text(Figure("x", 1234), 1300, "Vorzeitraum") == "-66 gegenüber Vorzeitraum"
    assert change_text(Figure("x", 7.5, "days"), 7.5, "Vorjahr") == "unverändert gegenüber Vorjahr"
    assert change_text(Figure("x", 9.0, "days"), 7.5, "Vorjahr") == "+1,5 Tage gegenüber Vorjahr"
    assert change_text(Figure("x", None, "share"), 0.4, "Vorjahr") is None
    assert change_text(Figure("x", 5), None, "Vorjahr") is None


def _stories(session, actor, scope=P):
    board = dash.dashboard(session, actor, scope)
    before = dash.dashboard(session, actor, dash.previous(scope))
    return {s.key: s for s in stories(board, before, 5, "Vorzeitraum")}


def test_own_cooperative_story_hand_computed(session) -> None:
    """Cooperative A in October: 2 persons, 2 new cases, 1 of them early; in September no
    person with a case contact and 1 new case, not early (see test_dashboard)."""
    coop_a, _, _ = _world(session)
    scope = replace(P, cooperative_ids=(coop_a.id,))
    told = _stories(session, f.actor(f.user(session, "kuemmerer", coop_a)), scope)
    assert len(told) == len(registry())
    assert told["reach"].takeaway == "Reichweite: 2 Personen erreicht, +2 gegenüber Vorzeitraum."
    assert told["early_detection"].value == "50,0 %"
    assert told["early_detection"].takeaway == (
        "Früherkennung: 50,0 % der neuen Fälle früh/präventiv, "
        "+50,0 Prozentpunkte gegenüber Vorzeitraum."
    )
    assert told["cases"].change == "+1 gegenüber Vorzeitraum"


def test_koordination_story_keeps_small_numbers_hidden(session) -> None:
    _world(session)
    told = _stories(session, f.actor(f.user(session, "koordination")))
    assert told["reach"].value == "9"
    # the September figure is hidden for Koordination (1-4 outside), so no change is claimed
    assert told["cases"].takeaway == "Neue Fälle und Fallbestand: 9 neue Fälle."
    assert told["problem_areas"].takeaway == "Problemlagen: keine Daten im Zeitraum."
    assert told["referrals"].value == "nicht ausgewiesen"
    assert told["meetings"].takeaway == (
        "Austauschtreffen: 0 Austauschtreffen, unverändert gegenüber Vorzeitraum."
    )


def _areas(records) -> Section:
    phrase = registry()["problem_areas"].top_phrase
    return Section("problem_areas", [], _frame(records, "count", 5), top_phrase=phrase)


def test_the_most_frequent_category_and_its_change() -> None:
    now = _areas(
        [
            ("Einsamkeit", "Zeitraum", 12),
            ("Mietschulden", "Zeitraum", 7),
            ("Einsamkeit", "Vorzeitraum", 9),
            ("Mietschulden", "Vorzeitraum", 8),
        ]
    )
    story = _story(now, now, 5, "Vorjahr")
    assert story.value == "12" and story.headline.label == "Einsamkeit"
    assert story.takeaway == (
        "Problemlagen: am häufigsten „Einsamkeit“ (12 Fälle), +3 gegenüber Vorjahr."
    )


def test_only_hidden_categories_name_none() -> None:
    """Problem areas of 1-4 cases each: no area is named (it could point to a household)."""
    now = _areas([("Einsamkeit", "Zeitraum", None), ("Sucht", "Zeitraum", None)])
    story = _story(now, now, 5, "Vorjahr")
    assert story.takeaway == "Problemlagen: nicht ausgewiesen (zu wenige Fälle)."
    assert "Einsamkeit" not in story.takeaway and story.value == "<5"


def test_dashboard_and_slides_word_a_change_alike() -> None:
    """The Koordination sees '+12,8 Prozentpunkte' on the dashboard; the slide of the same
    figure must not say '+13 Punkte'."""
    from components.indicators.indicator_views import _delta

    early = dash.KeyFigure("early_share", "Früherkennungsquote", 0.46, 0.332, share=True)
    assert _delta(early) == "+12,8 Prozentpunkte"
    slide = change_text(Figure(early.label, early.value, "share"), early.previous, "Vorjahr")
    assert slide == "+12,8 Prozentpunkte gegenüber Vorjahr"
    reached = dash.KeyFigure("reach", "Erreichte Personen", 576, 459, share=False)
    assert _delta(reached) == "+117 ggü. Vorzeitraum"
    assert _delta(dash.KeyFigure("reach", "Erreichte Personen", None, 459, share=False)) is None
