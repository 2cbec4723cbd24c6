"""Render: how sources, a debrief and phrasing variants are shown, in one place.

Plain text for the command line, Markdown for the page and the export. Every
front end and the conversation export call these, so a source or a debrief
reads the same everywhere. This module formats; it decides nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def source_label(source: Mapping) -> str:
    """"Article — Section" for one source."""
    return f"{source.get('article', '')} — {source.get('section', '')}"


def sources_text(sources: Sequence[Mapping], scores: bool = False) -> list[str]:
    """Sources as command-line lines ("" when there are none)."""
    if not sources:
        return []
    lines = ["Sources:"]
    for s in sources:
        score = f" (score {float(s['score']):.2f})" if scores and "score" in s else ""
        lines.append(f"  - {source_label(s)}{score}")
    return lines


def source_markdown(source: Mapping) -> str:
    """One source as Markdown: the article in bold, the section in italics."""
    return f"**{source.get('article', '')}** — *{source.get('section', '')}*"


def sources_quoted(sources: Sequence[Mapping]) -> list[str]:
    """Sources as Markdown quote lines, for an exported conversation."""
    return [f"> Source: {source_label(s)}" for s in sources]


def debrief_lines(debrief: Mapping, markdown: bool = False) -> list[str]:
    """A practice debrief: the summary, then each turn that mattered and where its advice comes from."""
    lines = [str(debrief["summary"])]
    for p in debrief["points"]:
        move = p["move"].replace("_", " ")
        if markdown:
            mark = "✓" if p["worked"] else "↺"
            lines.append(f"{mark} **Turn {p['turn']}** ({move}): {p['note']}  \n*{p['section']}*")
        else:
            mark = "+" if p["worked"] else "-"
            lines += [f" {mark} turn {p['turn']} ({move}): {p['note']}", f"     from: {p['section']}"]
    return lines


def variants_markdown(variants: Sequence[Mapping]) -> str:
    """Phrasing variants as a Markdown list (what the conversation keeps)."""
    return "\n".join(f"- **{v['label']}:** {v['text']}" for v in variants)
