"""Model variants: read the gentler versions a model writes, and keep those that pass.

A capable model (or the bundled one with its adapter) may write phrasing variants;
``parse_model_variants`` reads its JSON reply (LangChain's JSON parser, pydantic for
each item) and ``merge`` keeps the ones that pass ``coach.respond.phrasing.check_variant``,
topped up by the grounded ones. This module calls no model and writes no variant itself.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, ValidationError

from coach.respond.phrasing import check_variant


class Variant(BaseModel):
    """One variant as a model writes it."""

    label: str = Field(min_length=1)
    text: str = Field(min_length=1)


def parse_model_variants(raw: str) -> list[dict[str, str]]:
    """Variants from a model's JSON reply (LangChain's JSON parser: plain or fenced JSON);
    anything unreadable gives an empty list, and unreadable items are left out."""
    from langchain_core.exceptions import OutputParserException
    from langchain_core.output_parsers import JsonOutputParser

    try:
        data = JsonOutputParser().parse(raw)
    except OutputParserException:
        return []
    items = data.get("variants", []) if isinstance(data, dict) else data
    out = []
    for item in items if isinstance(items, list) else []:
        try:
            v = Variant.model_validate(item)
        except ValidationError:
            continue
        out.append({"label": v.label.strip()[:40], "text": v.text.strip()})
    return out


def merge(model: list[dict[str, str]], grounded: list[dict[str, str]], minimum: int = 3) -> list[dict[str, str]]:
    """Model variants that pass the checks, topped up (or replaced) by grounded ones."""
    chosen = [v for v in model if not check_variant(v["text"])]
    labels = {v["label"] for v in chosen}
    for v in grounded:
        if len(chosen) >= max(minimum, len(grounded)):
            break
        if v["label"] not in labels and not check_variant(v["text"]):
            chosen.append(v)
            labels.add(v["label"])
    return chosen
