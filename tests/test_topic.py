"""The topic of a message to rephrase, and gentler versions that keep it."""

import pytest

from coach.datafile import load_yaml
from coach.respond.topic import HERE, topic_of, topics_of


def test_topic_words_are_data():
    data = load_yaml(HERE / "topic.yaml")
    for name in ("not_topic", "verbs", "modifiers", "short", "disclaimers"):
        assert data[name] and all(isinstance(w, str) for w in data[name]), name
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in data["actions"].items())


@pytest.mark.parametrize("message, word", [
    ("can u put ur phone down when we're eating", "phone"),
    ("You booked the whole holiday with your sister without asking me first", "holiday"),
    ("I felt invisible at your cousin's wedding, you didn't introduce me once", "wedding"),
    ("I'm not trying to start a fight but you've been on your laptop every night this week", "laptop"),
    ("honestly you said you'd ring me at lunch and you didn't", "calls"),
    ("could we maybe try no screens in the bedroom?", "screens"),
])
def test_the_topic_is_the_thing_the_message_is_about(message, word):
    assert word in topic_of(message)


@pytest.mark.parametrize("message", ["I feel lonely lately", "I love you", "we're ok, right?"])
def test_a_message_about_a_feeling_has_no_topic(message):
    assert topic_of(message) == ""


def test_comparisons_and_idioms_are_not_topics():
    assert "child" not in " ".join(topics_of("You treat me like a child and it drives me up the wall about the bins"))
    assert topic_of("You treat me like a child about the bins") == "the bins"


def test_every_gentler_version_keeps_the_topic(coach_factory):
    result = coach_factory().phrase("You spend every evening on your phone and I might as well not be here.")
    assert result.route == "answer" and len(result.variants) >= 3
    assert all("phone" in v["text"] for v in result.variants), result.variants


def test_an_apology_keeps_what_it_is_for_not_the_excuse(coach_factory):
    result = coach_factory().phrase("Sorry I missed your recital, but the traffic was insane and you know it.")
    texts = [v["text"] for v in result.variants]
    assert len(texts) >= 3 and all("recital" in t for t in texts), texts
    assert not any("traffic" in t for t in texts)
