"""What the benchmarks time a piece of work with: the best of a few runs, least disturbed by load."""

from __future__ import annotations

import time


def best(fn, repeat: int, clock=time.perf_counter) -> float:
    """The shortest of ``repeat`` runs of ``fn`` by ``clock`` (wall time; ``time.process_time`` for CPU)."""
    shortest = float("inf")
    for _ in range(repeat):
        start = clock()
        fn()
        shortest = min(shortest, clock() - start)
    return shortest
