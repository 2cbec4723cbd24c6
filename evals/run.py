"""Run the evals: every case set through the configured backend, then a scorecard.

``python -m evals`` (or ``coach eval``) writes evals/runs/RUN_ID/{report.md,
results.json,scores.png} and prints the folder on its last line; it exits 1
when a metric is below its threshold (evals/thresholds.yaml). ``--quick`` runs
a subset in a few minutes; ``--compare RUN_A RUN_B`` shows what changed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

from .cases import EVALS_DIR
from .report import compare, write_run
from .suites import SUITES

STEPS = {"retrieval": 1, "answers": 50, "safety": 1, "phrasing": 12, "roleplay": 8, "conversations": 12}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="coach eval", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="a subset that runs in a few minutes")
    ap.add_argument("--out", type=Path, default=EVALS_DIR / "runs", help="where run folders go")
    ap.add_argument("--suites", default=",".join(SUITES), help=f"comma-separated: {','.join(SUITES)}")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("RUN_A", "RUN_B"))
    args = ap.parse_args(argv)
    if args.compare:
        print(compare(*args.compare))
        return 0
    from tqdm import tqdm

    from coach.service import Coach
    from coach.settings import load_settings

    from .judge import Judge

    start = time.time()
    coach = Coach(load_settings())
    judge = Judge.from_env()
    names = [s for s in args.suites.split(",") if s in SUITES]
    metrics: dict[str, float] = {}
    cases: list[dict] = []
    with tqdm(total=sum(STEPS[n] for n in names), desc="evals", file=sys.stderr, leave=False) as bar:
        for name in names:
            bar.set_postfix_str(name)
            kwargs = {"judge": judge} if name == "answers" else {}
            got, records = SUITES[name](coach, args.quick, lambda: bar.update(1), **kwargs)
            metrics.update(got)
            cases.extend(records)
    run_id = time.strftime("%Y%m%d-%H%M%S") + ("-quick" if args.quick else "")
    info = {"id": run_id, "backend": coach.backend, "quick": args.quick, "seconds": time.time() - start,
            "judge": judge.label if judge else None}
    thresholds = yaml.safe_load((EVALS_DIR / "thresholds.yaml").read_text())
    folder = args.out / run_id
    verdicts = write_run(folder, info, metrics, thresholds, cases)
    for name, value in metrics.items():
        mark = {True: "pass", False: "FAIL"}.get(verdicts.get(name), "")
        print(f"{name:30s} {value:7.3f}  {mark}")
    failed = [n for n, ok in verdicts.items() if not ok]
    if failed:
        print(f"below threshold: {', '.join(failed)}")
    print(folder)
    return 1 if failed else 0
