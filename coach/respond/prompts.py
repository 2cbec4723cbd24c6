"""Prompts: every template and fixed text the coach says, loaded from ``prompts.yaml``.

Fixed replies are plain format strings, exposed as module constants. Model
prompts become LangChain ``ChatPromptTemplate`` objects on first use
(``ask_prompt``, ``phrase_prompt``, ``partner_prompt``), so a command that never
calls a model never imports the prompt machinery. No logic lives here beyond
picking a template.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from coach.datafile import load_yaml

if TYPE_CHECKING:
    from langchain_core.prompts import ChatPromptTemplate

PROMPTS_PATH = Path(__file__).resolve().parent / "prompts.yaml"
_DATA: dict = load_yaml(PROMPTS_PATH)

# -- ask ---------------------------------------------------------------------
ASK_SYSTEM: str = _DATA["ask"]["system"]
ASK_USER: str = _DATA["ask"]["user"]
# the bundled 135M model reads prompts slowly: the same task in fewer words
ASK_SYSTEM_SMALL: str = _DATA["ask"]["system_small"]
# Openers for extractive answers, chosen by similarity of the question to each
# situation's examples. The last one is the fallback when no situation is close.
OPENERS: list[tuple[list[str], str]] = [(list(o.get("examples") or []), o["opener"]) for o in _DATA["openers"]]
OPENER_MIN_SIMILARITY: float = float(_DATA["opener_min_similarity"])
POINTS_INTRO: str = _DATA["points_intro"]
# how a guided answer introduces something to say: varied, so no label repeats in every answer
SAY_LEADS: tuple[str, ...] = tuple(_DATA["say_leads"])
SAY_INTRO: str = _DATA["say_intro"]
CASE_STUDY_PREFIX: str = _DATA["case_study_prefix"]
NOT_COVERED: str = _DATA["not_covered"]
ACKNOWLEDGEMENT: str = _DATA["acknowledgement"]
INPUT_EMPTY: str = _DATA["input_empty"]
INPUT_TOO_LONG: str = _DATA["input_too_long"]
BACKEND_FAILED: str = _DATA["backend_failed"]

# -- safety ------------------------------------------------------------------
CRISIS_REPLY: str = _DATA["crisis_reply"]
LANGUAGE_NOTE: str = _DATA["language_note"]
OFF_TOPIC: str = _DATA["off_topic"]
NOTICE: str = _DATA["notice"]

# -- practice ----------------------------------------------------------------
PHRASE_SYSTEM: str = _DATA["phrase"]["system"]
PHRASE_USER: str = _DATA["phrase"]["user"]
PARTNER_SYSTEM: str = _DATA["partner"]["system"]
PRACTICE_ENDED: str = _DATA["practice_ended"]

# -- the embedded model's adapter ----------------------------------------------
ADAPTER: dict[str, str] = _DATA["adapter"]


def _chat(system: str, human: str) -> ChatPromptTemplate:
    from langchain_core.prompts import ChatPromptTemplate

    return ChatPromptTemplate.from_messages([("system", system), ("human", human)])


@lru_cache(maxsize=2)
def ask_prompt(small: bool = False) -> ChatPromptTemplate:
    return _chat(ASK_SYSTEM_SMALL if small else ASK_SYSTEM, ASK_USER)


@lru_cache(maxsize=1)
def phrase_prompt() -> ChatPromptTemplate:
    return _chat(PHRASE_SYSTEM, PHRASE_USER)


@lru_cache(maxsize=1)
def partner_prompt() -> ChatPromptTemplate:
    return _chat(PARTNER_SYSTEM, "{conversation}")


@lru_cache(maxsize=3)
def adapter_prompt(task: str) -> ChatPromptTemplate:
    """The adapter's prompt for ``task`` (answer | partner | phrase): the same text training renders."""
    human = {"answer": ADAPTER["answer_user"], "partner": "{said}", "phrase": "{message}"}[task]
    return _chat(ADAPTER[f"{task}_system"], human)


def adapter_guidance(advice: list[str], try_line: str = "", say: str = "") -> str:
    """The advice block an adapter answer is written from."""
    lines = [f"- {a}" for a in advice] + ([f"- Try: {try_line}"] if try_line else []) + ([f"- Say: {say}"] if say else [])
    return "\n".join(lines)


def _rendered(task: str, **fields: object) -> list[dict[str, str]]:
    """The adapter's prompt for ``task``, filled, as role/content messages (what training stores
    and what llama-cpp receives): rendered by the same template the app uses."""
    roles = {"system": "system", "human": "user"}
    return [{"role": roles[m.type], "content": str(m.content)} for m in adapter_prompt(task).format_messages(**fields)]


def adapter_answer_messages(partner: str, guidance: str, message: str) -> list[dict[str, str]]:
    return _rendered("answer", partner=partner, guidance=guidance, message=message)


def adapter_partner_messages(card: str, scenario: str, openness: int, move: str, said: str) -> list[dict[str, str]]:
    return _rendered("partner", card=card, scenario=scenario, openness=openness, move=move.replace("_", " "), said=said)


def adapter_phrase_messages(label: str, message: str) -> list[dict[str, str]]:
    return _rendered("phrase", label=label, message=message)
