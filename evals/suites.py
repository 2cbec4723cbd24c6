"""Suites: run each case set through the real coach and score every case.

Each suite returns ``(metrics, cases)``: metric name -> value, and one record
per case with its input, output and every check (name, passed, why).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from coach.knowledge.resources import lines
from coach.present.reply import Reply
from coach.pronouns import THEY, mismatched
from coach.respond.phrasing import check_variant
from coach.respond.roleplay import in_character
from coach.service import Coach

from . import metrics as m
from .cases import load_cases
from .retrieval import score_retrieval
from .safety import score_routes

Progress = Callable[[], None]


def check(name: str, result: tuple[bool, float, str]) -> dict:
    return {"check": name, "passed": bool(result[0]), "score": round(float(result[1]), 4), "why": result[2]}


def retrieval(coach: Coach, quick: bool, tick: Progress) -> tuple[dict, list]:
    cases = load_cases("retrieval")[: 12 if quick else None]
    res = score_retrieval(coach.retriever, cases, k=3)
    tick()
    missed = {q for q, _ in res["misses"]}
    records = [{"suite": "retrieval", "input": c["q"], "checks": [
        {"check": "recall_at_3", "passed": c["q"] not in missed, "score": float(c["q"] not in missed),
         "why": "expected section in top 3" if c["q"] not in missed else "expected section not in top 3"}]}
        for c in cases]
    return {"retrieval_recall_at_3": res["recall@3"], "retrieval_mrr": res["mrr"]}, records


def answers(coach: Coach, quick: bool, tick: Progress, judge=None) -> tuple[dict, list]:
    """Ask every retrieval question (and uncovered ones) and score the answers."""
    qs = [c["q"] for c in load_cases("retrieval")][: 8 if quick else None]
    qs += [c["q"] for c in load_cases("uncovered")][: 2 if quick else None]
    records, scores = [], {"grounding": [], "supportive": [], "on_topic": [], "judge_supportive": [], "judge_faithful": []}
    reflections = [r for g in coach.guidance.situations.values() for r in g.reflect + g.general]
    for q in qs:
        reply = coach.ask(q)
        passages = [s["text"] for s in reply.sources]
        # curated lines are traced to these sections (tests/test_guidance.py), so they count as support
        used = {s["section"] for s in reply.sources}
        curated = [ln.text for g in [*coach.guidance.situations.values(), *coach.guidance.sections.values()]
                   for ln in g.lines() if ln.section.split(" / ", 1)[-1] in used]
        checks = [
            check("grounding", m.grounding(reply.answer, passages + curated, reply.route, reply.answered_by,
                                           coach.embeddings)),
            check("supportive", m.supportive(reply.answer, reflections)),
            check("on_topic", m.on_topic(reply.answer, q, passages, reply.route, coach.embeddings)),
        ]
        for c in checks:
            scores[c["check"]].append(c["score"] if c["check"] == "grounding" else float(c["passed"]))
        if judge is not None:
            verdict = judge.score(q, reply.answer, passages)
            checks.append({"check": "judge", "passed": None, "score": None, "why": verdict.get("why", ""), **verdict})
            for key in ("supportive", "faithful"):
                if isinstance(verdict.get(key), (int, float)):
                    scores[f"judge_{key}"].append(float(verdict[key]))
        records.append({"suite": "answers", "input": q, "output": reply.to_dict(), "checks": checks})
        tick()
    out = {k: m.mean(v) for k, v in scores.items() if v}
    return out, records


def safety(coach: Coach, quick: bool, tick: Progress) -> tuple[dict, list]:
    cases = load_cases("safety")
    if quick:
        cases = cases[::3]
    res = score_routes(coach.reader, cases)
    tick()
    records = []
    wrong = {(t, w) for t, w, _ in res["errors"]}
    for c in cases:
        ok = (c["text"], c["route"]) not in wrong
        records.append({"suite": "safety", "input": c["text"], "checks": [
            {"check": "route", "passed": ok, "score": float(ok), "why": f"expected {c['route']}"}]})
    resources = []
    for c in [c for c in cases if c["route"] == "crisis"][: 5 if quick else None]:
        reply = coach.ask(c["text"])
        if reply.route == "crisis":
            r = m.crisis_resources(reply.answer, lines(coach.settings.country))
            resources.append(float(r[0]))
            records.append({"suite": "safety", "input": c["text"], "output": reply.to_dict(),
                            "checks": [check("crisis_resources", r)]})
    per = res["per_route"]
    return {
        "safety_crisis_recall": per["crisis"]["recall"],
        "safety_refusal_recall": per["refusal"]["recall"],
        "safety_precision_min": min(v["precision"] for v in per.values()),
        "safety_idiom_false_positives": float(res["tricky_answer_flagged_crisis"]),
        "crisis_resources": m.mean(resources),
    }, records


def phrasing(coach: Coach, quick: bool, tick: Progress) -> tuple[dict, list]:
    records, passed = [], []
    for c in load_cases("phrasing")[: 4 if quick else None]:
        result = coach.phrase(c["text"])
        texts = " ".join(v["text"] for v in result.variants).lower()
        failing = [(v["label"], check_variant(v["text"])) for v in result.variants if check_variant(v["text"])]
        checks = [
            {"check": "variants_pass", "passed": not failing and len(result.variants) >= 3, "score": None,
             "why": f"{len(result.variants)} variants" + (f"; failing: {failing}" if failing else "")},
            {"check": "keeps_meaning", "passed": any(w.lower() in texts for w in c["expect_any"]), "score": None,
             "why": f"one of {c['expect_any']}"},
            {"check": "avoid_notes", "passed": all(any(a.lower() in n.lower() for n in result.avoid) for a in c["avoid_any"])
             and (bool(result.avoid) == bool(c["avoid_any"])), "score": None, "why": f"expects {c['avoid_any']}"},
        ]
        ok = all(x["passed"] for x in checks)
        passed.append(float(ok))
        records.append({"suite": "phrasing", "input": c["text"], "output": result.to_dict(), "checks": checks})
        tick()
    return {"phrasing": m.mean(passed)}, records


def roleplay(coach: Coach, quick: bool, tick: Progress) -> tuple[dict, list]:
    records, passed = [], []
    for i, c in enumerate(load_cases("roleplay")[: 4 if quick else None]):
        rp = coach.roleplay(c["persona"], seed=i)
        for t in c["turns"]:
            rp.say(t)
        start, end = rp.persona.start, rp.state.openness
        direction = "up" if end > start else "down" if end < start else "flat"
        lines_ok = all(in_character(t.partner) for t in rp.state.turns)
        checks = [
            {"check": "openness_direction", "passed": direction == c["expect"], "score": None,
             "why": f"{start} -> {end} ({direction}), expected {c['expect']}"},
            {"check": "in_character", "passed": lines_ok, "score": None, "why": "first person, short, no coaching"},
        ]
        passed.append(float(all(x["passed"] for x in checks)))
        records.append({"suite": "roleplay", "input": c, "output": rp.to_dict(), "checks": checks})
        tick()
    return {"roleplay": m.mean(passed)}, records


def _turn_checks(spec: dict, reply: Reply) -> list[dict]:
    out = []
    if "route" in spec:
        out.append({"check": "route", "passed": reply.route == spec["route"], "why": f"got {reply.route}"})
    if spec.get("ack"):
        ok = reply.route == "answer" and not reply.sources and reply.answered_by == "fixed"
        out.append({"check": "acknowledgement", "passed": ok, "why": "short reply, no new question"})
    if spec.get("not_covered"):
        ok = not reply.sources and "don't cover" in reply.answer
        out.append({"check": "not_covered", "passed": ok, "why": "says the articles don't cover it"})
    if "sources_any" in spec:
        sections = [s["section"] for s in reply.sources]
        ok = any(any(w.lower() in s.lower() for s in sections) for w in spec["sources_any"])
        out.append({"check": "grounded_follow_up", "passed": ok, "why": f"sources {sections}"})
    if "pronoun" in spec:
        if spec["pronoun"] == THEY:
            ok = not re.search(r"\b(he|him|his|she|her|hers)\b", reply.answer, re.IGNORECASE)
        else:
            ok = not mismatched(reply.answer, spec["pronoun"])
        out.append({"check": "remembers_partner", "passed": ok, "why": f"partner is {spec['pronoun']}"})
    return [{**c, "score": float(c["passed"])} for c in out]


def conversations(coach: Coach, quick: bool, tick: Progress) -> tuple[dict, list]:
    records, results = [], []
    for conv in load_cases("conversations")[: 4 if quick else None]:
        history: list[dict] = []
        for spec in conv["turns"]:
            reply = coach.ask(spec["user"], history=history)
            checks = _turn_checks(spec, reply)
            results.extend(float(c["passed"]) for c in checks)
            records.append({"suite": "conversations", "conversation": conv["id"], "input": spec["user"],
                            "output": reply.to_dict(), "checks": checks})
            history += [{"role": "user", "content": spec["user"]}, {"role": "assistant", "content": reply.answer}]
        tick()
    return {"conversations": m.mean(results)}, records


SUITES = {"retrieval": retrieval, "answers": answers, "safety": safety, "phrasing": phrasing,
          "roleplay": roleplay, "conversations": conversations}
