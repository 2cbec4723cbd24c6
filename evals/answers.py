"""Answer eval: are ask-mode answers the ones a good coach would give?

Runs the coach end to end (``Coach.ask``) on every English ``ask`` message of a
split of ``evals/messages`` labelled ``answer``, and scores:

- key advice right: the advice comes from a section that answers the message's
  labelled situation (``knowledge/situations.yaml``; the first source of the
  reply is one of them). A message labelled ``not_covered`` is right when the
  coach says the articles do not cover it.
- quoting a section that does not belong: any 8-word run of an introduction,
  conclusion or closing section, or of an example (case study, table row,
  frequently asked question) that belongs to another situation.
- openers: the share of answers that begin with the same sentence (the most used one).
- length: the share of answers of 60 to 130 words.

    python -m evals.answers --split dev [--errors]
    python -m evals.answers --split test        # appended to evals/messages/answers_log.jsonl

It uses only ``Coach.ask`` and the reply's public fields, so any commit can be measured.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .labelled import MESSAGES_DIR, load, write_jsonl
from .reading import _commit, gold_sections

ANSWERS_LOG = MESSAGES_DIR / "answers_log.jsonl"
KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
RUN = 8  # words in a row that count as quoting
FRAMING = re.compile(r"^(introduction|conclusion|final thoughts)", re.IGNORECASE)
EXAMPLE_KINDS = ("case_study", "table_row", "faq")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def _runs(text: str) -> set[tuple[str, ...]]:
    w = _words(text)
    return {tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}


def _first_sentence(text: str) -> str:
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    return re.sub(r"\b(she|they)\b", "he", re.sub(r"\b(her|them)\b", "him", first.lower()))


def section_runs() -> tuple[dict[str, set], dict[str, set]]:
    """8-word runs of the framing sections, and of the example sections, by section key."""
    from coach.knowledge.ingest import article_files, load_article

    framing: dict[str, set] = {}
    examples: dict[str, set] = {}
    for path in article_files(KNOWLEDGE):
        for s in load_article(path):
            key = f"{s.slug} / {s.section}"
            if FRAMING.match(s.section):
                framing.setdefault(key, set()).update(_runs(s.text))
            elif s.kind in EXAMPLE_KINDS:
                examples.setdefault(key, set()).update(_runs(s.text))
    return framing, examples


def advice_right(situations: set[str], reply: dict, gold: dict[str, set[str]]) -> bool:
    """The reply's first source belongs to one of the labelled situations (or, for a message the
    articles do not cover, the reply says so)."""
    allowed = set().union(*(gold.get(s, set()) for s in situations))
    sources = [f"{slug_of(s)} / {s['section']}" for s in reply["sources"]]
    if "not_covered" in situations and reply["route"] == "answer" and not sources:
        return True
    return reply["route"] == "answer" and bool(sources) and sources[0] in allowed


def score(rows: list[tuple]) -> dict[str, float]:
    gold = gold_sections()
    framing, examples = section_runs()
    right = right_writers = quoting = in_length = 0
    openers: Counter = Counter()
    answered = 0
    for m, reply in rows:
        allowed = set().union(*(gold.get(s, set()) for s in m.situations))
        right += advice_right(m.situations, reply, gold)
        right_writers += advice_right(m.writers_situations, reply, gold)
        if reply["route"] != "answer" or not reply["sources"]:
            continue
        answered += 1
        runs = _runs(reply["answer"])
        bad = any(runs & r for r in framing.values())
        bad |= any(runs & r for key, r in examples.items() if key not in allowed)
        quoting += bad
        openers[_first_sentence(reply["answer"])] += 1
        in_length += 60 <= len(reply["answer"].split()) <= 130
    top = openers.most_common(1)[0][1] if openers else 0
    return {"n": len(rows), "key_advice_right": right / max(1, len(rows)), "answered": answered,
            "key_advice_right_writers": right_writers / max(1, len(rows)),
            "quoting_wrong_section": quoting, "top_opener_share": top / max(1, answered),
            "distinct_openers": len(openers), "length_60_130": in_length / max(1, answered)}


_TITLES: dict[str, str] = {}


def slug_of(source: dict) -> str:
    if not _TITLES:
        from coach.knowledge.ingest import article_files, load_article

        for path in article_files(KNOWLEDGE):
            for s in load_article(path):
                _TITLES[s.article] = s.slug
    return _TITLES.get(source["article"], source["article"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.answers", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    ap.add_argument("--errors", action="store_true", help="show answers whose advice is wrong (not on test)")
    ap.add_argument("--show", type=int, default=0, help="print this many answers (not on test)")
    args = ap.parse_args(argv)
    from coach.service import Coach
    from coach.settings import load_settings

    settings = load_settings({**os.environ, "COACH_DATA_DIR": tempfile.mkdtemp(prefix="coach-answers-eval-")})
    coach = Coach(settings)
    messages = [m for m in load(args.split) if m.mode == "ask" and m.route == "answer" and m.lang == "en"]
    start = time.time()
    rows = [(m, coach.ask(m.text).to_dict()) for m in messages]
    seconds = time.time() - start
    figures = score(rows)
    print(f"{args.split} split: {figures['n']} ask messages labelled answer "
          f"({seconds / max(1, len(rows)) * 1000:.0f} ms each)")
    print(f"  key advice right        {figures['key_advice_right']:.3f} "
          f"(on the writers' labels alone {figures['key_advice_right_writers']:.3f})")
    print(f"  quoting a wrong section {figures['quoting_wrong_section']} of {figures['answered']} answers")
    print(f"  most used opener        {figures['top_opener_share']:.3f} of answers "
          f"({figures['distinct_openers']} distinct)")
    print(f"  60-130 words            {figures['length_60_130']:.3f}")
    if args.split == "test":
        entry = {"when": time.strftime("%Y-%m-%d %H:%M"), "commit": _commit(), **figures}
        write_jsonl(ANSWERS_LOG, [entry], append=True)
        return 0
    for m, reply in rows[: args.show]:
        print(f"\n[{m.situation}] {m.text}\n---> {reply['answer']}")
    if args.errors:
        gold = gold_sections()
        for m, reply in rows:
            first = f"{slug_of(reply['sources'][0])} / {reply['sources'][0]['section']}" if reply["sources"] else "-"
            if not advice_right(m.situations, reply, gold):
                print(f"  [{m.writer}:{m.line}] {m.situation} -> {first}: {m.text[:140]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
