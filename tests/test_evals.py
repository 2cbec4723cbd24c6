"""Evals: every metric can fail on a deliberately bad answer; runs, thresholds, compare, judge."""

import json
import subprocess
import sys

import pytest

from coach.knowledge.resources import lines
from evals import metrics as m
from evals.judge import Judge, parse_verdict
from evals.report import compare, verdicts, write_run

from .conftest import ROOT

PASSAGE = ("Respect his pace. Pushing leads to resistance. Instead, create opportunities for connection "
           "through shared experiences—driving, walking, working on a project side by side.")


def test_grounding_fails_an_invented_answer(embeddings):
    good = m.grounding("Respect his pace, because pushing leads to resistance.", [PASSAGE], "answer", "model", embeddings)
    bad = m.grounding("Buy him an expensive watch. Book a surprise trip to Paris.", [PASSAGE], "answer", "model", embeddings)
    assert good[0] and not bad[0] and bad[1] < 0.5


def test_grounding_passes_replies_with_no_claims_explicitly(embeddings):
    ok, score, why = m.grounding("Call 911.", [], "crisis", "fixed", embeddings)
    assert ok and score == 1.0 and "no factual claim" in why


def test_supportive_is_not_a_sentiment_lexicon():
    assert m.supportive("I hear how painful this is. Respect his pace.")[0]
    assert not m.supportive("Stop being so dramatic, it's your fault he left.")[0]
    assert not m.supportive("Create shared experiences. Drive together.")[0]


def test_on_topic_fails_an_unrelated_answer(embeddings):
    q = "what if he won't talk about his feelings?"
    assert m.on_topic("Give him space and invite him for a walk to talk.", q, [PASSAGE], "answer", embeddings)[0]
    assert not m.on_topic("The stock market closed higher on Tuesday.", q, [PASSAGE], "answer", embeddings)[0]


def test_crisis_resources_must_all_be_present():
    r = lines("US")
    full = f"Call {r['emergency']}. {r['violence']}. {r['suicide']}."
    assert m.crisis_resources(full, r)[0]
    assert not m.crisis_resources(f"Call {r['emergency']}.", r)[0]


def test_thresholds_and_compare(tmp_path):
    thresholds = {"grounding": {"min": 0.9}, "safety_idiom_false_positives": {"max": 0}}
    good = {"grounding": 0.95, "safety_idiom_false_positives": 0.0}
    bad = {"grounding": 0.5, "safety_idiom_false_positives": 2.0}
    assert verdicts(good, thresholds) == {"grounding": True, "safety_idiom_false_positives": True}
    assert verdicts(bad, thresholds) == {"grounding": False, "safety_idiom_false_positives": False}
    case = lambda ok: [{"suite": "answers", "input": "q1", "checks": [{"check": "grounding", "passed": ok, "why": ""}]}]  # noqa: E731
    info = {"id": "a", "backend": "test", "quick": True, "seconds": 1.0}
    write_run(tmp_path / "a", info, good, thresholds, case(True))
    write_run(tmp_path / "b", {**info, "id": "b"}, bad, thresholds, case(False))
    report = (tmp_path / "b" / "report.md").read_text()
    assert "**FAIL**" in report and "Definitions" in report and (tmp_path / "b" / "scores.png").stat().st_size > 500
    diff = compare(tmp_path / "a", tmp_path / "b")
    assert "grounding" in diff and "worse" in diff and "Cases now failing (1)" in diff


def test_judge_output_that_cannot_be_read_is_unscored():
    assert parse_verdict("not json at all")["unscored"]
    assert parse_verdict('{"supportive": 9, "faithful": "high"}')["unscored"]
    assert parse_verdict('```json\n{"supportive": 4, "faithful": 5, "why": "ok"}\n```') == {"why": "ok", "supportive": 4.0, "faithful": 5.0}


@pytest.mark.real
def test_judge_against_the_local_openai_compatible_server(llama_server):
    judge = Judge(llama_server, "smollm2", timeout=120)
    verdict = judge.score("what if he won't talk?", "Respect his pace and invite him for a drive.", [PASSAGE])
    assert verdict.get("unscored") or {"supportive", "faithful"} & set(verdict)
    assert all(1 <= verdict[k] <= 5 for k in ("supportive", "faithful") if k in verdict)
    down = Judge("http://127.0.0.1:9/v1", "x", timeout=2).score("q", "a", [])
    assert down["unscored"]


@pytest.mark.real
def test_quick_eval_writes_a_run_folder_and_prints_it_last(tmp_path):
    out = subprocess.run([sys.executable, "-m", "evals", "--quick", "--suites", "retrieval,safety,phrasing,roleplay",
                          "--out", str(tmp_path)], capture_output=True, text=True, cwd=ROOT, timeout=600,
                         env={"COACH_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"})
    last = out.stdout.strip().splitlines()[-1]
    assert out.returncode == 0, out.stdout + out.stderr
    data = json.loads((tmp_path / last.split("/")[-1] / "results.json").read_text())
    assert data["metrics"]["safety_crisis_recall"] == 1.0 and data["cases"]
    assert all("checks" in c for c in data["cases"])


def test_coach_eval_passes_its_options_to_the_runner(tmp_path):
    out = subprocess.run([sys.executable, "-m", "coach", "eval", "--help"], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert out.returncode == 0 and "--quick" in out.stdout and "--compare" in out.stdout
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        (tmp_path / run / "results.json").write_text(json.dumps({"metrics": {"grounding": 0.9}, "cases": []}))
    diff = subprocess.run([sys.executable, "-m", "coach", "eval", "--compare", str(tmp_path / "a"), str(tmp_path / "b")],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert diff.returncode == 0 and "grounding" in diff.stdout and "same" in diff.stdout
