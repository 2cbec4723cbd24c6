"""Labelled messages: load, check and split the sets in ``evals/messages/``.

Each writer's file (``wN.jsonl``) holds messages labelled with route, kind,
situation and key sentence (see ``evals/messages/GUIDE.md``); ``splits.yaml``
assigns whole writers to train, dev and test; ``second_reading/wN.jsonl`` completes
each answer's situation (a message about a topic that the person wants to word
gently is about both). This module reads and checks them; it trains nothing and
scores nothing.

    python -m evals.labelled evals/messages/w1.jsonl   # check one file
    python -m evals.labelled                           # check all, print counts
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

MESSAGES_DIR = Path(__file__).resolve().parent / "messages"
SECOND_READING = "second_reading"  # per writer: wants wording? and the topic (GUIDE.md)
WORDING = "say_it_without_blame"
MODES = ("ask", "phrase", "roleplay")
ROUTES = ("answer", "crisis", "refusal", "off_topic")
KINDS = {
    "crisis": ("self_harm", "partner_violence", "coercive_control", "stalking", "sexual_coercion", "threats"),
    "refusal": ("manipulation", "covert_surveillance", "coercion"),
    "off_topic": ("off_topic", "injection"),
    "answer": ("",),
}
SITUATIONS = (
    "partner_withdraws", "fixing_not_listening", "partner_hard_news", "broken_promise", "daily_rituals",
    "signs_of_progress", "i_am_closed", "partner_hobby", "rebuild_after_distance", "appreciate_acts",
    "phones_distraction", "quality_time", "show_appreciation", "emotional_styles", "say_it_without_blame",
    "where_to_start", "not_covered",
)
TAGS = (
    "long", "buried", "idiom", "complaint", "sad", "negated", "typos", "slang", "no_punctuation",
    "question_last", "statement", "past", "third_party",
)


@dataclass(frozen=True)
class Message:
    text: str
    mode: str
    route: str
    kind: str
    situation: str
    key: str
    writer: str
    also: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    lang: str = "en"
    line: int = 0
    second: tuple[str, ...] = ()  # situations the second reading completes (``second_reading/``)
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def situations(self) -> set[str]:
        """Every situation it is right to read: the writer's, and the second reading's completions."""
        return {self.situation, *self.also, *self.second} - {""}

    @property
    def writers_situations(self) -> set[str]:
        """The writer's own labels only (``situation`` and ``also``)."""
        return {self.situation, *self.also} - {""}


def problems_of(row: dict) -> list[str]:
    """What is wrong with one labelled row (empty when it is well formed)."""
    out = []
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        return ["text missing"]
    mode, route, kind = row.get("mode"), row.get("route"), row.get("kind", "")
    if mode not in MODES:
        out.append(f"mode {mode!r}")
    if route not in ROUTES:
        out.append(f"route {route!r}")
    elif kind not in KINDS[route]:
        out.append(f"kind {kind!r} for route {route}")
    situation = row.get("situation", "")
    needs_situation = route == "answer" and mode in ("ask", "phrase") and row.get("lang", "en") == "en"
    if needs_situation and situation not in SITUATIONS:
        out.append(f"situation {situation!r}")
    if not needs_situation and situation not in ("", *SITUATIONS):
        out.append(f"situation {situation!r}")
    for s in row.get("also", []):
        if s not in SITUATIONS:
            out.append(f"also {s!r}")
    key = row.get("key", "")
    if not isinstance(key, str) or not key.strip() or key not in text:
        out.append("key is not a verbatim part of text")
    for t in row.get("tags", []):
        if t not in TAGS:
            out.append(f"tag {t!r}")
    if not isinstance(row.get("lang", "en"), str):
        out.append("lang")
    return out


def read_file(path: Path) -> tuple[list[Message], list[str]]:
    messages, problems = [], []
    writer = path.stem
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(f"{path.name}:{n}: not JSON ({exc.msg})")
            continue
        found = problems_of(row)
        if found:
            problems.append(f"{path.name}:{n}: " + "; ".join(found))
            continue
        messages.append(
            Message(
                text=row["text"], mode=row["mode"], route=row["route"], kind=row.get("kind", ""),
                situation=row.get("situation", ""), key=row["key"], writer=writer,
                also=tuple(row.get("also", [])), tags=tuple(row.get("tags", [])), lang=row.get("lang", "en"), line=n,
            )
        )
    return messages, problems


def completions(situation: str, wording: bool, topic: str) -> tuple[str, ...]:
    """What a second reading adds to a writer's situation: the writers named one of two things,
    what a message is about or that the person wants to say it without blame. A message
    labelled ``say_it_without_blame`` gains the topic it is about (``not_covered`` included: "how
    do I tell her the chores split feels unfair" is both); a message labelled with a topic gains
    ``say_it_without_blame`` when the person wants to say something to the partner. Never a
    second topic."""
    if situation == WORDING:
        return (topic,) if topic and topic != WORDING else ()
    return (WORDING,) if wording and situation else ()


def second_reading(path: Path) -> dict[int, tuple[bool, str]]:
    """One writer's second reading: line of ``wN.jsonl`` -> (wants wording, topic); empty if none."""
    if not path.exists():
        return {}
    out = {}
    for row in read_jsonl(path):
        if not isinstance(row.get("wording"), bool) or row.get("topic", "") not in ("", *SITUATIONS):
            raise ValueError(f"{path.name}: line {row.get('line')}: wording must be true/false, topic a situation")
        out[int(row["line"])] = (row["wording"], row.get("topic", ""))
    return out


def with_second_reading(messages: list[Message], path: Path) -> list[Message]:
    """The messages with the second reading's completions; raises if it names a line that is not
    an English answer in ask or phrase mode."""
    read = second_reading(path)
    by_line = {m.line: m for m in messages}
    for line in read:
        m = by_line.get(line)
        if m is None or m.route != "answer" or m.mode == "roleplay" or m.lang != "en":
            raise ValueError(f"{path.name}: line {line} is not an English answer in ask or phrase mode")
    return [replace(m, second=completions(m.situation, *read[m.line])) if m.line in read else m for m in messages]


def splits(directory: Path = MESSAGES_DIR) -> dict[str, list[str]]:
    """Writers per split, from ``splits.yaml`` (lists may run over several lines)."""
    import yaml

    data = yaml.safe_load((directory / "splits.yaml").read_text(encoding="utf-8")) or {}
    return {name: [str(w) for w in (writers or [])] for name, writers in data.items()}


def load(split: str, directory: Path = MESSAGES_DIR) -> list[Message]:
    """Every well-formed message of one split (``train``, ``dev`` or ``test``); raises on a malformed file."""
    return load_writers(splits(directory)[split], directory)


def load_writers(writers: list[str], directory: Path = MESSAGES_DIR) -> list[Message]:
    """Every well-formed message of the named writers; raises on a malformed file."""
    return [m for writer in writers for m in read_checked(directory / f"{writer}.jsonl")]


def read_checked(path: Path) -> list[Message]:
    """One writer's messages; raises on a malformed row."""
    messages, problems = read_file(path)
    if problems:
        raise ValueError(f"{len(problems)} malformed rows, first: {problems[0]}")
    return with_second_reading(messages, path.parent / SECOND_READING / path.name)


def phrasing_writers(split: str, directory: Path = MESSAGES_DIR) -> list[str]:
    """The writers of a split's phrasing messages: the split's, and for dev also ``phrasing_dev``
    (voices written for phrasing alone, which the reading's thresholds never saw)."""
    lists = splits(directory)
    return lists[split] + lists.get(f"phrasing_{split}", [])


def phrase_labels(split: str, directory: Path = MESSAGES_DIR) -> list[dict]:
    """The phrasing messages of a split with their intent, sting and topic labels: the train
    writers' are in ``phrase_train.jsonl``, the dev and test writers' in ``phrase_heldout.jsonl``;
    ``phrase_topics.jsonl`` adds each message's ``topic`` (words, any one of which a faithful
    rewrite carries; empty when the message is about a feeling only)."""
    if split == "train":
        rows = read_jsonl(directory / "phrase_train.jsonl")
    else:
        writers = set(phrasing_writers(split, directory))
        rows = [r for r in read_jsonl(directory / "phrase_heldout.jsonl") if r["writer"] in writers]
    topics_path = directory / "phrase_topics.jsonl"
    topics = {r["text"]: r["topic"] for r in read_jsonl(topics_path)} if topics_path.exists() else {}
    return [{**r, "topic": topics.get(r["text"], [])} for r in rows]


def keeps_topic(text: str, topic: list[str]) -> bool:
    """Whether ``text`` carries one of the topic words (as a word or the start of one:
    "phone" counts in "phones"); true when there is no topic to keep."""
    return not topic or any(re.search(rf"\b{re.escape(w)}", text, re.IGNORECASE) for w in topic)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def write_jsonl(path: Path | str, rows: list[dict], append: bool = False) -> None:
    """Rows as JSON Lines (``append``: add to the file, as the test logs do)."""
    with open(path, "a" if append else "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def summary(messages: list[Message]) -> str:
    routes = Counter(m.route for m in messages)
    kinds = Counter(f"{m.route}/{m.kind}" for m in messages if m.kind)
    situations = Counter(m.situation for m in messages if m.situation)
    modes = Counter(m.mode for m in messages)
    long = sum(m.words > 40 for m in messages)
    lines = [
        f"{len(messages)} messages; long (>40 words): {long}",
        "modes: " + ", ".join(f"{k} {v}" for k, v in sorted(modes.items())),
        "routes: " + ", ".join(f"{k} {v}" for k, v in sorted(routes.items())),
        "kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())),
        "situations: " + ", ".join(f"{k} {v}" for k, v in sorted(situations.items())),
        "languages: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(m.lang for m in messages).items())),
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(MESSAGES_DIR.glob("w*.jsonl"))
    bad = 0
    everything: list[Message] = []
    for path in paths:
        messages, problems = read_file(path)
        everything.extend(messages)
        for p in problems:
            print(p)
        bad += len(problems)
        print(f"{path.name}: {len(messages)} well-formed, {len(problems)} malformed")
    print(summary(everything))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
