"""Build the adapter's examples: (prompt -> the output a good coach gives), split by writer.

    python -m training.build        # writes training/examples/{train,dev,test}.jsonl, prints counts

Inputs are ``training/inputs/*.jsonl`` (made from the train writers of the
labelled sets and the curated guidance, never from a sealed test split) and the
hand-written outputs in ``training/data/*.jsonl``. Each example is rendered with
the same prompts the app uses (``coach.respond.prompts``: ``adapter_*``), so what
is trained is what runs. The split is by the writer of the input message (the
practice session's writer for partner lines, the message itself for phrasing),
fixed by a hash, so the three splits share no writer and no message.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from coach.respond import prompts
from coach.respond.phrasing import check_variant

HERE = Path(__file__).resolve().parent
OUT = HERE / "examples"
# labels of the first phrasing data, as the phrase pipeline names the same approach
ASKED_AS = {"Apology without but": "Apology"}
SPLIT_OF = {"dev": range(0, 10), "test": range(10, 25)}  # hash buckets out of 100; the rest train


def _rows(pattern: str) -> list[dict]:
    return [json.loads(line) for path in sorted(HERE.glob(pattern)) for line in path.open(encoding="utf-8")]


def split_of(key: str) -> str:
    bucket = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 100
    return next((name for name, span in SPLIT_OF.items() if bucket in span), "train")


def answer_examples() -> list[dict]:
    inputs = {r["id"]: r for r in _rows("inputs/answer.jsonl")}
    out = []
    for r in _rows("data/answer_*.jsonl"):
        i = inputs[r["id"]]
        guidance = prompts.adapter_guidance(i["guidance"], i.get("try", ""), i.get("say", ""))
        out.append({"task": "answer", "id": r["id"], "group": f"answer:{r['id']}",
                    "messages": prompts.adapter_answer_messages(i["partner"], guidance, i["message"]),
                    "output": r["reply"], "key_advice": i["key_advice"], "message": i["message"]})
    return out


def partner_examples() -> list[dict]:
    inputs = {r["id"]: r for r in _rows("inputs/partner.jsonl")}
    out = []
    for r in _rows("data/partner_*.jsonl"):
        i = inputs[r["id"]]
        out.append({"task": "partner", "id": r["id"], "group": f"session:{i['writer']}:{i['session']}",
                    "messages": prompts.adapter_partner_messages(i["card"], i["scenario"], i["openness"], i["move"],
                                                                 i["user"]),
                    "output": r["line"], "move": i["move"], "persona": i["persona"], "openness": i["openness"],
                    "message": i["user"]})
    return out


def variant_shown(text: str, stings: list[str]) -> bool:
    """Whether the app would show a phrasing variant: ``check_variant`` passes and none of the
    message's listed stings survives (case-insensitive). Training and ``training.evaluate`` agree."""
    return not check_variant(text) and not any(s.lower() in text.lower() for s in stings)


def phrase_examples() -> list[dict]:
    """One example per written variant, labelled as the app asks for it (``ASKED_AS``); one the
    app would not show (``check_variant`` fails or a listed sting survives) is not trained on."""
    inputs = {r["id"]: r for r in _rows("inputs/phrase*.jsonl")}
    out = []
    for r in _rows("data/phrase*.jsonl"):
        i = inputs[r["id"]]
        for n, v in enumerate(r["variants"]):
            shown = variant_shown(v["text"], i.get("sting", []))
            label = ASKED_AS.get(v["label"], v["label"])
            out.append({"task": "phrase", "id": f"{r['id']}.{n}", "group": f"message:{r['id']}",
                        "messages": prompts.adapter_phrase_messages(label, i["text"]),
                        "output": v["text"], "label": label, "sting": i.get("sting", []), "message": i["text"],
                        "shown": shown})
    return out


def main() -> int:
    OUT.mkdir(exist_ok=True)
    examples = answer_examples() + partner_examples() + phrase_examples()
    by_split: dict[str, list[dict]] = {"train": [], "dev": [], "test": []}
    for ex in examples:
        name = split_of(ex["group"])
        if name != "train" or ex.get("shown", True):  # dev and test keep every input; train what is shown
            by_split[name].append(ex)
    for name, rows in by_split.items():
        with (OUT / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            for ex in rows:
                fh.write(json.dumps(ex, ensure_ascii=False) + "\n")
        print(name, dict(Counter(ex["task"] for ex in rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
