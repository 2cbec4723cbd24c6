"""Phrasing eval: gentler ways to say it, for messages the coach was never tuned on.

For every English phrasing message labelled ``answer`` in a split (the sting
labels: ``evals/messages/phrase_train.jsonl`` for train, ``phrase_heldout.jsonl``
for the dev and test writers and the phrasing-only dev voices), runs ``Coach.phrase`` and scores:

- intent: the share of messages whose intent (``coach.reading.intents``) is the writer's label;
- at least three variants: the share of messages that get three or more (and, among the
  messages the reading routes to ``answer``, how many do: the others get the safety reply);
- sting kept: variants that still carry a word or phrase the message's writer
  labelled as stinging ("selfish", "you always", ...), case-insensitive;
- topic kept: variants that carry the message's concrete topic (one of the words
  labelled in ``phrase_topics.jsonl``: "phone", "dishes", ...), and the share of
  messages with a topic whose every variant keeps it;
- with ``--dump FILE``: every variant, one JSON line each, for a reader to judge
  grammar and fit (``--judged FILE`` then prints the shares judged grammatical
  and, where judged, saying what the message says).
- ``--compared FILE``: a blind, strict reading of two versions' variants for the messages
  where they differ (each line: ``shown_by`` the versions that showed it, ``right``: it keeps
  the topic and who did what, invents nothing, is gentle, fits its approach and could be
  sent as is); prints each version's right variants and the messages each did better on.

    python -m evals.rephrasings --split dev
    python -m evals.rephrasings --split test --dump evals/messages/phrasings_test.jsonl

Test runs are appended to ``evals/messages/phrasing_log.jsonl``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .labelled import MESSAGES_DIR, keeps_topic, load_writers, phrase_labels, phrasing_writers, read_jsonl, write_jsonl


def labelled(split: str) -> list[dict]:
    english = {m.text for m in load_writers(phrasing_writers(split)) if m.lang == "en"}
    return [r for r in phrase_labels(split) if r["text"] in english]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.rephrasings", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    ap.add_argument("--dump", help="write every variant to this JSON Lines file (for judging grammar)")
    ap.add_argument("--judged", help="a judged dump (each line with 'grammatical': true/false)")
    ap.add_argument("--show", action="store_true", help="print every message and its variants (not on test)")
    ap.add_argument("--compared", help="a blind strict reading of two versions' variants (shown_by, right)")
    args = ap.parse_args(argv)
    if args.compared:
        return compared(read_jsonl(Path(args.compared)))
    if args.judged:
        rows = read_jsonl(Path(args.judged))
        ok = sum(bool(r["grammatical"]) for r in rows)
        msgs = {r["message"] for r in rows}
        full = sum(sum(bool(r["grammatical"]) for r in rows if r["message"] == m) >= 3 for m in msgs)
        print(f"{ok} of {len(rows)} variants judged grammatical ({ok / max(1, len(rows)):.3f}); "
              f"messages with >= 3 grammatical variants: {full} of {len(msgs)} ({full / max(1, len(msgs)):.3f})")
        if all("fits" in r for r in rows):
            fits = sum(bool(r["fits"]) for r in rows)
            both = sum(bool(r["fits"]) and bool(r["grammatical"]) for r in rows)
            print(f"{fits} of {len(rows)} judged to say what the message says ({fits / max(1, len(rows)):.3f}); "
                  f"grammatical and fitting: {both} ({both / max(1, len(rows)):.3f})")
        return 0
    from coach.service import Coach
    from coach.settings import load_settings

    coach = Coach(load_settings({**os.environ, "COACH_DATA_DIR": tempfile.mkdtemp(prefix="coach-phrasing-eval-")}))
    rows = labelled(args.split)
    start = time.time()
    three = kept = topical = all_on_topic = intent_right = 0
    routed = routed_three = 0
    away: Counter = Counter()  # messages routed elsewhere, by route
    by_writer: dict[str, list[int]] = {}  # writer -> [variants keeping the topic, variants with a topic]
    dump = []
    for r in rows:
        got = coach.phrase(r["text"])
        intent_right += coach.phrasing.intents().read(r["text"]) == r["intent"]
        three += len(got.variants) >= 3
        routed += got.route == "answer"
        away[got.route] += got.route != "answer"
        routed_three += got.route == "answer" and len(got.variants) >= 3
        if r["topic"] and got.variants:
            topical += 1
            all_on_topic += all(keeps_topic(v["text"], r["topic"]) for v in got.variants)
        for v in got.variants:
            stings = [s for s in r["sting"] if s.lower() in v["text"].lower()]
            kept += bool(stings)
            topic_kept = keeps_topic(v["text"], r["topic"])
            if r["topic"]:
                counts = by_writer.setdefault(r.get("writer", ""), [0, 0])
                counts[0] += topic_kept
                counts[1] += 1
            dump.append({"message": r["text"], "label": v["label"], "variant": v["text"], "sting_kept": stings,
                         "topic_kept": topic_kept})
        if args.show and args.split != "test":
            print(f"\n{r['text']}\n" + "\n".join(f"   {v['label']}: {v['text']}" for v in got.variants))
    n = max(1, len(rows))
    on_topic, with_topic = (sum(c[i] for c in by_writer.values()) for i in (0, 1))
    print(f"{args.split} split: {len(rows)} phrasing messages ({(time.time() - start) / n * 1000:.0f} ms each)")
    print(f"  intent named as labelled {intent_right} of {len(rows)} ({intent_right / n:.3f})")
    print(f"  three or more variants  {three / n:.3f}")
    print(f"  of those the reading routed to answer: {routed_three} of {routed} with three or more "
          f"({routed_three / max(1, routed):.3f}); {len(rows) - routed} routed away"
          + (f" ({', '.join(f'{k} {v}' for k, v in sorted(away.items()) if v)})" if routed < len(rows) else ""))
    print(f"  variants keeping a sting {kept} of {len(dump)}")
    print(f"  variants keeping the topic {on_topic} of {with_topic} ({on_topic / max(1, with_topic):.3f}); "
          f"messages whose every variant keeps it {all_on_topic} of {topical} ({all_on_topic / max(1, topical):.3f})")
    if len(by_writer) > 1:
        print("  topic kept by writer: " + ", ".join(f"{w} {k} of {t}" for w, (k, t) in sorted(by_writer.items())))
    if args.split == "test":
        from .reading import _commit

        entry = {"when": time.strftime("%Y-%m-%d %H:%M"), "commit": _commit(), "messages": len(rows),
                 "three_or_more": three / n, "variants": len(dump), "sting_kept": kept,
                 "topic_kept": on_topic, "variants_with_topic": with_topic, "messages_all_on_topic": all_on_topic,
                 "messages_with_topic": topical, "intent_right": intent_right,
                 "routed_answer": routed, "routed_answer_three_or_more": routed_three}
        write_jsonl(MESSAGES_DIR / "phrasing_log.jsonl", [entry], append=True)
    if args.dump:
        write_jsonl(args.dump, dump)
    return 0


def compared(rows: list[dict]) -> int:
    """Each version's variants judged right, and the messages each version did better on."""
    from collections import defaultdict

    shown, right, per_message = Counter(), Counter(), defaultdict(Counter)
    for r in rows:
        for version in r["shown_by"]:
            shown[version] += 1
            right[version] += bool(r["right"])
            per_message[r["message"]][version] += bool(r["right"])
    for version in sorted(shown):
        print(f"{version}: {right[version]} of {shown[version]} variants judged right "
              f"({right[version] / max(1, shown[version]):.3f})")
    if len(shown) == 2:
        a, b = sorted(shown)
        print(f"{len(per_message)} messages: more right with {b} {sum(c[b] > c[a] for c in per_message.values())}, "
              f"with {a} {sum(c[a] > c[b] for c in per_message.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
