"""Score the embedded model with and without the adapter on the adapter's test split.

    python -m training.evaluate [--split test] [--adapter PATH] [--dump FILE]

For each example of the split, the bundled model writes with the same prompt
twice, untrained and with the adapter, and the coach's own checks decide:

- answer: shown (the gate, ``coach.check.verify.check_answer``, accepts it against
  the message and the guidance it was given);
- partner line: in character (``coach.respond.roleplay.in_character``);
- phrasing: the variant passes ``coach.respond.phrasing.check_variant`` and keeps
  none of the words that sting.

Whether a shown answer is *right* (carries the key advice, contradicts nothing the
user said) and a partner line *responds* to the turn is a reader's judgement:
``--dump`` writes every output for that reading, and ``--judged FILE`` adds the
reader's verdicts to the figures. Prints one JSON object; appends test runs to
``training/eval_log.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from coach.check.verify import check_answer
from coach.knowledge.ingest import Section
from coach.knowledge.retrieve import Hit
from coach.models.embeddings import MiniLMEmbeddings
from coach.models.factory import default_adapter, embedded_model_path
from coach.respond.roleplay import in_character
from coach.settings import load_settings
from training.build import variant_shown

HERE = Path(__file__).resolve().parent
LOG = HERE / "eval_log.jsonl"
MAX_TOKENS = {"answer": 140, "partner": 48, "phrase": 64}


def generate(llm, messages: list[dict], task: str) -> str:
    out = llm.create_chat_completion(messages=messages, max_tokens=MAX_TOKENS[task], temperature=0.0,
                                     repeat_penalty=1.1)
    return str(out["choices"][0]["message"]["content"] or "").strip().strip('"').strip()


def score(ex: dict, text: str, embeddings: MiniLMEmbeddings) -> bool:
    if ex["task"] == "answer":
        guidance = ex["messages"][1]["content"].split("\n\nMessage:")[0].removeprefix("Advice:\n")
        hit = Hit(Section("s", "", "", "", guidance, "section", 0), 1.0)
        return check_answer(text, ex["message"], [hit], embeddings, "they", guidance).ok
    if ex["task"] == "partner":
        return in_character(text)
    return variant_shown(text, ex.get("sting", []))


def judged_figures(path: Path, label: str, rows: list[dict], shown: dict[str, bool]) -> dict[str, object]:
    """A reader's verdicts on ``label``'s outputs: per task, the share right among those the checks
    pass (``<task>_right_among_shown``) and the share both passed and right of every example."""
    verdicts = {}
    for line in path.open(encoding="utf-8"):
        v = json.loads(line)
        if label in v:
            verdicts[v["id"]] = bool(v[label])
    out: dict[str, object] = {}
    for task in sorted({ex["task"] for ex in rows}):
        ids = [ex["id"] for ex in rows if ex["task"] == task and ex["id"] in verdicts]
        if not ids:
            continue
        passed = [i for i in ids if shown[i]]
        right = sum(verdicts[i] for i in passed)
        out[f"{task}_right_among_shown"] = f"{right}/{len(passed)}"
        out[f"{task}_shown_and_right"] = round(right / len(ids), 3)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="test", choices=("dev", "test"))
    ap.add_argument("--adapter", type=Path, default=None)
    ap.add_argument("--dump", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--judged", type=Path, default=None, help="a reader's verdicts: {id, task, untrained, adapter}")
    ap.add_argument("--tasks", default="answer,partner,phrase", help="the tasks scored (comma-separated)")
    ap.add_argument("--without-untrained", action="store_true", help="score only the adapter")
    args = ap.parse_args(argv)
    from llama_cpp import Llama

    settings = load_settings()
    adapter = args.adapter or default_adapter()
    model = str(embedded_model_path(settings))
    rows = [json.loads(line) for line in (HERE / "examples" / f"{args.split}.jsonl").open(encoding="utf-8")]
    tasks = set(args.tasks.split(","))
    rows = [r for r in rows if r["task"] in tasks][: args.limit or None]
    embeddings = MiniLMEmbeddings()
    figures: dict = {"split": args.split, "tasks": sorted(tasks), "adapter_file": adapter.name if adapter else None, "n": len(rows)}
    outputs: dict[str, dict[str, str]] = {}
    for label, lora in (("untrained", None), ("adapter", adapter)):
        if label == "adapter" and lora is None:
            break
        if label == "untrained" and args.without_untrained:
            continue
        llm = Llama(model_path=model, lora_path=str(lora) if lora else None, n_ctx=2048, n_threads=settings.threads,
                    seed=7, verbose=False)
        passed: dict[str, list[bool]] = {}
        shown: dict[str, bool] = {}
        start = time.time()
        for ex in rows:
            text = generate(llm, ex["messages"], ex["task"])
            outputs.setdefault(ex["id"], {})[label] = text
            shown[ex["id"]] = score(ex, text, embeddings)
            passed.setdefault(ex["task"], []).append(shown[ex["id"]])
        figures[label] = {task: round(sum(v) / len(v), 3) for task, v in passed.items()}
        if args.judged:
            figures[label].update(judged_figures(args.judged, label, rows, shown))
        figures[label]["seconds_per_example"] = round((time.time() - start) / max(1, len(rows)), 2)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for ex in rows:
                fh.write(json.dumps({"id": ex["id"], "task": ex["task"], "message": ex["message"],
                                     "key_advice": ex.get("key_advice", ""), "move": ex.get("move", ""),
                                     "label": ex.get("label", ""), "sting": ex.get("sting", []),
                                     **outputs[ex["id"]]}, ensure_ascii=False) + "\n")
    print(json.dumps(figures, indent=1))
    if args.split == "test":
        with LOG.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"when": time.strftime("%Y-%m-%d %H:%M"), **figures}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
