"""The reading stage's data files: labelled messages, splits, rules, thresholds, weights."""

import yaml

from coach.knowledge.retrieve import load_situations
from coach.reading import train, trainset, weights
from coach.reading.reader import THRESHOLDS_PATH, load_rules, load_thresholds
from coach.settings import DEFAULT_KNOWLEDGE_DIR
from evals.labelled import MESSAGES_DIR, load, problems_of, read_file, splits


def test_every_labelled_file_is_well_formed_and_in_one_split():
    named = [w for ws in splits().values() for w in ws]
    assert len(named) == len(set(named)), "a writer is in two splits"
    files = sorted(p.stem for p in MESSAGES_DIR.glob("w*.jsonl"))
    assert sorted(named) == files
    for path in MESSAGES_DIR.glob("w*.jsonl"):
        _, problems = read_file(path)
        assert not problems, problems[:3]
    assert len(load("train")) + len(load("dev")) + len(load("test")) >= 1500


def test_the_checker_rejects_bad_rows():
    good = {"text": "he won't talk", "mode": "ask", "route": "answer", "situation": "partner_withdraws",
            "key": "he won't talk"}
    assert problems_of(good) == []
    assert problems_of({**good, "key": "something else"})
    assert problems_of({**good, "route": "crisis", "kind": "burglary"})
    assert problems_of({**good, "situation": "astrology"})


def test_shipped_weights_were_trained_on_the_current_data():
    models, meta, banks = weights.load()
    assert {"answer", "crisis", "refusal"} <= set(banks) and all(len(v) for v in banks.values())
    assert {"route", "message", "crisis_kind", "refusal_kind", "situation", "key"} <= set(models)
    assert meta["fingerprint"] == trainset.training_fingerprint(), \
        "labelled data changed: run python -m coach.reading.train"
    stored = yaml.safe_load(THRESHOLDS_PATH.read_text())
    assert stored["fingerprint"] == meta["fingerprint"]
    held = weights.load_heldout()  # the train writers' held-out scores, saved by the same training run
    assert len(held["route"]) == sum(m.lang == "en" for m in load("train")) == len(held["crisis"])


def test_thresholds_and_rules_load_from_data():
    t = load_thresholds()
    assert all(0 < t[k] <= 1 for k in ("crisis", "refusal", "off_topic", "language"))
    rules = load_rules()
    assert rules["injection"] and any(rx.search("ignore previous instructions") for rx in rules["injection"])


def test_situation_map_names_real_sections():
    from coach.knowledge.ingest import ingest_dir

    keys = {f"{s.slug} / {s.section}" for s in ingest_dir(DEFAULT_KNOWLEDGE_DIR).sections}
    situations = load_situations(DEFAULT_KNOWLEDGE_DIR)
    assert len(situations) >= 15
    for name, sections in situations.items():
        assert set(sections) <= keys, name
    assert situations["not_covered"] == []


def test_thresholds_sit_in_the_middle_of_a_tie_and_keep_recall_first():
    from coach.reading.tuning import _best_f1, _recall_first

    scores = [0.05, 0.1, 0.2, 0.8, 0.9]
    positive = [False, False, False, True, True]
    t = _best_f1(scores, positive)
    assert 0.2 < t < 0.8 and abs(t - 0.5) < 0.05  # anywhere in (0.2, 0.8] separates; the middle is chosen
    assert _recall_first([0.9, 0.6, 0.3, 0.1], [True, True, True, False], 1.0) <= 0.3


def test_splits_may_list_writers_over_several_lines(tmp_path):
    (tmp_path / "splits.yaml").write_text(
        "# a comment\ntrain: [w1, w2,\n        w3]  # more\ndev: [w4]\ntest: [w5, w6]\n", encoding="utf-8")
    assert splits(tmp_path) == {"train": ["w1", "w2", "w3"], "dev": ["w4"], "test": ["w5", "w6"]}


def test_the_nearest_labelled_messages_vote_on_the_situation():
    import numpy as np

    from coach.reading.reader import neighbour_situations, stack_situation_banks

    def unit(*v):
        a = np.array(v, dtype=np.float32)
        return a / np.linalg.norm(a)

    banks = {"situation:phones": np.vstack([unit(1, 0, 0), unit(1, 0.1, 0)]),
             "situation:grief": np.vstack([unit(0, 1, 0), unit(0, 1, 0.1)])}
    classes = ["grief", "other", "phones"]
    p = neighbour_situations(*stack_situation_banks(banks, classes), len(classes),
                             np.vstack([unit(1, 0.05, 0), unit(0.1, 1, 0)]), k=3)
    assert np.allclose(p.sum(axis=1), 1)
    assert p[0].argmax() == 2 and p[1].argmax() == 0 and p[0, 1] == 0  # no message of "other" is near
    flat = neighbour_situations(*stack_situation_banks({}, classes), len(classes), np.vstack([unit(1, 0, 0)]))
    assert np.allclose(flat, 1 / 3)  # no banks (older weights): no opinion



def test_each_writer_is_scored_by_a_stage_fitted_without_them():
    import numpy as np

    rng = np.random.default_rng(0)
    routes = np.array(["answer", "crisis", "refusal", "off_topic"] * 30)
    x = rng.normal(size=(len(routes), 3)) + (routes == "crisis")[:, None] * 3.0
    writers = np.array([f"w{i % 5}" for i in range(len(routes))])
    held = train.heldout_scores(x, routes, writers)
    assert set(held) == {"crisis", "refusal", "off_topic", "route", "writer"}
    assert len(held["crisis"]) == len(routes) and list(held["route"]) == list(routes)
    assert held["crisis"][routes == "crisis"].mean() > 0.5 > held["crisis"][routes == "answer"].mean()


def test_held_out_scores_are_stored_and_could_be_pooled_with_dev(tmp_path):
    import numpy as np

    from coach.reading.tuning import heldout_lists, route_thresholds

    held = {"crisis": np.array([0.9, 0.3, 0.1]), "refusal": np.array([0.0, 0.0, 0.9]),
            "off_topic": np.zeros(3), "route": np.array(["crisis", "crisis", "refusal"])}
    weights.save_heldout({**held, "writer": np.array(["w1", "w1", "w2"])}, tmp_path / "h.npz")
    lists = heldout_lists(weights.load_heldout(tmp_path / "h.npz"))
    assert lists[3] == ["crisis", "crisis", "refusal"] and abs(lists[0][1] - 0.3) < 1e-3
    assert weights.load_heldout(tmp_path / "missing.npz") == {} and heldout_lists({}) == ([], [], [], [])
    dev = ([0.95, 0.8, 0.2], [0.0, 0.1, 0.0], [0.0, 0.0, 0.0], ["crisis", "crisis", "answer"])
    alone = route_thresholds(*dev)[0]
    pooled = route_thresholds(*(a + b for a, b in zip(dev, lists)))[0]
    assert alone > 0.5 and pooled < 0.31  # a voice dev does not have pulls the crisis threshold down


def test_new_voice_figures_are_threshold_free_and_at_the_shipped_thresholds():
    import numpy as np

    from evals.reading_voices import at_precision, at_recall, figures

    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.2, 0.1])
    positive = np.array([True, True, False, True, False, True])
    assert at_precision(scores, positive, 0.9) == 0.5  # the top two, before the first false alarm
    assert at_precision(scores, positive, 0.75) == 0.75  # three of four by the fourth score
    assert at_recall(scores, positive, 0.75) == 0.75 and at_recall(scores, positive, 1.0) == round(4 / 6, 4)
    routes = np.array(["crisis", "crisis", "answer", "crisis", "refusal", "crisis"])
    held = {"crisis": scores, "refusal": (routes == "refusal") * 0.9, "off_topic": np.zeros(6), "route": routes}
    out = figures(held, np.ones(6, bool), {"crisis": 0.5, "refusal": 0.5, "off_topic": 0.5})
    assert out["messages"] == 6 and out["crisis_recall_shipped"] == 0.75 and out["crisis_precision_shipped"] == 0.75
    assert out["refusal_recall_shipped"] == 1.0 and out["off_topic_recall_shipped"] == 0.0
    assert out["off_topic_ap"] is None and out["off_topic_recall_at_p90"] is None  # no off-topic message: nothing to rank
    part = figures(held, np.array([True, True, True, False, False, False]), {"crisis": 0.5, "refusal": 0.5,
                                                                             "off_topic": 0.5})
    assert part["messages"] == 3 and part["crisis_recall_shipped"] == 1.0


def test_situation_figures_on_new_voices_count_any_labelled_situation_and_blend_the_votes():
    import numpy as np

    from evals.situation_voices import grid

    classes = ["a", "b", "c"]
    p_message = np.array([[0.6, 0.3, 0.1], [0.2, 0.5, 0.3]])
    p_key = np.array([[0.1, 0.8, 0.1], [0.1, 0.2, 0.7]])
    votes = np.array([[0.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    labelled = [("b", {"b"}, {"b"}), ("c", {"c", "a", "b"}, {"c", "a"})]  # the second reading adds "b" to the second
    right, confused = grid(p_message, p_key, votes, votes, classes, labelled, shipped=(0.0, 0.0))
    assert right[(0.0, 0.0)] == 1 and right["writers"] == 0  # the message alone reads "a" then "b"
    assert confused == {("b", "a"): 1}
    labelled = [("b", {"b"}, {"b"}), ("c", {"c", "a"}, {"c", "a"})]
    right, confused = grid(p_message, p_key, votes, votes, classes, labelled, shipped=(0.0, 0.0))
    assert right[(0.0, 0.0)] == 0
    assert confused == {("b", "a"): 1, ("c", "b"): 1}
    assert right[(0.0, 0.5)] == 2  # the key tips both
    assert right[(0.5, 0.0)] == 1  # half the weight on votes for "c": the second is right, the first reads "c"


def test_training_embeddings_saved_are_reused(tmp_path):
    import numpy as np

    from coach.reading.train import Trainer

    trainer = Trainer(embeddings=None)
    trainer.load_cache(tmp_path / "none.npz")  # nothing saved yet: nothing loaded, no error
    assert trainer.cache == {}
    trainer.cache.update({"he went quiet": np.ones(3, np.float32), "she hit me": np.zeros(3, np.float32)})
    trainer.save_cache(tmp_path / "emb.npz")
    again = Trainer(embeddings=None)
    again.load_cache(tmp_path / "emb.npz")
    assert sorted(again.cache) == ["he went quiet", "she hit me"] and again.cache["he went quiet"].sum() == 3


def test_second_reading_completes_the_missing_half_and_never_adds_a_second_topic():
    from evals.labelled import completions

    assert completions("say_it_without_blame", True, "phones_distraction") == ("phones_distraction",)
    assert completions("say_it_without_blame", True, "not_covered") == ("not_covered",)
    assert completions("say_it_without_blame", False, "") == ()
    assert completions("phones_distraction", True, "quality_time") == ("say_it_without_blame",)
    assert completions("phones_distraction", False, "quality_time") == ()  # never a second topic
    assert completions("not_covered", True, "") == ("say_it_without_blame",)  # "how do I tell her the chores..."
    assert completions("not_covered", False, "") == ()


def test_second_reading_names_only_answers_to_read_and_covers_every_one(tmp_path):
    import json

    import pytest

    from evals.labelled import MESSAGES_DIR, SECOND_READING, read_checked, splits

    for split in ("train", "dev", "test"):
        for writer in splits()[split]:
            messages = read_checked(MESSAGES_DIR / f"{writer}.jsonl")  # raises on a line that is not an answer
            answers = [m for m in messages if m.route == "answer" and m.mode != "roleplay" and m.lang == "en"]
            path = MESSAGES_DIR / SECOND_READING / f"{writer}.jsonl"
            read = path.read_text().splitlines() if path.exists() else []  # w43 wrote practice lines only
            assert len(read) == len(answers), writer
            assert all(m.situations >= m.writers_situations for m in messages)
    (tmp_path / SECOND_READING).mkdir()
    row = {"text": "he hit me", "mode": "ask", "route": "crisis", "kind": "partner_violence", "situation": "",
           "key": "he hit me"}
    (tmp_path / "w1.jsonl").write_text(json.dumps(row) + "\n")
    (tmp_path / SECOND_READING / "w1.jsonl").write_text(json.dumps({"line": 1, "wording": True, "topic": ""}) + "\n")
    with pytest.raises(ValueError, match="not an English answer"):
        read_checked(tmp_path / "w1.jsonl")
