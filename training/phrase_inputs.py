"""Write the phrasing task's further inputs: train writers' messages to send, with the labels the app asks for.

    python -m training.phrase_inputs     # writes training/inputs/phrase_more.jsonl, prints counts

The messages are the train split's phrasing messages (``evals/messages/phrase_train.jsonl``)
and the drafts written for the sting reader (``evals/messages/phrase_stings.jsonl``), less
those already in ``training/inputs/phrase*.jsonl``. For each, the labels are the ones the
phrase pipeline would ask the adapter for (``coach.pipelines.phrase.model_labels`` of its
grounded variants), so the adapter is trained on the approaches it is asked for at run time.
Its outputs (one gentler version per label) are written by hand into ``training/data/``.
No dev or test writer's message is read here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from coach.pipelines.phrase import model_labels
from coach.service import Coach

HERE = Path(__file__).resolve().parent
MESSAGES = HERE.parent / "evals" / "messages"
OUT = HERE / "inputs" / "phrase_more.jsonl"


def main() -> int:
    used = {json.loads(line)["text"] for path in sorted((HERE / "inputs").glob("phrase*.jsonl")) if path != OUT
            for line in path.open(encoding="utf-8")}
    rows = [json.loads(line) for name in ("phrase_train.jsonl", "phrase_stings.jsonl")
            for line in (MESSAGES / name).open(encoding="utf-8")]
    coach = Coach.from_env()
    out, seen = [], set(used)
    for row in rows:
        if row["text"] in seen:
            continue
        seen.add(row["text"])
        labels = model_labels(coach.phrasing.grounded(row["text"]))
        out.append({"text": row["text"], "sting": row.get("sting", []), "intent": row["intent"], "labels": labels,
                    "id": f"m{len(out):04d}"})
    with OUT.open("w", encoding="utf-8") as fh:
        for row in out:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(len(out), "messages;", dict(Counter(label for row in out for label in row["labels"])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
