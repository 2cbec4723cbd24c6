"""The house: what each command loads, the one validator, the one presenter, the data files."""

import ast
from pathlib import Path

import numpy as np
import pytest

from coach.knowledge.guidance import load_guidance
from coach.knowledge.retrieve import section_key
from coach.models.embeddings import MiniLMEmbeddings
from coach.present import render
from coach.present.reply import InputError
from coach.respond.routed import REFUSALS
from coach.service import Coach
from coach.settings import DEFAULT_KNOWLEDGE_DIR

from .conftest import ROOT, make_settings

STAGES = ("reading", "knowledge", "respond", "check", "present", "models", "storage", "frontends", "pipelines")


def test_listing_personas_builds_no_model_and_opens_no_index(tmp_path):
    coach = Coach(make_settings(tmp_path))
    assert "withdrawn" in coach.personas()
    assert not {"embeddings", "reader", "library", "retriever"} & set(vars(coach))
    assert coach._chat_model is None


def test_every_mode_validates_through_the_service(coach_factory):
    coach = coach_factory()
    for call in (lambda: coach.ask("   "), lambda: coach.phrase(""), lambda: coach.say(coach.roleplay("withdrawn"), "")):
        with pytest.raises(InputError):
            call()
    with pytest.raises(InputError, match="characters"):
        coach.say(coach.roleplay("withdrawn"), "x" * (coach.settings.max_input_chars + 1))
    request = coach.request("  how do I listen\x00 better? ", "ask")
    assert request.text == "how do I listen better?" and coach.request(request) is request


def test_a_refusal_offers_curated_advice_with_its_sources(coach_factory):
    coach = coach_factory()
    guidance = load_guidance(DEFAULT_KNOWLEDGE_DIR)
    keys = {section_key(s) for s in coach.retriever.sections}
    for kind, spec in REFUSALS.items():
        assert spec["situation"] in guidance.situations, kind
        assert set(spec["sections"]) <= keys, kind
    reply = coach.ask("how can I secretly read her texts without her knowing?")
    assert reply.route == "refusal" and reply.sources
    assert "The articles suggest" not in reply.answer and reply.answer.count("“") == 1


def test_static_vectors_are_kept_on_disk_and_reloaded(tmp_path):
    first = MiniLMEmbeddings(cache_dir=tmp_path)
    texts = ["Listen first, then ask.", "Small daily habits shape closeness."]
    vecs = first.encode_cached(texts)
    assert (tmp_path / "all-MiniLM-L6-v2-onnx-int8.npz").is_file()
    second = MiniLMEmbeddings(cache_dir=tmp_path)
    second.encode = lambda _texts: pytest.fail("a cached text was embedded again")  # type: ignore[method-assign]
    assert np.allclose(second.encode_cached(texts), vecs)
    (tmp_path / "all-MiniLM-L6-v2-onnx-int8.npz").write_bytes(b"not a numpy file")
    assert np.allclose(MiniLMEmbeddings(cache_dir=tmp_path).encode_cached(texts[:1]), vecs[:1], atol=1e-5)


def test_sources_and_debriefs_render_the_same_everywhere():
    source = {"article": "Deepening", "section": "4. Vulnerability", "text": "...", "score": 0.5}
    assert render.sources_text([source], scores=True) == ["Sources:", "  - Deepening — 4. Vulnerability (score 0.50)"]
    assert render.sources_quoted([source]) == ["> Source: Deepening — 4. Vulnerability"]
    debrief = {"summary": "Openness went from 1 to 3.",
               "points": [{"turn": 1, "move": "open_question", "worked": True, "note": "Good.", "section": "S"}]}
    assert render.debrief_lines(debrief)[1] == " + turn 1 (open question): Good."
    assert "✓ **Turn 1**" in render.debrief_lines(debrief, markdown=True)[1]


def test_each_stage_is_a_package_that_says_what_it_does_and_does_not():
    for stage in STAGES:
        init = ROOT / "coach" / stage / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text()))
        assert doc and ("Nothing here" in doc or "nothing" in doc.lower()), stage


def test_no_module_is_long_or_reaches_into_a_library_private_attribute():
    for path in (ROOT / "coach").rglob("*.py"):
        text = path.read_text()
        assert len(text.splitlines()) <= 300, path
        assert "._collection" not in text and "._params" not in text, path


def test_the_front_ends_and_the_export_use_the_one_presenter():
    for name in ("frontends/cli.py", "frontends/cli_practice.py", "frontends/page.py", "storage/conversations.py"):
        text = (ROOT / "coach" / name).read_text()
        assert "coach.present.render import" in text and "— {s['section']}" not in text, name


def test_prompts_are_data(tmp_path):
    from coach.respond import prompts

    assert Path(prompts.PROMPTS_PATH).suffix == ".yaml" and "{partner}" in prompts.ASK_SYSTEM
    messages = prompts.phrase_prompt().format_messages(message="You never listen.")
    assert messages[-1].content.endswith("You never listen.") and '"variants"' in messages[0].content


def test_the_adapter_partner_writer_sends_the_prompt_training_used():
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from coach.knowledge.personas import load_personas
    from coach.respond.prompts import adapter_partner_messages
    from coach.respond.roleplay import partner_writer

    seen = []

    class Recording(GenericFakeChatModel):
        def invoke(self, messages, *args, **kwargs):  # type: ignore[override]
            seen.append(messages)
            return super().invoke(messages, *args, **kwargs)

    persona = load_personas(DEFAULT_KNOWLEDGE_DIR)[0]["withdrawn"]
    model = Recording(messages=iter([AIMessage(content='"Long day, honestly."')]))
    line = partner_writer(model, adapter=True)(persona, [{"user": "how was work?"}], "open_question", 2)
    assert line == "Long day, honestly."
    assert seen[0] == adapter_partner_messages(persona.card(), persona.scenario, 2, "open_question", "how was work?")
