"""Model answers: how often does the gate let through a model answer that is right?

For every English ``ask`` message labelled ``answer`` in a split, the coach
reads it, retrieves, composes the curated guidance, and asks the configured
chat model (by default the bundled 135M model, which the app itself does not
let write ask answers) to answer from that guidance, then applies the gate
(``coach.check.verify.check_answer``). Each model answer is written to a JSON Lines
file with whether the gate accepted it.

A reader then judges the accepted ones (``right``: true when the answer agrees
with what the person wrote, gives advice that fits their situation and adds
nothing the guidance does not say); ``--judged`` prints the figure.

    python -m evals.model_answers --split test --out evals/messages/model_answers_test.jsonl
    python -m evals.model_answers --judged evals/messages/model_answers_test.jsonl
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from .labelled import load, read_jsonl, write_jsonl


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.model_answers", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    ap.add_argument("--out", help="write every model answer here (JSON Lines)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--judged", help="print the share of accepted answers judged right in this file")
    args = ap.parse_args(argv)
    if args.judged:
        rows = read_jsonl(Path(args.judged))
        accepted = [r for r in rows if r["accepted"]]
        judged = [r for r in accepted if "right" in r]
        right = sum(bool(r["right"]) for r in judged)
        print(f"{len(rows)} model answers, {len(accepted)} accepted by the gate ({len(accepted) / max(1, len(rows)):.3f}); "
              f"judged right: {right} of {len(judged)} ({right / max(1, len(judged)):.3f})")
        return 0
    from coach.models.factory import is_small_model
    from coach.respond.answer import Answerer
    from coach.service import Coach
    from coach.settings import load_settings

    settings = load_settings({**os.environ, "COACH_DATA_DIR": tempfile.mkdtemp(prefix="coach-model-answers-")})
    coach = Coach(settings)
    answerer = Answerer(coach.chat_model, coach.embeddings, coach.composer, small=is_small_model(settings))
    messages = [m for m in load(args.split) if m.mode == "ask" and m.route == "answer" and m.lang == "en"]
    messages = messages[: args.limit or None]
    rows = []
    start = time.time()
    for m in messages:
        done, job = coach.asking.prepare(coach.request(m.text))
        if done is not None or job is None:
            continue
        composed = coach.responder.compose(job)
        if composed is None:
            continue
        hits = coach.responder.sources(composed, job)
        drafted = answerer.draft(m.text, hits, job.pronoun, composed.text)
        rows.append({"message": m.text, "situation": m.situation, "guidance": composed.text,
                     "answer": drafted.text, "accepted": drafted.answered_by == "model",
                     "reasons": drafted.verdict.reasons if drafted.verdict else []})
    accepted = sum(r["accepted"] for r in rows)
    print(f"{len(rows)} model answers ({(time.time() - start) / max(1, len(rows)):.1f} s each); "
          f"accepted by the gate: {accepted} ({accepted / max(1, len(rows)):.3f})")
    if args.out:
        write_jsonl(args.out, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
