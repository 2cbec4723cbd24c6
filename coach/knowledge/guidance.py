"""Guidance: the reviewed coaching content in ``knowledge/guidance/``, loaded and checked.

Two data files, both written for people, both traceable to the articles:

- ``sections.yaml``: for each article section, what its advice means in plain
  words (``gist``), concrete ``steps`` and things to ``say``. Introductions and
  conclusions are marked ``use: false``: they frame, they do not advise.
- ``situations.yaml``: for each situation the reading names, sentences that
  ``reflect`` the person's situation (and ``general`` ones for a question that
  tells no story of its own), the ``advice`` that fits it, something to
  ``try`` and something to ``say``.

Every line names the article sentences it comes from (``from``, verbatim);
``trace_problems`` checks them against the articles. A section or situation
with no entry simply has no curated content: answers for it are extractive.
This module loads and checks; choosing and assembling lines is ``coach.respond.compose``'s job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from coach.datafile import load_yaml
from coach.knowledge.ingest import Section
from coach.knowledge.retrieve import section_key

GUIDANCE_DIR = "guidance"
MIN_TRACE_WORDS = 5


class GuidanceError(ValueError):
    """A guidance file could not be read (the message says which and why)."""


@dataclass(frozen=True)
class Line:
    """One curated line and the article sentences it comes from."""

    text: str
    section: str  # "article-slug / heading", as ``coach.knowledge.retrieve.section_key`` names it
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionGuide:
    key: str
    use: bool
    gist: Line | None = None
    steps: tuple[Line, ...] = ()
    say: tuple[Line, ...] = ()

    def lines(self) -> list[Line]:
        return ([self.gist] if self.gist else []) + list(self.steps) + list(self.say)


@dataclass(frozen=True)
class SituationGuide:
    name: str
    reflect: tuple[str, ...] = ()
    advice: tuple[Line, ...] = ()
    general: tuple[str, ...] = ()  # for a general question: acknowledge the topic, presume no story
    try_: tuple[Line, ...] = ()
    say: tuple[Line, ...] = ()

    def lines(self) -> list[Line]:
        return list(self.advice) + list(self.try_) + list(self.say)


@dataclass(frozen=True)
class Guidance:
    sections: dict[str, SectionGuide] = field(default_factory=dict)
    situations: dict[str, SituationGuide] = field(default_factory=dict)

    def usable(self, key: str) -> SectionGuide | None:
        guide = self.sections.get(key)
        return guide if guide and guide.use and guide.gist else None

    def missing(self, section_keys: list[str]) -> list[str]:
        """Sections with no curated content (answers for them are extractive)."""
        return [k for k in section_keys if k not in self.sections]


def _line(item: object, where: str, section: str | None) -> Line:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise GuidanceError(f"{where}: expected a mapping with a 'text' string")
    sec = item.get("section", section)
    if not isinstance(sec, str):
        raise GuidanceError(f"{where}: no 'section' named")
    sources = item.get("from") or []
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise GuidanceError(f"{where}: 'from' must be a list of strings")
    return Line(item["text"].strip(), sec, tuple(sources))


def _lines(items: object, where: str, section: str | None = None) -> tuple[Line, ...]:
    if items in (None, []):
        return ()
    if not isinstance(items, list):
        raise GuidanceError(f"{where}: expected a list")
    return tuple(_line(item, f"{where}[{i}]", section) for i, item in enumerate(items))


def _read(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        data = load_yaml(path) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise GuidanceError(f"{path.name}: not valid YAML ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise GuidanceError(f"{path.name}: expected a mapping at the top")
    return data


def load_guidance(knowledge_dir: Path) -> Guidance:
    """Load ``knowledge/guidance/*.yaml``; missing files give empty guidance, malformed ones raise."""
    folder = Path(knowledge_dir) / GUIDANCE_DIR
    sections: dict[str, SectionGuide] = {}
    for key, entry in _read(folder / "sections.yaml").items():
        if not isinstance(entry, dict):
            raise GuidanceError(f"sections.yaml: {key}: expected a mapping")
        gist = _line(entry["gist"], f"{key}.gist", key) if entry.get("gist") else None
        sections[key] = SectionGuide(key, bool(entry.get("use", True)), gist,
                                     _lines(entry.get("steps"), f"{key}.steps", key),
                                     _lines(entry.get("say"), f"{key}.say", key))
    situations: dict[str, SituationGuide] = {}
    for name, entry in _read(folder / "situations.yaml").items():
        if not isinstance(entry, dict):
            raise GuidanceError(f"situations.yaml: {name}: expected a mapping")
        texts = {}
        for key in ("reflect", "general"):
            items = entry.get(key) or []
            if not isinstance(items, list) or not all(isinstance(r, str) for r in items):
                raise GuidanceError(f"situations.yaml: {name}.{key}: expected a list of strings")
            texts[key] = tuple(r.strip() for r in items)
        situations[name] = SituationGuide(name, reflect=texts["reflect"], general=texts["general"],
                                          advice=_lines(entry.get("advice"), f"{name}.advice"),
                                          try_=_lines(entry.get("try"), f"{name}.try"),
                                          say=_lines(entry.get("say"), f"{name}.say"))
    return Guidance(sections, situations)


def section_texts(sections: Iterable[Section]) -> dict[str, str]:
    """Each section's text by key ("article-slug / heading"), its chunks joined: what traces are checked against."""
    texts: dict[str, str] = {}
    for sec in sections:
        texts[section_key(sec)] = texts.get(section_key(sec), "") + " " + sec.text
    return texts


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def trace_problems(guidance: Guidance, section_texts: dict[str, str]) -> list[str]:
    """Every curated line must name a real section and quote it verbatim (at least
    ``MIN_TRACE_WORDS`` words a fragment); returns one message per problem."""
    problems = []
    texts = {k: _norm(v) for k, v in section_texts.items()}
    lines = [(f"section {g.key}", line) for g in guidance.sections.values() for line in g.lines()]
    lines += [(f"situation {g.name}", line) for g in guidance.situations.values() for line in g.lines()]
    for owner, line in lines:
        if line.section not in texts:
            problems.append(f"{owner}: unknown section {line.section!r}")
            continue
        if not line.sources:
            problems.append(f"{owner}: no 'from' for {line.text[:40]!r}")
        for frag in line.sources:
            if len(frag.split()) < MIN_TRACE_WORDS or _norm(frag) not in texts[line.section]:
                problems.append(f"{owner}: {frag[:50]!r} is not verbatim in {line.section}")
    return problems
