"""The adapter's training data: built as the app asks, split without leaks, no sealed message in it."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "training"


def rows(pattern: str) -> list[dict]:
    return [json.loads(line) for path in sorted(TRAINING.glob(pattern)) for line in path.open(encoding="utf-8")]


def test_every_written_variant_answers_an_input_with_the_labels_the_app_asks_for():
    inputs = {r["id"]: r for r in rows("inputs/phrase*.jsonl")}
    written = rows("data/phrase_more.jsonl")
    assert len(written) == len(rows("inputs/phrase_more.jsonl")) > 500
    for r in written:
        assert [v["label"] for v in r["variants"]] == inputs[r["id"]]["labels"], r["id"]
        assert all(v["text"].strip() for v in r["variants"]), r["id"]


def test_the_examples_are_split_by_message_and_train_holds_only_what_the_app_would_show():
    from coach.respond.phrasing import check_variant

    splits_of = defaultdict(set)
    for name in ("train", "dev", "test"):
        for ex in rows(f"examples/{name}.jsonl"):
            splits_of[ex["group"]].add(name)
            if name == "train" and ex["task"] == "phrase":
                assert not check_variant(ex["output"]), ex["id"]
                assert ex["label"] != "Apology without but"  # named as the phrase pipeline asks for it
    assert all(len(names) == 1 for names in splits_of.values())


def test_no_sealed_test_message_is_an_adapter_input():
    messages = ROOT / "evals" / "messages"
    splits = yaml.safe_load((messages / "splits.yaml").read_text())

    def texts(writers: list[str]) -> set[str]:
        return {json.loads(line)["text"] for w in writers for line in (messages / f"{w}.jsonl").open(encoding="utf-8")}

    sealed = texts(splits["test"]) | {json.loads(line)["text"] for line in (messages / "phrase_heldout.jsonl").open()}
    sealed -= texts(splits["train"])  # a short message a train writer also wrote word for word is theirs too
    used = {r.get("text") or r.get("message") for r in rows("inputs/*.jsonl")}
    assert not used & sealed
