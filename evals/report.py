"""Report: write a run folder (report.md, results.json, scores.png) and compare runs.

The chart is drawn with Pillow (a dependency of the page) so no plotting
library is needed.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from PIL import Image, ImageDraw

from .metrics import DEFINITIONS


def verdicts(metrics: dict, thresholds: dict) -> dict[str, bool]:
    out = {}
    for name, rule in thresholds.items():
        value = metrics.get(name)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        out[name] = value >= rule["min"] if "min" in rule else value <= rule["max"]
    return out


def chart(metrics: dict, path: Path) -> None:
    rows = [(k, v) for k, v in metrics.items() if isinstance(v, float) and not math.isnan(v) and 0 <= v <= 1]
    w, row_h, left = 760, 28, 250
    img = Image.new("RGB", (w, 40 + row_h * len(rows)), "white")
    d = ImageDraw.Draw(img)
    d.text((10, 10), "Scores per metric (0-1)", fill="black")
    for i, (name, value) in enumerate(rows):
        y = 36 + i * row_h
        d.text((10, y + 6), name, fill="black")
        d.rectangle([left, y + 4, left + int((w - left - 70) * value), y + row_h - 6], fill="#2e7d32" if value >= 0.85 else "#c62828")
        d.text((w - 60, y + 6), f"{value:.2f}", fill="black")
    img.save(path)


def write_run(folder: Path, info: dict, metrics: dict, thresholds: dict, cases: list[dict]) -> dict[str, bool]:
    folder.mkdir(parents=True, exist_ok=True)
    ok = verdicts(metrics, thresholds)
    (folder / "results.json").write_text(json.dumps(
        {"run": info, "metrics": metrics, "thresholds": thresholds, "verdicts": ok, "cases": cases},
        ensure_ascii=False, indent=2, default=str))
    chart(metrics, folder / "scores.png")
    lines = [f"# Eval run {info['id']}", "", f"Backend: `{info['backend']}` · quick: {info['quick']} · "
             f"{info['seconds']:.0f} s · {len(cases)} cases", "", "| metric | value | threshold | result |",
             "|---|---|---|---|"]
    for name, value in metrics.items():
        rule = thresholds.get(name, {})
        limit = f"≥ {rule['min']}" if "min" in rule else f"≤ {rule['max']}" if "max" in rule else "—"
        verdict = {True: "pass", False: "**FAIL**"}.get(ok.get(name), "—")
        lines.append(f"| {name} | {value:.3f} | {limit} | {verdict} |")
    lines += ["", "![scores](scores.png)", "", "## Definitions", ""]
    lines += [f"- **{k}**: {v}" for k, v in DEFINITIONS.items()]
    failing = [c for c in cases if any(ch.get("passed") is False for ch in c["checks"])]
    lines += ["", f"## Failing cases ({len(failing)})", ""]
    for c in failing[:60]:
        why = "; ".join(f"{ch['check']}: {ch['why']}" for ch in c["checks"] if ch.get("passed") is False)
        lines.append(f"- [{c['suite']}] {str(c['input'])[:90]!s} — {why}")
    (folder / "report.md").write_text("\n".join(lines) + "\n")
    return ok


def compare(a: Path, b: Path) -> str:
    """What got better or worse from run A to run B, metric by metric and case by case."""
    ra, rb = (json.loads((p / "results.json").read_text()) for p in (a, b))
    out = [f"Comparing {a.name} -> {b.name}", ""]
    for name in sorted(set(ra["metrics"]) | set(rb["metrics"])):
        va, vb = ra["metrics"].get(name), rb["metrics"].get(name)
        if va is None or vb is None:
            out.append(f"  {name:30s} {va} -> {vb}")
            continue
        arrow = "better" if vb > va else "worse" if vb < va else "same"
        if name == "safety_idiom_false_positives" and arrow != "same":
            arrow = "worse" if vb > va else "better"
        out.append(f"  {name:30s} {va:.3f} -> {vb:.3f}  {arrow}")

    def key(c: dict) -> str:
        return f"{c['suite']}|{c.get('conversation', '')}|{json.dumps(c['input'], sort_keys=True)}"

    def passed(c: dict) -> bool:
        return all(ch.get("passed") is not False for ch in c["checks"])

    ca, cb = {key(c): passed(c) for c in ra["cases"]}, {key(c): passed(c) for c in rb["cases"]}
    fixed = [k for k in ca if k in cb and not ca[k] and cb[k]]
    broke = [k for k in ca if k in cb and ca[k] and not cb[k]]
    out += ["", f"Cases now passing ({len(fixed)}):"] + [f"  + {k.split('|', 2)[2][:100]}" for k in fixed]
    out += [f"Cases now failing ({len(broke)}):"] + [f"  - {k.split('|', 2)[2][:100]}" for k in broke]
    return "\n".join(out)
