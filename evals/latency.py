"""Answer latency on the configured backend (embedded by default) and index build time.

Run: ``python -m evals.latency``. Prints numbers; never fails on speed.
"""

from __future__ import annotations

import statistics
import tempfile
import time

from coach.service import Coach
from coach.settings import load_settings

from .cases import load_cases


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({**__import__("os").environ, "COACH_DATA_DIR": tmp})
        t0 = time.perf_counter()
        coach = Coach(settings)
        print(f"start-up with a cold index build: {time.perf_counter() - t0:.2f} s "
              f"({coach.status.stats.added} sections, sync {coach.status.stats.seconds:.2f} s)")
        t0 = time.perf_counter()
        coach.ensure_index()
        print(f"re-ingest of an unchanged base: {time.perf_counter() - t0:.3f} s")
        t0 = time.perf_counter()
        coach.warm_up()
        print(f"model load and warm-up: {time.perf_counter() - t0:.2f} s")
        questions = [c["q"] for c in load_cases("retrieval")][:20]
        times, by_model = [], 0
        for q in questions:
            t0 = time.perf_counter()
            reply = coach.ask(q)
            times.append(time.perf_counter() - t0)
            by_model += reply.answered_by == "model"
        times.sort()
        print(f"ask on {coach.backend}: median {statistics.median(times):.2f} s, "
              f"p90 {times[int(len(times) * 0.9) - 1]:.2f} s over {len(times)} questions; "
              f"model answer accepted {by_model}/{len(times)}, grounded fallback otherwise")


if __name__ == "__main__":
    main()
