"""Retrieval on the real index, and the generate-then-verify logic with fake chat models."""

import re

import pytest

from coach.check.verify import acknowledges
from coach.knowledge.retrieve import Retriever
from coach.pronouns import SHE, THEY, adapt, partner_pronoun
from coach.respond import prompts


def test_paraphrase_finds_the_faq(coach_factory):
    coach = coach_factory()
    hits = coach.retriever.search("my girlfriend clams up when I ask how she feels", k=3)
    assert any("talk about feelings" in h.section.section for h in hits)
    assert all(-1 <= h.score <= 1 for h in hits)


def test_uncovered_question_falls_below_the_floor(coach_factory):
    hits = coach_factory().retriever.search("how do I file my taxes as a married couple", k=3)
    assert not Retriever.covered(hits)


def test_supported_model_answer_is_accepted(coach_factory):
    good = (
        "Respect his pace, because pushing leads to resistance. Create opportunities for connection "
        "through shared experiences like driving or walking side by side."
    )
    reply = coach_factory(good, capable=True).ask("what if he won't talk about his feelings?")
    assert reply.route == "answer" and reply.answered_by == "model" and reply.answer.endswith(good)
    assert acknowledges(reply.answer[: -len(good)]) or len(reply.answer) > len(good)  # a warm lead is added


def test_the_embedded_model_does_not_write_ask_answers(coach_factory):
    reply = coach_factory("Respect his pace, because pushing leads to resistance.").ask(
        "what if he won't talk about his feelings?")
    assert reply.answered_by == "articles" and "pushing leads to resistance" not in reply.answer


@pytest.mark.parametrize("question, wrong", [
    ("I completely forgot our anniversary dinner. How do I make it right?",
     "Own it simply. You could say: “I'm so glad we celebrated our anniversary dinner together.”"),
    ("I completely forgot our anniversary dinner. How do I make it right?",
     "Tell him: “It's fine, you always forget things too, so we're even.”"),
])
def test_a_model_answer_that_puts_made_up_words_in_the_users_mouth_is_not_shown(coach_factory, question, wrong):
    reply = coach_factory(wrong, capable=True).ask(question)
    assert reply.answered_by == "articles" and "celebrated" not in reply.answer and "even" not in reply.answer


@pytest.mark.parametrize("echo", ["What if he won't talk about his feelings?", "How are you feeling today?"])
def test_an_echo_or_a_bare_question_is_not_accepted(coach_factory, echo):
    reply = coach_factory(echo, capable=True).ask("what if he won't talk about his feelings?")
    assert reply.answered_by == "articles" and len(reply.answer.split()) > 15


def test_a_list_copied_from_the_articles_is_not_accepted(coach_factory):
    listy = "1. 4. Quality Time: Make an effort to spend quality time together regularly.\n2. Disconnect from distractions."
    reply = coach_factory(listy, capable=True).ask("how do we spend better time together?")
    assert reply.answered_by == "articles" and "1. 4." not in reply.answer
    assert reply.sources and all(set(s) >= {"article", "section", "text", "score"} for s in reply.sources)


def test_rambling_model_answer_falls_back_to_the_articles(coach_factory):
    ramble = "Bananas are a great source of potassium. The stock market rose today. " * 5
    coach = coach_factory(ramble, capable=True)
    reply = coach.ask("what if he won't talk about his feelings?")
    assert reply.answered_by == "articles"
    assert "potassium" not in reply.answer
    offered = [line.text for g in coach.guidance.situations.values() for line in g.say]
    for said in re.findall(r"“([^”]+)”", reply.answer):  # words to say come from the curated guidance
        assert any(said.rstrip(".") in line for line in offered), said


def test_answer_uses_the_partners_pronoun(coach_factory):
    reply = coach_factory("x", capable=True).ask("my wife won't talk about her feelings, what can I do?")
    assert reply.answered_by == "articles"
    words = reply.answer.lower().replace(",", " ").replace(".", " ").split()
    assert "him" not in words and "his" not in words


def test_pronoun_detection_and_adaptation():
    assert partner_pronoun(["my girlfriend is distant"]) == SHE
    assert partner_pronoun(["my partner is distant"]) == THEY
    assert adapt("Respect his pace. When he shares, listen to him.", SHE) == "Respect her pace. When she shares, listen to her."
    assert adapt("He stops guarding himself.", THEY) == "Your partner stops guarding themselves."


def test_acknowledgement_is_not_a_new_question(coach_factory):
    coach = coach_factory()
    for msg in ("ok", "yes", "thanks!", "got it"):
        reply = coach.ask(msg, history=[{"role": "user", "content": "what if he won't talk?"}])
        assert reply.answer == prompts.ACKNOWLEDGEMENT and reply.sources == []


def test_follow_up_uses_the_previous_question(coach_factory):
    coach = coach_factory()
    history = [{"role": "user", "content": "how do I apologise after forgetting our call?"},
               {"role": "assistant", "content": "..."}]
    reading = coach.read("and if that doesn't work?")
    alone = coach.asking.find(coach.asking.in_context(reading, ()))
    with_history = coach.asking.find(coach.asking.in_context(reading, tuple(history)))
    assert not alone.covered or alone.hits != with_history.hits
    assert with_history.covered and any("Reliability" in h.section.section for h in with_history.hits)


def test_empty_and_huge_input_are_refused_clearly(coach_factory):
    import pytest

    from coach.present.reply import InputError

    coach = coach_factory()
    with pytest.raises(InputError, match="type"):
        coach.ask("   \x00\x07 ")
    with pytest.raises(InputError, match="under"):
        coach.ask("a" * 100_000)
    with pytest.raises(InputError):
        coach.ask(b"\xff\xfe\xfa")


def test_a_short_follow_up_is_answered_in_the_conversations_situation(coach_factory):
    history = [{"role": "user", "content": "my husband shuts down whenever I ask how he's feeling"},
               {"role": "assistant", "content": "..."}]
    reply = coach_factory().ask("and what if that doesn't work?", history=history)
    assert reply.route == "answer" and reply.sources
    assert reply.reading["situation"] in ("partner_withdraws", "rebuild_after_distance")
