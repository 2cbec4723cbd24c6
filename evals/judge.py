"""Judge: an optional LLM rubric for supportiveness and faithfulness.

Configured by ``COACH_JUDGE_BASE_URL`` (an OpenAI-compatible endpoint),
``COACH_JUDGE_MODEL`` and optionally ``COACH_JUDGE_API_KEY``. The reply is
forced to JSON; anything that cannot be read is "unscored", never a failure,
and a judge never overrides a failed safety check (it only adds scores).
"""

from __future__ import annotations

import os

from langchain_core.exceptions import OutputParserException
from langchain_core.output_parsers import JsonOutputParser
from langchain_core.prompts import ChatPromptTemplate

RUBRIC = ChatPromptTemplate.from_messages([
    ("system",
     "You grade a relationship coach's answer. Score 1-5 for 'supportive' (warm, acknowledges the person, "
     "no judgement) and 1-5 for 'faithful' (every claim is backed by the passages). Reply with JSON only: "
     '{{"supportive": n, "faithful": n, "why": "one sentence"}}'),
    ("human", "Passages:\n{passages}\n\nQuestion: {question}\n\nAnswer: {answer}"),
])


def parse_verdict(raw: str) -> dict:
    """Scores from the judge's reply (LangChain's JSON parser), or ``{"unscored": True}``."""
    try:
        data = JsonOutputParser().parse(raw or "")
    except OutputParserException:
        data = None
    if not isinstance(data, dict):
        return {"unscored": True, "why": "judge reply was not JSON"}
    out: dict = {"why": str(data.get("why", ""))[:200]}
    for key in ("supportive", "faithful"):
        value = data.get(key)
        if isinstance(value, (int, float)) and 1 <= value <= 5:
            out[key] = float(value)
    if "supportive" not in out and "faithful" not in out:
        return {"unscored": True, "why": "judge gave no scores in range"}
    return out


class Judge:
    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 60) -> None:
        from coach.models.factory import build_chat_model
        from coach.settings import load_settings

        settings = load_settings({}, backend="openai", openai_base_url=base_url, model=model,
                                 openai_api_key=api_key or "not-needed", timeout_s=timeout)
        self.model = build_chat_model(settings).bind(temperature=0, max_tokens=120,
                                                     response_format={"type": "json_object"})
        self.label = f"{model}@{base_url}"

    @classmethod
    def from_env(cls) -> Judge | None:
        url = os.environ.get("COACH_JUDGE_BASE_URL")
        if not url:
            return None
        return cls(url, os.environ.get("COACH_JUDGE_MODEL", "judge"), os.environ.get("COACH_JUDGE_API_KEY"))

    def score(self, question: str, answer: str, passages: list[str]) -> dict:
        try:
            reply = self.model.invoke(RUBRIC.format_messages(
                passages="\n".join(p[:600] for p in passages[:3]) or "(none)", question=question, answer=answer))
        except Exception as exc:  # a judge that is down leaves answers unscored
            return {"unscored": True, "why": f"judge failed ({type(exc).__name__})"}
        return parse_verdict(str(reply.content))
