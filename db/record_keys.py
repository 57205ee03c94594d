"""Record keys of the cell key method (services/suppression.py): every row that a published
count counts carries a fixed random whole number in [0, RANGE), drawn once on insert. A
cell's key is the sum of its records' keys modulo RANGE — additive, so the database sums it
in the same aggregate as the count. The keys are no personal data, but whoever knew them
could undo the perturbation: they are never shown or exported outside a backup."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

RANGE = 1 << 20

_source: random.Random = random.SystemRandom()


def new_record_key() -> int:
    """The column default of every ``record_key``."""
    return _source.randrange(RANGE)


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Draw reproducible keys (the demo data of a seed are the same row for row)."""
    global _source
    before, _source = _source, random.Random(seed)
    try:
        yield
    finally:
        _source = before
