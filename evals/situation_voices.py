"""Situation reading on new voices: the situation step scored on train writers it did not learn from.

    python -m evals.situation_voices                      # the shipped recipe (C as training uses)
    python -m evals.situation_voices --c 16 --unbalanced  # another regularisation, no class weights

The train writers' answer messages are split into folds by writer. For each fold
the situation classifier and the neighbours' bank are fitted on the other
writers as ``coach.reading.train`` fits them, and each held-out message is read
from the message and its labelled key sentence (the reader predicts the key end
to end, so these figures are a little kinder than ``evals.reading``). Printed:
top-1 accuracy (the best situation is one of the message's labelled situations)
for each share of the neighbours' votes and blend of message and key, and the
pairs most often confused at the shipped setting. Some 45 voices against dev's
four. Dev and test are never read here; about 3 minutes a recipe on 2 cores.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from coach.models.factory import build_embeddings
from coach.reading import train as training
from coach.reading.reader import load_thresholds, neighbour_situations, stack_situation_banks
from coach.settings import load_settings
from evals.labelled import load

SHARES = (0.0, 0.2, 0.35, 0.5)
BLENDS = (0.0, 0.25, 0.5)


def grid(p_message: np.ndarray, p_key: np.ndarray, v_message: np.ndarray, v_key: np.ndarray,
         classes: list[str], labelled: list[tuple[str, set[str], set[str]]], shipped: tuple[float, float]
         ) -> tuple[Counter, Counter]:
    """Right answers per (share, blend) (and under ``"writers"``, at ``shipped`` on the writers'
    labels alone), and (labelled, read) pairs wrongly read at ``shipped``. Rows of the ``p_``
    (classifier) and ``v_`` (neighbours' votes) arrays are messages; each message is labelled
    with its situation, the situations it is right to read, and those of its writer's labels."""
    right, confused = Counter(), Counter()
    for share in SHARES:
        m = (1 - share) * p_message + share * v_message
        k = (1 - share) * p_key + share * v_key
        for blend in BLENDS:
            read = np.argmax((1 - blend) * m + blend * k, axis=1)
            for i, (situation, allowed, writers) in enumerate(labelled):
                ok = classes[read[i]] in allowed
                right[(share, blend)] += ok
                right["writers"] += (share, blend) == shipped and classes[read[i]] in writers
                if not ok and (share, blend) == shipped:
                    confused[(situation, classes[read[i]])] += 1
    return right, confused


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.situation_voices", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--c", type=float, default=training.C_SITUATION, help="the classifier's inverse regularisation")
    ap.add_argument("--unbalanced", action="store_true", help="no class weights (training balances them)")
    ap.add_argument("--completed", action="store_true",
                    help="fit on the writers' labels and the second reading's completions (training fits the first)")
    ap.add_argument("--folds", type=int, default=6)
    ap.add_argument("--cache", type=Path, help="an .npz of text embeddings to reuse and extend")
    args = ap.parse_args(argv)
    msgs = [m for m in load("train") if m.lang == "en" and m.route == "answer" and m.situation]
    trainer = training.Trainer(build_embeddings(load_settings()))
    if args.cache:
        trainer.load_cache(args.cache)
    dims = trainer.features.embeddings.dimensions
    thresholds = load_thresholds()
    shipped = (thresholds["situation_neighbours"], thresholds["situation_blend"])
    writers = np.array(sorted({m.writer for m in msgs}))
    right, confused, n = Counter(), Counter(), 0
    for fit_idx, held_idx in GroupKFold(args.folds).split(writers, groups=writers):
        fit_writers, held_writers = set(writers[fit_idx]), set(writers[held_idx])
        texts, labels = training.situation_examples([m for m in msgs if m.writer in fit_writers],
                                                    completed=args.completed)
        x = trainer.matrix(texts)
        model = training.fit(x, labels, args.c, balanced=not args.unbalanced)
        classes = [str(c) for c in model.classes_]
        bank = stack_situation_banks(training.situation_banks(x, labels, dims), classes)
        held = [m for m in msgs if m.writer in held_writers]
        rows = trainer.matrix([t for m in held for t in (m.text, m.key)])
        p = model.predict_proba(rows)
        v = neighbour_situations(*bank, len(classes), rows[:, :dims].toarray())
        labelled = [(m.situation, m.situations, m.writers_situations) for m in held]
        r, c = grid(p[0::2], p[1::2], v[0::2], v[1::2], classes, labelled, shipped)
        right.update(r)
        confused.update(c)
        n += len(held)
    if args.cache:
        trainer.save_cache(args.cache)
    print(f"{n} answer messages of {len(writers)} train writers, {args.folds} folds by writer; "
          f"C {args.c}, {'unbalanced' if args.unbalanced else 'balanced'}"
          f"{', fitted on the completed labels' if args.completed else ''}")
    print("neighbours' share  " + "  ".join(f"blend {b:<5}" for b in BLENDS))
    for share in SHARES:
        print(f"{share:<17}  " + "  ".join(f"{right[(share, b)] / max(1, n):<11.4f}" for b in BLENDS))
    print(f"at the shipped setting (share {shipped[0]}, blend {shipped[1]}): {right[shipped] / max(1, n):.4f} "
          f"(on the writers' labels alone {right['writers'] / max(1, n):.4f}); most confused (labelled -> read):")
    for (truth, read), count in confused.most_common(12):
        print(f"  {count:4d}  {truth:24s} -> {read}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
