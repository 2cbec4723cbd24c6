from pathlib import Path

import pytest

from coach.knowledge.ingest import ingest_dir, load_article, parse_article
from coach.settings import DEFAULT_KNOWLEDGE_DIR

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def by_section(sections):
    return {s.section: s for s in sections}


def test_chunks_keep_units_of_meaning_together():
    report = ingest_dir(DEFAULT_KNOWLEDGE_DIR)
    assert report.problems == []
    secs = by_section(report.sections)
    strategy = secs["1. Practice Deep Listening Without Fixing"]
    assert strategy.kind == "strategy" and "That sounds really tough" in strategy.text
    faq = secs["Frequently Asked Questions › What if he doesn’t want to talk about feelings?"]
    assert faq.kind == "faq" and faq.text.startswith("Respect his pace.")
    row = secs["3. Speak His Emotional Language › Quiet Support"]
    assert row.kind == "table_row" and row.text.startswith("Emotional Style: Quiet Support.")
    assert "How to Respond:" in row.text  # the header travels with the row
    plan = secs["Step-by-Step Guide to Deepening Emotional Connection (30-Day Plan)"]
    assert plan.kind == "plan" and "Days 1–7" in plan.text and "Days 29–30" in plan.text
    case = secs["Mini Case Study: Rebuilding Connection After Distance"]
    assert case.kind == "case_study" and "Six months later" in case.text


def test_ids_are_content_hashes_and_stable():
    a = ingest_dir(DEFAULT_KNOWLEDGE_DIR).sections
    b = ingest_dir(DEFAULT_KNOWLEDGE_DIR).sections
    assert [s.id for s in a] == [s.id for s in b]
    assert len({s.id for s in a}) == len(a)


def test_boilerplate_dropped_and_front_matter_titles():
    text = (DEFAULT_KNOWLEDGE_DIR / "deepening-emotional-connection.md").read_text()
    assert "浙" not in text and "No comments yet" not in text
    titles = {s.article for s in ingest_dir(DEFAULT_KNOWLEDGE_DIR).sections}
    assert "Cultivating Emotional Connection: Effective Strategies to Make Him Care" in titles


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not beside the repo")
def test_advice_text_kept_word_for_word():
    knowledge = " ".join(p.read_text() for p in DEFAULT_KNOWLEDGE_DIR.glob("*.md"))
    boiler = ("浙", "33010002000092", "Comments", "No comments yet")
    for seed in SEEDS.glob("*.txt"):
        for line in seed.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith(boiler):
                assert line in knowledge, f"{seed.name}: missing {line[:60]!r}"


def test_bad_articles_are_named_and_the_rest_still_ingests(tmp_path):
    (tmp_path / "good.md").write_text("---\ntitle: Good\n---\n## Listen\n\nListen without fixing, and nod.\n")
    (tmp_path / "empty.md").write_text("   \n")
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\n---\n## A\n\ntext here\n")
    (tmp_path / "binary.md").write_bytes(b"\xff\xfe\x00\x01garbage")
    report = ingest_dir(tmp_path)
    problems = dict(report.problems)
    assert set(problems) == {"empty.md", "broken.md", "binary.md"}
    assert "empty" in problems["empty.md"] and "broken.md" in problems["broken.md"]
    assert [s.article for s in report.sections] == ["Good"]


def test_article_without_front_matter_uses_heading_or_file_name(tmp_path):
    p = tmp_path / "my-new-article.md"
    p.write_text("Some intro text for the article.\n\n## Tip one\n\nBe kind every day.\n")
    secs = load_article(p)
    assert secs[0].article == "My New Article"
    title, _ = parse_article("# Real Title\n\nBody text.\n", "x.md")
    assert title == "Real Title"
