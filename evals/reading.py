"""Reading eval: how well the coach reads messages it was never tuned on.

Scores routes (crisis, refusal, off_topic, answer), crisis and refusal kinds,
situations, retrieval recall@3 and the relevance floor on one split of the
labelled messages (``evals/messages``), for all messages and separately for
those over 40 words. Every run on the sealed ``test`` split is appended to
``evals/messages/test_log.jsonl`` with the commit it measured.

    python -m evals.reading --split dev [--errors]
    python -m evals.reading --split test

The baseline (the router before the reading stage, commit 98fb57e) is the first
entry of the test log; check that commit out to measure it again.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .labelled import MESSAGES_DIR, Message, load, read_checked, splits
from .metrics import precision_recall

SITUATIONS_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "situations.yaml"
LONG_WORDS = 40
TEST_LOG = MESSAGES_DIR / "test_log.jsonl"


@dataclass
class Outcome:
    """What a pipeline made of one message."""

    route: str  # answer | crisis | refusal | off_topic | language
    kind: str = ""
    situation: str = ""
    sections: list[str] = field(default_factory=list)  # top 3 section keys, "slug / heading"
    covered: bool = True  # False: the coach said the articles don't cover it


Pipeline = Callable[[Message], Outcome]


def gold_sections() -> dict[str, set[str]]:
    data = yaml.safe_load(SITUATIONS_PATH.read_text(encoding="utf-8"))
    return {name: set(spec.get("sections") or []) for name, spec in data.items()}


def expected_route(m: Message) -> str:
    """Non-English messages should get the language note; everything else its label."""
    return "language" if m.lang != "en" else m.route


def score(rows: list[tuple[Message, Outcome]]) -> dict[str, float]:
    """The figures for a set of (message, outcome) pairs."""
    gold = gold_sections()
    pairs = [(expected_route(m), o.route) for m, o in rows]
    out: dict[str, float] = {"n": float(len(rows))}
    for label in ("crisis", "refusal", "off_topic", "answer", "language"):
        p, r, n = precision_recall(pairs, label)
        out[f"{label}_precision"], out[f"{label}_recall"], out[f"{label}_n"] = p, r, float(n)
    hard = [(m, o) for m, o in rows if m.route == "answer" and m.lang == "en"
            and {"idiom", "complaint", "sad", "negated"} & set(m.tags)]
    out["hard_negatives_n"] = float(len(hard))
    out["hard_negatives_to_crisis"] = float(sum(o.route == "crisis" for _, o in hard))
    for tag in ("idiom", "complaint"):
        out[f"{tag}_to_crisis"] = float(sum(o.route == "crisis" for m, o in hard if tag in m.tags))
    for route in ("crisis", "refusal"):
        got = [(m, o) for m, o in rows if m.route == route and m.lang == "en" and o.route == route]
        out[f"{route}_kind_accuracy"] = sum(o.kind == m.kind for m, o in got) / len(got) if got else 0.0
    sit = [(m, o) for m, o in rows if m.route == "answer" and m.lang == "en" and m.situation]
    out["situation_n"] = float(len(sit))
    out["situation_accuracy"] = (sum(o.situation in m.situations for m, o in sit) / len(sit)) if sit else 0.0
    out["situation_accuracy_writers"] = (sum(o.situation in m.writers_situations for m, o in sit) / len(sit)
                                         if sit else 0.0)
    covered = [(m, o) for m, o in sit if m.situation != "not_covered" and o.route == "answer"]
    recall = [bool(set(o.sections[:3]) & set().union(*(gold[s] for s in m.situations))) and o.covered
              for m, o in covered]
    out["retrieval_n"] = float(len(recall))
    out["retrieval_recall_at_3"] = sum(recall) / len(recall) if recall else 0.0
    out["covered_turned_away"] = float(sum(not o.covered for _, o in covered))
    uncovered = [(m, o) for m, o in sit if m.situation == "not_covered" and o.route == "answer"]
    out["not_covered_n"] = float(len(uncovered))
    out["not_covered_said"] = sum(not o.covered for _, o in uncovered) / len(uncovered) if uncovered else 0.0
    return out


def report(name: str, figures: dict[str, float]) -> str:
    f = figures
    lines = [
        f"{name}: {int(f['n'])} messages",
        f"  {'route':10s} {'precision':>9s} {'recall':>7s} {'n':>5s}",
    ]
    for label in ("crisis", "refusal", "off_topic", "answer", "language"):
        lines.append(f"  {label:10s} {f[label + '_precision']:9.3f} {f[label + '_recall']:7.3f} {int(f[label + '_n']):5d}")
    lines += [
        f"  idioms / complaints / all hard negatives routed to crisis: {int(f['idiom_to_crisis'])} / "
        f"{int(f['complaint_to_crisis'])} / {int(f['hard_negatives_to_crisis'])} of {int(f['hard_negatives_n'])}",
        f"  crisis kind accuracy {f['crisis_kind_accuracy']:.3f}, refusal kind accuracy {f['refusal_kind_accuracy']:.3f}",
        f"  situation accuracy {f['situation_accuracy']:.3f} (n={int(f['situation_n'])}); "
        f"on the writers' labels alone {f['situation_accuracy_writers']:.3f}",
        f"  retrieval recall@3 {f['retrieval_recall_at_3']:.3f} (n={int(f['retrieval_n'])}); "
        f"covered messages turned away: {int(f['covered_turned_away'])}; "
        f"not-covered said so: {f['not_covered_said']:.3f} (n={int(f['not_covered_n'])})",
    ]
    return "\n".join(lines)


WRITER_FIGURES = ("n", "crisis_recall", "crisis_precision", "refusal_recall", "refusal_precision",
                  "hard_negatives_to_crisis", "situation_accuracy")


def writer_table(writers: dict[str, dict[str, float]]) -> str:
    """One line per writer: how much the figures move from one voice to the next."""
    lines = ["  by writer    n  crisis R/P     refusal R/P    hard neg. to crisis  situation"]
    for w, f in writers.items():
        lines.append(f"  {w:8s} {int(f['n']):4d}  {f['crisis_recall']:.3f}/{f['crisis_precision']:.3f}  "
                     f"{f['refusal_recall']:.3f}/{f['refusal_precision']:.3f}  {int(f['hard_negatives_to_crisis']):19d}"
                     f"  {f['situation_accuracy']:.3f}")
    return "\n".join(lines)


def current_pipeline() -> Pipeline:
    """The coach as it runs now: its reading of the message, then retrieval."""
    import os
    import tempfile

    from coach.knowledge.retrieve import section_key
    from coach.service import Coach
    from coach.settings import load_settings

    settings = load_settings({**os.environ, "COACH_DATA_DIR": tempfile.mkdtemp(prefix="coach-reading-eval-")})
    coach = Coach(settings)

    def run(m: Message) -> Outcome:
        reading = coach.read(m.text, m.mode)
        if reading.route != "answer":
            return Outcome(reading.route, reading.kind, reading.situation)
        found = coach.asking.find(reading, fill=True)  # retrieval itself: the top 3, filled
        keys = [section_key(h.section) for h in found.hits]
        return Outcome("answer", "", reading.situation, keys, found.covered)

    return run


def _commit() -> str:
    try:
        root = MESSAGES_DIR.parent.parent
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5,
                             cwd=root)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "coach", "knowledge"], capture_output=True,
                               text=True, timeout=5, cwd=root).stdout.strip()
        return out.stdout.strip() + ("+changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.reading", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    ap.add_argument("--errors", action="store_true", help="list every misread message (not on test)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--writers", default="", help="read these writers' files instead of a split (never test's), "
                    "e.g. fresh files before they join a split")
    args = ap.parse_args(argv)
    if args.writers:
        chosen = [w.strip() for w in args.writers.split(",") if w.strip()]
        if set(chosen) & set(splits()["test"]):
            ap.error("the test writers are read only through --split test")
        messages = [m for w in chosen for m in read_checked(MESSAGES_DIR / f"{w}.jsonl")]
        args.split = "writers " + ",".join(chosen)
    else:
        messages = load(args.split)
    run = current_pipeline()
    start = time.time()
    rows = [(m, run(m)) for m in messages]
    seconds = time.time() - start
    figures = {"all": score(rows), "long": score([(m, o) for m, o in rows if m.words > LONG_WORDS])}
    by_writer = {w: score([(m, o) for m, o in rows if m.writer == w]) for w in dict.fromkeys(m.writer for m in messages)}
    figures["writers"] = {w: {k: round(f[k], 4) for k in WRITER_FIGURES} for w, f in by_writer.items()}
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        print(report(f"{args.split} split, all messages", figures["all"]))
        print(report(f"{args.split} split, over {LONG_WORDS} words", figures["long"]))
        print(writer_table(figures["writers"]))
        print(f"({seconds / max(1, len(rows)) * 1000:.0f} ms a message)")
    if args.split == "test":
        entry = {"when": time.strftime("%Y-%m-%d %H:%M"), "commit": _commit(), "pipeline": "current", **figures}
        with TEST_LOG.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")
    elif args.errors:
        for m, o in rows:
            want = expected_route(m)
            wrong_route = o.route != want
            wrong_sit = not wrong_route and m.situation and m.lang == "en" and o.situation and o.situation not in m.situations
            if wrong_route or wrong_sit:
                what = f"{want}->{o.route}" if wrong_route else f"{m.situation}->{o.situation}"
                print(f"  [{m.writer}:{m.line} {m.mode}] {what}: {m.text[:160]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
