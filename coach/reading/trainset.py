"""Training set: what the reading classifiers are trained on, and its fingerprint.

The ``train`` writers of ``evals/messages`` (their files listed by ``training_files``),
and extra text by route (``load_exemplars``): the hand-written exemplars in
``exemplars.yaml``, the earlier hand-labelled route sets (``evals/safety*.yaml``),
the personas' lines and the user turns of the practice sessions' ``train`` writers
(everyday things said to a partner, so ``answer``). The fingerprint covers those
files and which writers are train and dev, so a test can tell when the shipped
weights no longer match the data. This module loads and hashes; it trains nothing
(``coach.reading.train`` does).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
EXEMPLARS = HERE / "exemplars.yaml"


def data_fingerprint(paths: list[Path], splits_used: str = "") -> str:
    h = hashlib.sha256(splits_used.encode())
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def training_fingerprint() -> str:
    """What the shipped weights were trained and tuned on: the train and dev writers' files,
    the exemplars and older sets, the practice sessions' train writers, and which writers
    are train and dev (not the split files' comments, nor the test or pending lists)."""
    return data_fingerprint(training_files(), split_lists())


def split_lists() -> str:
    from evals.labelled import splits
    from evals.sessions import writers

    s = splits()
    return f"train={','.join(s['train'])};dev={','.join(s['dev'])};sessions={','.join(writers('train'))}"


def training_files() -> list[Path]:
    from evals.labelled import MESSAGES_DIR, splits

    s = splits()
    return [MESSAGES_DIR / f"{w}.jsonl" for w in s["train"] + s["dev"]] + [EXEMPLARS, PHRASE_TRAIN, *older_sets(), *session_files()]


def session_files() -> list[Path]:
    from evals.sessions import SESSIONS_DIR, writers

    return [SESSIONS_DIR / f"{w}.jsonl" for w in writers("train")]


OLDER_SETS = ("safety", "safety_holdout", "safety_holdout2")  # the earlier hand-labelled route sets in evals/
PERSONAS_DIR = HERE.parent.parent / "knowledge" / "personas"
PHRASE_TRAIN = HERE.parent.parent / "evals" / "messages" / "phrase_train.jsonl"


def older_sets() -> list[Path]:
    from evals.cases import EVALS_DIR

    return [EVALS_DIR / f"{name}.yaml" for name in OLDER_SETS] + sorted(PERSONAS_DIR.glob("*.yaml"))


def load_exemplars() -> dict:
    """The exemplar file, plus the earlier hand-labelled route sets and the personas'
    lines (everyday things a partner says), all as extra training text by route."""
    out = yaml.safe_load(EXEMPLARS.read_text(encoding="utf-8")) or {}
    for path in older_sets():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for case in data.get("cases") or []:
            out.setdefault(case["route"], []).append(case["text"])
        for lines in (data.get("lines") or {}).values():
            out.setdefault("answer", []).extend(lines)
    from evals.sessions import load as load_sessions

    out.setdefault("answer", []).extend(t["text"] for s in load_sessions("train") for t in s["turns"])
    out["answer"].extend(messages_to_send())
    return out


def messages_to_send() -> list[str]:
    """The phrasing writers' messages to send to a partner (``phrase_train.jsonl``) that no train
    writer's file holds: everyday things said to a partner, complaints with stings among them."""
    from evals.labelled import load, read_jsonl

    held = {m.text for m in load("train")}
    return [r["text"] for r in read_jsonl(PHRASE_TRAIN) if r["text"] not in held]
