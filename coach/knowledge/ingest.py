"""Ingest: turn markdown articles in ``knowledge/`` into section-sized chunks.

A chunk keeps one unit of meaning together: a ``##`` section with its body (a
numbered strategy, the case study, the 30-day plan), a ``###`` question with
its answer, or one table row with the table's header. Long sections are split
at paragraph boundaries. Ids are content hashes, so the same text always gets
the same id. Problems with a file (empty, not UTF-8, broken front matter) are
reported by file name; the other files still ingest.

This module only reads and chunks; storing chunks is ``coach.knowledge.index``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from coach.datafile import load_yaml

MAX_ARTICLE_BYTES = 2_000_000
MAX_CHUNK_WORDS = 220
_TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}")


@dataclass(frozen=True)
class Section:
    """One retrievable chunk of an article."""

    id: str
    article: str  # the article's title
    slug: str  # the article's file stem
    section: str  # heading path, e.g. "Frequently Asked Questions › What if ..."
    text: str
    kind: str  # strategy | faq | table_row | plan | case_study | section
    order: int  # position in the article

    def embed_text(self) -> str:
        return f"{self.section}\n{self.text}"

    def views(self) -> list[str]:
        """Texts to embed for this section: the whole, and each paragraph if several.

        Retrieval scores a section by its best view, so one apt paragraph in a
        long section is not drowned out by the rest.
        """
        paras = [p for p in self.text.split("\n\n") if len(p.split()) >= 8]
        whole = self.embed_text()
        if len(paras) < 2:
            return [whole]
        return [whole] + [f"{self.section}\n{p}" for p in paras]

    def metadata(self) -> dict[str, str | int]:
        return {
            "article": self.article,
            "slug": self.slug,
            "section": self.section,
            "kind": self.kind,
            "order": self.order,
        }


@dataclass
class IngestReport:
    sections: list[Section] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, message)
    files: list[str] = field(default_factory=list)


class ArticleError(ValueError):
    """An article cannot be read; the message names the file."""


def section_id(slug: str, section: str, text: str) -> str:
    digest = hashlib.sha256(f"{slug}\x1f{section}\x1f{text}".encode()).hexdigest()
    return digest[:24]


def _split_front_matter(raw: str, name: str) -> tuple[dict, str]:
    if not raw.startswith("---"):
        return {}, raw
    parts = raw.split("\n---", 1)
    if len(parts) != 2:
        raise ArticleError(f"{name}: front matter starts with '---' but never closes")
    try:
        meta = load_yaml(parts[0][3:]) or {}
    except yaml.YAMLError as exc:
        raise ArticleError(f"{name}: front matter is not valid YAML ({exc.__class__.__name__})") from None
    if not isinstance(meta, dict):
        raise ArticleError(f"{name}: front matter must be 'key: value' lines")
    return meta, parts[1].lstrip("-").lstrip("\n")


def _kind(heading: str, sub: bool) -> str:
    low = heading.lower()
    if sub and heading.rstrip().endswith("?"):
        return "faq"
    if re.match(r"^\d+[.)]\s", heading):
        return "strategy"
    if "case study" in low:
        return "case_study"
    if "day plan" in low or re.search(r"\b\d+-day\b", low):
        return "plan"
    return "section"


def _table_rows(lines: list[str]) -> list[str]:
    cells = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines if not _TABLE_SEP.match(ln.strip())]
    if len(cells) < 2:
        return []
    header, rows = cells[0], cells[1:]
    return [". ".join(f"{h}: {v}" for h, v in zip(header, row) if v) for row in rows]


def _paragraphs(lines: list[str]) -> list[str]:
    """Group lines into paragraphs; a list stays with the paragraph before it."""
    paras: list[list[str]] = []
    current: list[str] = []
    for ln in lines:
        if not ln.strip():
            if current:
                paras.append(current)
                current = []
            continue
        current.append(ln.rstrip())
    if current:
        paras.append(current)
    merged: list[str] = []
    for p in paras:
        text = "\n".join(p)
        if merged and p[0].lstrip().startswith(("- ", "* ")):
            merged[-1] += "\n" + text
        else:
            merged.append(text)
    return merged


def _pack(paragraphs: list[str]) -> list[str]:
    """Pack paragraphs into chunks of at most MAX_CHUNK_WORDS words."""
    chunks: list[str] = []
    for para in paragraphs:
        if chunks and len(chunks[-1].split()) + len(para.split()) <= MAX_CHUNK_WORDS:
            chunks[-1] += "\n\n" + para
        else:
            chunks.append(para)
    return chunks


def parse_article(raw: str, name: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Parse one article; returns its title and (section, kind, text) triples."""
    if not raw.strip():
        raise ArticleError(f"{name}: the file is empty")
    meta, body = _split_front_matter(raw, name)
    title = str(meta.get("title") or "").strip()
    blocks: list[tuple[str, str, list[str]]] = []  # (heading path, kind, lines)
    h2 = "Introduction"
    blocks.append((h2, "section", []))
    for line in body.splitlines():
        m = re.match(r"^(#{1,6})\s+(.*\S)\s*$", line)
        if m and len(m.group(1)) == 1:
            title = title or m.group(2)
            continue
        if m and len(m.group(1)) == 2:
            h2 = m.group(2)
            blocks.append((h2, _kind(h2, False), []))
            continue
        if m:
            sub = m.group(2)
            blocks.append((f"{h2} › {sub}", _kind(sub, True), []))
            continue
        blocks[-1][2].append(line)
    if not title:
        title = Path(name).stem.replace("-", " ").replace("_", " ").title()
    chunks: list[tuple[str, str, str]] = []
    for heading, kind, lines in blocks:
        prose: list[str] = []
        table: list[str] = []
        for ln in lines + [""]:
            if ln.strip().startswith("|"):
                table.append(ln)
                continue
            if table:
                for row in _table_rows(table):
                    label = row.split(". ", 1)[0].split(": ", 1)[-1]
                    chunks.append((f"{heading} › {label}", "table_row", row))
                table = []
            prose.append(ln)
        parts = _pack(_paragraphs(prose))
        for i, text in enumerate(parts):
            label = heading if len(parts) == 1 else f"{heading} (part {i + 1})"
            chunks.append((label, kind, text))
    if not chunks:
        raise ArticleError(f"{name}: no text found under any heading")
    return title, chunks


def load_article(path: Path) -> list[Section]:
    """Read and chunk one markdown file, raising ArticleError on any problem."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ArticleError(f"{name}: cannot be read ({exc.strerror})") from None
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{name}: {size} bytes is larger than the {MAX_ARTICLE_BYTES} byte limit")
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ArticleError(f"{name}: not UTF-8 text") from None
    if "\x00" in raw:
        raise ArticleError(f"{name}: contains binary data")
    title, chunks = parse_article(raw, name)
    slug = path.stem
    return [
        Section(section_id(slug, sec, text), title, slug, sec, text, kind, i)
        for i, (sec, kind, text) in enumerate(chunks)
    ]


def article_files(knowledge_dir: Path) -> list[Path]:
    return sorted(p for p in knowledge_dir.glob("*.md") if p.is_file() and not p.name.startswith("."))


def ingest_dir(knowledge_dir: Path) -> IngestReport:
    """Chunk every ``*.md`` file directly in ``knowledge_dir``."""
    report = IngestReport()
    if not knowledge_dir.is_dir():
        report.problems.append((str(knowledge_dir), "knowledge folder not found (set COACH_KNOWLEDGE_DIR)"))
        return report
    seen: set[str] = set()
    for path in article_files(knowledge_dir):
        report.files.append(path.name)
        try:
            sections = load_article(path)
        except ArticleError as exc:
            report.problems.append((path.name, str(exc)))
            continue
        for s in sections:
            if s.id not in seen:
                seen.add(s.id)
                report.sections.append(s)
    return report
