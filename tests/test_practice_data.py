"""The labelled practice and phrasing data load, are well formed, and the shipped
move and intent classifiers read them as they were measured."""

from __future__ import annotations

import json

import pytest

from coach.reading.intents import IntentReader
from coach.reading.moves import MoveReader
from coach.reading.techniques import TECHNIQUES
from evals.labelled import MESSAGES_DIR
from evals.sessions import PERSONAS_DIR, load, writers

INTENTS = {"complaint", "request", "apology", "feeling", "talk", "appreciation", "boundary", "support"}


def test_sessions_are_well_formed_and_split_by_writer():
    seen: set[str] = set()
    for split in ("train", "dev", "test"):
        names = set(writers(split))
        assert names and not names & seen
        seen |= names
        for session in load(split):
            assert (PERSONAS_DIR / f"{session['persona']}.yaml").is_file()
            assert 3 <= len(session["turns"]) <= 7
            for turn in session["turns"]:
                assert turn["act"] in TECHNIQUES and turn["text"].strip()
                assert turn["about"] in turn["text"]


def test_phrasing_labels_match_their_messages():
    for name in ("phrase_train.jsonl", "phrase_heldout.jsonl"):
        rows = [json.loads(x) for x in (MESSAGES_DIR / name).read_text(encoding="utf-8").splitlines() if x]
        assert rows
        for r in rows:
            assert r["intent"] in INTENTS
            assert all(s in r["text"] for s in r["sting"])


@pytest.fixture(scope="module")
def moves(embeddings) -> MoveReader:
    return MoveReader(embeddings)


@pytest.mark.parametrize("turn, move", [
    ("hey, you seemed quiet at dinner. everything ok?", "open_question"),
    ("That sounds exhausting, no wonder you're wiped.", "validation"),
    ("I've been feeling a bit far from you lately.", "i_statement"),
    ("Thank you for fixing the car, it means a lot.", "appreciation"),
    ("Want to go for a walk after dinner?", "invitation"),
    ("No rush at all, I'm here whenever you want to talk.", "patience"),
    ("Sorry I snapped at you earlier, that wasn't fair.", "apology"),
    ("We need to talk, right now. Just tell me.", "pressure"),
    ("You never tell me anything, you always shut down.", "blame"),
    ("You should just quit that job.", "fixing"),
    ("Healthy couples talk about their feelings, that's how it works.", "lecturing"),
    ("Did you feed the dog?", "neutral"),
])
def test_each_move_is_named(moves, turn, move):
    assert moves.read(turn) == move


def test_intents_are_read(embeddings):
    intents = IntentReader(embeddings)
    assert intents.read("I'm so sorry I forgot your birthday.") == "apology"
    assert intents.read("Thank you so much for sorting out the insurance, you're a star.") == "appreciation"
    assert intents.read("You always leave your dishes in the sink and it drives me mad.") == "complaint"
    assert intents.read("So sorry about your dad, love. Ring me when you can.") == "support"
