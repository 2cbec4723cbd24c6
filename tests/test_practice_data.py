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


def test_stinging_clauses_are_labelled_from_the_writers_spans_and_grouped_by_writer():
    from coach.reading.stings import clauses, examples

    assert clauses("ur being so selfish rn, its always about ur friends") == ["ur being so selfish rn",
                                                                            "its always about ur friends"]
    rows = [{"text": "You forgot my birthday, it's so selfish.", "sting": ["so selfish"], "writer": "w9"},
            {"text": "Can we talk tonight? I miss you.", "sting": []}]
    texts, labels, groups = examples(rows)
    assert list(zip(texts, labels)) == [("You forgot my birthday", 0), ("it's so selfish", 1),
                                        ("Can we talk tonight", 0), ("I miss you", 0)]
    assert groups == ["w9", "w9", "block0", "block0"]


def test_sting_threshold_holds_back_at_most_the_share_of_clean_clauses():
    import numpy as np

    from coach.reading.stings import heldout_threshold

    scores = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.6])
    labels = np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1])
    t = heldout_threshold(scores, labels, held_back=0.2)  # 2 of the 10 clean may be held back: 0.9 and 0.95
    assert 0.8 < t <= 0.9 and (scores[labels == 0] >= t).sum() == 2


def test_shipped_sting_reader_flags_insults_no_list_names_and_leaves_plain_words(embeddings):
    from coach.reading.stings import StingReader

    reader = StingReader(embeddings)
    assert 0 < reader.threshold < 1
    flagged = reader.stinging(["you are such an inconsiderate slob", "you act like a spoilt child"])
    plain = reader.stinging(["you went out with your friends on Friday", "I'd love to go for a walk on Sunday"])
    assert flagged == [True, True] and plain == [False, False]


def test_a_stinging_slot_is_left_out_with_its_tense():
    from coach.respond.phrasing import Meaning

    meaning = Meaning("complaint", "hurt", {"when": "you mocked my cooking", "feel": "felt", "feels": "felt",
                                            "ask": "stop doing that"})
    assert meaning.own_words() == {"when": "you mocked my cooking", "ask": "stop doing that"}
    assert meaning.without({"when"}).slots == {"ask": "stop doing that"}
