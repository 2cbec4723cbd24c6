"""Practice modes: technique detection, role-play sessions, and suggested phrasing."""

import json
import subprocess
import sys

import pytest

from coach.knowledge.personas import PersonaError, load_persona, load_personas
from coach.reading import Reader
from coach.reading.techniques import TechniqueDetector
from coach.respond.model_variants import merge
from coach.respond.phrasing import check_variant
from coach.respond.roleplay import RolePlay, in_character
from coach.settings import DEFAULT_KNOWLEDGE_DIR

from .conftest import ROOT, fake_chat, make_settings


@pytest.fixture(scope="module")
def detector(embeddings):
    return TechniqueDetector(embeddings)


@pytest.fixture(scope="module")
def router(embeddings):
    return Reader(embeddings)


@pytest.fixture(scope="module")
def personas():
    found, problems = load_personas(DEFAULT_KNOWLEDGE_DIR)
    assert problems == []
    return found


def play(personas, detector, router, name, turns, seed=3):
    rp = RolePlay(personas[name], detector, router, seed=seed)
    for t in turns:
        rp.say(t)
    return rp


def test_personas_come_from_the_articles_and_stay_in_character(personas, router):
    assert {"withdrawn", "action-oriented", "shared-activity", "quiet-support"} <= set(personas)
    for p in personas.values():
        assert p.section and p.article
        for lines in p.lines.values():
            for line in lines:
                assert in_character(line), (p.name, line)
                assert router.read(line, "roleplay").route != "crisis", (p.name, line)


def test_a_broken_persona_file_is_named(tmp_path):
    (tmp_path / "bad.yaml").write_text("name: x\ntitle: y\nwho: z\nopening: [hi]\nlines: {0: [a]}\n")
    with pytest.raises(PersonaError, match="bad.yaml"):
        load_persona(tmp_path / "bad.yaml")


def test_opening_moves_open_the_partner(personas, detector, router):
    rp = play(personas, detector, router, "withdrawn", [
        "That sounds like a really long day.",
        "What was the hardest part of it?",
        "Take your time, I'm here.",
    ])
    moves = [t.move for t in rp.state.turns]
    assert moves == ["validation", "open_question", "patience"]
    levels = [t.openness for t in rp.state.turns]
    assert levels == sorted(levels) and levels[-1] > personas["withdrawn"].start
    # each partner line answers the move just made, at the partner's openness
    for turn in rp.state.turns:
        assert turn.partner in personas["withdrawn"].replies_to(turn.move, turn.openness)


@pytest.mark.parametrize("persona", ["withdrawn", "action-oriented", "quiet-support", "shared-activity"])
def test_a_check_in_gets_an_answer_not_a_line_for_the_mood(personas, detector, router, persona):
    rp = play(personas, detector, router, persona, ["Hey, you seemed quiet at dinner. Everything ok?"])
    turn = rp.state.turns[0]
    assert turn.move == "open_question"
    assert turn.partner in personas[persona].replies_to("open_question", turn.openness)


def test_every_persona_has_replies_for_every_move(personas):
    from coach.reading.techniques import TECHNIQUES

    for p in personas.values():
        for move in TECHNIQUES:
            for level in range(5):
                assert len(p.replies_to(move, level)) >= 3, (p.name, move, level)


def test_closing_moves_close_the_partner(personas, detector, router):
    rp = play(personas, detector, router, "shared-activity", [
        "We need to talk right now.", "You never make time for me.",
        "Healthy couples talk things through, that's just how relationships work.",
    ])
    assert [t.move for t in rp.state.turns] == ["pressure", "blame", "lecturing"]
    assert rp.state.openness == 0
    debrief = rp.debrief()
    assert [p["worked"] for p in debrief["points"]] == [False, False, False]
    assert "turns 1, 2, 3" in debrief["summary"]


def test_mixed_session_debrief_names_the_right_turns(personas, detector, router):
    rp = play(personas, detector, router, "action-oriented", [
        "Thanks for fixing the car, I really appreciate it.",
        "You should just quit that job if it stresses you.",
        "How are you feeling about everything?",
    ])
    debrief = rp.debrief()
    worked = {p["turn"]: p["worked"] for p in debrief["points"]}
    assert worked == {1: True, 2: False, 3: True}
    assert debrief["points"][1]["section"] == "1. Practice Deep Listening Without Fixing"
    assert "What worked: turns 1, 3" in debrief["summary"] and "turn 2" in debrief["summary"]
    assert all(p["article"] for p in debrief["points"])


def test_hint_after_a_closing_move_names_it(personas, detector, router):
    rp = play(personas, detector, router, "withdrawn", ["Why won't you just tell me what's wrong?"])
    assert "pressure" in rp.hint()
    fresh = RolePlay(personas["withdrawn"], detector, router, seed=1)
    assert fresh.hint().startswith("Try ")


def test_partner_lines_vary(personas, detector, router):
    rp = play(personas, detector, router, "withdrawn", ["Okay."] * 6)
    lines = [t.partner for t in rp.state.turns]
    assert all(a != b for a, b in zip(lines, lines[1:]))


def test_crisis_breaks_character(personas, detector, router):
    rp = play(personas, detector, router, "withdrawn", ["That sounds hard.", "he hit me last night"])
    assert rp.over and rp.to_dict()["route"] == "crisis"
    assert len(rp.state.turns) == 1 and "988" in rp.to_dict()["crisis_reply"]
    assert rp.say("hello?") is None


def test_a_model_written_line_is_used_only_in_character(personas, detector, router):
    good = lambda *a: "I guess it's been a lot lately."  # noqa: E731
    coachy = lambda *a: "You should try using an I statement, that's a good technique."  # noqa: E731
    rp = RolePlay(personas["withdrawn"], detector, router, seed=2, writer=good)
    assert rp.say("That sounds hard.").partner == "I guess it's been a lot lately."
    rp = RolePlay(personas["withdrawn"], detector, router, seed=2, writer=coachy)
    line = rp.say("That sounds hard.").partner
    assert "technique" not in line and in_character(line)


@pytest.mark.parametrize("message", [
    "We need to talk about your attitude.", "You never help with the dishes!!",
    "I'm sorry I forgot your birthday", "I want us to spend more time together", "whatever",
])
def test_phrasing_variants_pass_their_checks(coach_factory, message):
    result = coach_factory().phrase(message)
    assert result.route == "answer" and len(result.variants) >= 3 and result.sources
    for v in result.variants:
        assert v["label"] and not check_variant(v["text"]), v


def test_phrasing_fits_the_message(coach_factory):
    coach = coach_factory()
    apology = coach.phrase("I'm sorry I forgot your birthday")
    request = coach.phrase("I want us to spend more time together")
    assert any("sorry I forgot your birthday" in v["text"] for v in apology.variants)
    assert any("spend more time together" in v["text"] for v in request.variants)
    assert {v["text"] for v in apology.variants}.isdisjoint(v["text"] for v in request.variants)
    talk = coach.phrase("We need to talk about your attitude.")
    assert any("We need to talk" in a for a in talk.avoid)
    assert apology.avoid == []


@pytest.mark.parametrize("message, sting", [
    ("I'm sorry I yelled at you last night but you were being ridiculous.", ["ridiculous", "but you"]),
    ("You always make plans with your friends and leave me out, it's so selfish.", ["always", "selfish"]),
    ("ur being so selfish rn, its always about ur friends and never about me", ["selfish", "always", "never"]),
    ("You spend every evening on your phone and I might as well not be here.", ["every evening", "our phones"]),
    ("For once could you think about someone other than yourself?", ["for once"]),
])
def test_gentler_versions_keep_the_meaning_and_drop_the_sting(coach_factory, message, sting):
    result = coach_factory().phrase(message)
    assert result.route == "answer" and len(result.variants) >= 3
    for v in result.variants:
        assert not any(s in v["text"].lower() for s in sting), v
        assert v["text"][0].isupper() and v["text"].rstrip()[-1] in ".?", v


def test_an_apology_keeps_what_it_is_for_and_loses_the_but(coach_factory):
    result = coach_factory().phrase("I'm sorry I yelled at you last night but you were being ridiculous.")
    assert any(v["text"].startswith("I'm sorry I yelled at you last night.") for v in result.variants)


def test_phrasing_templates_are_data_and_always_give_three(coach_factory):
    from coach.respond.phrasing import DATA, Meaning, grounded_variants

    for intent in DATA["templates"]:
        variants = grounded_variants(Meaning(intent))  # no words of the person's to keep
        assert len(variants) >= 3 and all(not check_variant(v["text"]) for v in variants), intent
        assert all("{" not in v["text"] for v in variants)


def test_failing_model_variants_are_replaced(embeddings, session_data):
    from coach.service import Coach

    model_json = json.dumps({"variants": [
        {"label": "I statement", "text": "I feel sad when you never listen, it's your fault."},
        {"label": "Low-pressure invitation", "text": "Fancy a walk tonight? I'd love to hear about your week."},
    ]})
    settings = make_settings(session_data, backend="openai", openai_base_url="http://127.0.0.1:9/v1")
    coach = Coach(settings, chat_model=fake_chat(model_json), embeddings=embeddings)
    result = coach.phrase("You never listen to me")
    texts = [v["text"] for v in result.variants]
    assert "Fancy a walk tonight? I'd love to hear about your week." in texts
    assert all("your fault" not in t for t in texts) and len(texts) >= 3


def test_merge_keeps_passing_model_variants_first():
    grounded = [{"label": "I statement", "text": "I feel alone when we don't talk."},
                {"label": "Appreciation first", "text": "I really appreciate you, can we talk?"},
                {"label": "Low-pressure invitation", "text": "Want to walk later? I'd like that."}]
    model = [{"label": "Custom", "text": "I'd love an evening just for us."}]
    out = merge(model, grounded)
    assert out[0]["label"] == "Custom" and len(out) >= 3


def test_phrasing_is_safety_routed(coach_factory):
    assert coach_factory().phrase("he hit me and I'm scared").route == "crisis"
    assert coach_factory().phrase("how do I make him jealous").route == "refusal"


@pytest.mark.real
def test_cli_roleplay_and_phrase_json(tmp_path):
    env = {"COACH_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    turns = "That sounds really tough.\nWhat was the hardest part?\n"
    out = subprocess.run([sys.executable, "-m", "coach", "roleplay", "--persona", "withdrawn", "--json", "--seed", "1"],
                         input=turns, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"route", "persona", "turns", "debrief"} and data["route"] == "answer"
    assert [t["move"] for t in data["turns"]] == ["validation", "open_question"]
    assert all(set(t) >= {"user", "move", "partner"} for t in data["turns"])
    phrase = subprocess.run([sys.executable, "-m", "coach", "phrase", "We need to talk about your attitude.", "--json"],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    p = json.loads(phrase.stdout)
    assert set(p) >= {"route", "variants", "avoid", "sources"} and len(p["variants"]) >= 3
    listing = subprocess.run([sys.executable, "-m", "coach", "roleplay", "--list"], capture_output=True, text=True,
                             env=env, cwd=ROOT, timeout=300)
    assert "withdrawn" in listing.stdout
    bad = subprocess.run([sys.executable, "-m", "coach", "roleplay", "--persona", "nobody", "--json"], input="",
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert bad.returncode == 2 and "withdrawn" in bad.stderr


def test_a_complaint_keeps_what_the_partner_did_in_every_approach(coach_factory):
    result = coach_factory().phrase("You always pick your friends over me, it's so selfish.")
    texts = [v["text"] for v in result.variants]
    assert len(texts) >= 3 and all("pick your friends over me" in t for t in texts), texts
    assert len({v["label"] for v in result.variants}) >= 3 and not any("selfish" in t for t in texts)


def test_the_feeling_follows_the_tense_of_what_happened(coach_factory):
    past = coach_factory().phrase("You went out with your ex last night without telling me, I'm so hurt.")
    now = coach_factory().phrase("You never ask how my day was.")
    assert any("when you went out with your ex" in v["text"] and ("I felt" in v["text"] or "it felt" in v["text"])
               for v in past.variants), past.variants
    assert all(" felt " not in v["text"] for v in now.variants if "how my day was" in v["text"]), now.variants


def test_an_apology_keeps_what_it_is_for_not_the_excuse(coach_factory):
    result = coach_factory().phrase("Sorry I missed your recital, but the traffic was insane and you know it.")
    texts = [v["text"] for v in result.variants]
    assert len(texts) >= 3 and all("recital" in t for t in texts[:3]), texts
    assert not any("traffic" in t for t in texts)


def test_sympathy_is_comfort_not_an_apology(coach_factory):
    result = coach_factory().phrase("I'm so sorry about your nan. She was such a lovely lady.")
    texts = [v["text"] for v in result.variants]
    assert len(texts) >= 3 and texts[0] == "I'm so sorry about your nan. I'm here for anything you need.", texts
    assert not any("deserve better from me" in t or "make it right" in t for t in texts)


def test_encouragement_keeps_what_it_wishes_luck_with():
    from coach.respond.phrasing import grounded_variants, read_meaning

    meaning = read_meaning("good luck with ur interview tmrw!! u got this", "support")
    assert meaning.slots["luck"] == "with your interview tomorrow"
    texts = [v["text"] for v in grounded_variants(meaning)]
    assert texts[0] == "Good luck with your interview tomorrow. However it goes, I'm proud of you."
    assert read_meaning("so sorry you didn't get the job babe", "support").slots["about"] == "you didn't get the job"


def test_intensifiers_leave_the_persons_words_whole():
    from coach.respond.phrasing import grounded_variants, read_meaning

    late = grounded_variants(read_meaning("its ridiculous that u cant even text me when ur gonna be late", "complaint"))
    assert late[0]["text"] == "I feel a bit hurt when you can't text me when you're going to be late. Could we figure it out together?"
    thanks = grounded_variants(read_meaning("thanks for coming to my recital even tho classical isn't ur thing", "appreciation"))
    assert "recital even tho classical isn't your thing" in thanks[0]["text"]  # "even though" is not an intensifier


def test_words_that_sting_but_no_list_names_stay_out_of_every_variant(coach_factory):
    coach = coach_factory()
    maid = coach.phrase("You treat me like your maid and I'm exhausted.")
    assert len(maid.variants) >= 3 and not any("maid" in v["text"] for v in maid.variants), maid.variants
    friday = coach.phrase("You went out with your friends on Friday without telling me.")
    assert all("friends on Friday" in v["text"] for v in friday.variants)  # plain words of theirs are kept


def test_the_adapter_is_asked_for_each_approach_the_templates_offer_with_the_prompt_training_used(coach_factory):
    import dataclasses

    from langchain_core.messages import AIMessage

    from coach.pipelines.phrase import model_labels
    from coach.respond.prompts import adapter_phrase_messages

    seen = []

    class Recording:
        def invoke(self, messages, **kwargs):
            seen.append([{"role": {"system": "system", "human": "user"}[m.type], "content": m.content} for m in messages])
            return AIMessage(content="I'd love it if we could put our phones away at dinner.")

    coach = coach_factory()
    message = "You're on your phone all through dinner, it's so rude."
    labels = model_labels(coach.phrasing.grounded(message))
    pipeline = dataclasses.replace(coach.phrasing, chat_model=lambda: Recording(), adapter=True)
    result = pipeline.run(coach.request(message, "phrase"))
    assert len(labels) == 3 and seen == [adapter_phrase_messages(label, message) for label in labels]
    assert result.variants[0]["text"] == "I'd love it if we could put our phones away at dinner."
