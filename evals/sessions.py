"""Practice eval: do the partner's lines respond to what the user just said?

Plays the scripted sessions in ``evals/sessions`` (user turns written by people
who never saw the code, each labelled with the move it makes: a question,
thanks, an apology, blame, ...) through ``RolePlay``, turn by turn, and judges
each partner line:

- responsive: the line answers the move the turn was labelled with, that is,
  it is one of the lines written to answer that move (the persona's
  ``replies/<name>.yaml``, any openness) or starts with one of its
  ``reactions`` for that move. A line chosen for openness alone, or for a
  misread move, is not responsive. A turn after a practice wrongly stopped
  (a crisis misread) counts as not responsive.
- move accuracy: the move the coach named equals the label.

    python -m evals.sessions --split dev [--errors]
    python -m evals.sessions --split test      # appended to evals/sessions/test_log.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

SESSIONS_DIR = Path(__file__).resolve().parent / "sessions"
PERSONAS_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "personas"
TEST_LOG = SESSIONS_DIR / "test_log.jsonl"


def writers(split: str) -> list[str]:
    return yaml.safe_load((SESSIONS_DIR / "splits.yaml").read_text(encoding="utf-8"))[split]


def load(split: str) -> list[dict]:
    sessions = []
    for w in writers(split):
        for i, line in enumerate((SESSIONS_DIR / f"{w}.jsonl").read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                sessions.append({**json.loads(line), "writer": w, "line": i})
    return sessions


def answers_to(persona: str) -> tuple[dict[str, set[str]], dict[str, tuple[str, ...]]]:
    """Lines written to answer each move, and the persona's reactions, read from the data files."""
    path = PERSONAS_DIR / "replies" / f"{persona}.yaml"
    replies = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("replies", {}) if path.is_file() else {}
    card = yaml.safe_load((PERSONAS_DIR / f"{persona}.yaml").read_text(encoding="utf-8"))
    by_move = {move: {x for lines in bands.values() for x in lines} for move, bands in replies.items()}
    return by_move, {k: tuple(v) for k, v in (card.get("reactions") or {}).items()}


def responsive(line: str, act: str, by_move: dict[str, set[str]], reactions: dict[str, tuple[str, ...]]) -> bool:
    return line in by_move.get(act, set()) or any(line.startswith(r) for r in reactions.get(act, ()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.sessions", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    ap.add_argument("--errors", action="store_true", help="list misread moves (not on test)")
    args = ap.parse_args(argv)
    from coach.knowledge.personas import load_personas
    from coach.models.factory import build_embeddings
    from coach.reading import Reader
    from coach.reading.techniques import TechniqueDetector
    from coach.respond.roleplay import RolePlay
    from coach.settings import load_settings

    embeddings = build_embeddings(load_settings())
    personas, _ = load_personas(PERSONAS_DIR.parent)
    detector, reader = TechniqueDetector(embeddings), Reader(embeddings)
    turns = good = moves_right = stopped = 0
    per_act: Counter = Counter()
    per_act_good: Counter = Counter()
    errors = []
    start = time.time()
    for n, session in enumerate(load(args.split)):
        by_move, reactions = answers_to(session["persona"])
        play = RolePlay(personas[session["persona"]], detector, reader, seed=n)
        for turn in session["turns"]:
            turns += 1
            per_act[turn["act"]] += 1
            got = play.say(turn["text"])
            if got is None:
                stopped += 1
                continue
            moves_right += got.move == turn["act"]
            ok = responsive(got.partner, turn["act"], by_move, reactions)
            good += ok
            per_act_good[turn["act"]] += ok
            if got.move != turn["act"]:
                errors.append(f"  [{session['writer']}:{session['line']}] {turn['act']}->{got.move}: {turn['text']!r}")
    seconds = time.time() - start
    figures = {"turns": turns, "responsive": good / max(1, turns), "move_accuracy": moves_right / max(1, turns),
               "stopped_turns": stopped, "per_act": {a: per_act_good[a] / per_act[a] for a in sorted(per_act)}}
    print(f"{args.split} split: {turns} practice turns ({seconds / max(1, turns) * 1000:.0f} ms each)")
    print(f"  partner lines that respond to the turn  {figures['responsive']:.3f}")
    print(f"  move named right                        {figures['move_accuracy']:.3f}")
    print(f"  turns lost to a practice wrongly ended  {stopped}")
    print("  responsive by move: " + ", ".join(f"{a} {v:.2f}" for a, v in figures["per_act"].items()))
    if args.split == "test":
        from .labelled import write_jsonl
        from .reading import _commit

        write_jsonl(TEST_LOG, [{"when": time.strftime("%Y-%m-%d %H:%M"), "commit": _commit(), **figures}], append=True)
    elif args.errors:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
