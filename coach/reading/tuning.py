"""Tuning: choose the reader's thresholds on the dev split.

Crisis takes the highest threshold that keeps dev recall at the target (recall
first); refusal and off-topic take the threshold with the best F1 on what is
left; the situation step takes the blend of whole message and key sentence, and
the share of the neighbours' votes, that read dev's situations best.

The train writers' held-out scores (each train writer's messages scored by
models fitted without that writer, saved by ``coach.reading.train``) are some
40 voices the classifiers did not learn from. Refusal and off-topic take their
best-F1 thresholds on dev pooled with them: an F1 optimum on dev's four voices
swings with a handful of messages. Crisis stays recall-first on dev alone:
pooled, its threshold fell to 0.10 and dev crisis precision to 0.86 (held-out
scores come from weaker models fitted on fewer voices). This module reads no
test data and trains no model (``coach.reading.train`` does).
"""

from __future__ import annotations

import numpy as np

from coach.reading.reader import CRISIS_RECALL_TARGET, Reader

BLENDS = (0.0, 0.25, 0.5, 0.75, 1.0)
NEIGHBOUR_SHARES = (0.0, 0.2, 0.35, 0.5)


def _recall_first(scores: list[float], positive: list[bool], target: float) -> float:
    """The highest threshold that keeps recall at or above ``target``."""
    pos = sorted((s for s, p in zip(scores, positive) if p), reverse=True)
    if not pos:
        return 0.5
    need = max(1, int(np.ceil(target * len(pos))))
    return float(pos[need - 1]) - 1e-6


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return float(np.log(p / (1 - p)))


def _best_f1(scores: list[float], positive: list[bool]) -> float:
    """The threshold with the best F1; where several do equally well, the middle of
    that interval in log-odds, so the boundary sits as far as it can from both sides."""
    cuts = sorted(set(scores))
    f1s = []
    for t in cuts:
        tp = sum(s >= t and p for s, p in zip(scores, positive))
        fp = sum(s >= t and not p for s, p in zip(scores, positive))
        fn = sum(s < t and p for s, p in zip(scores, positive))
        f1s.append(2 * tp / max(1, 2 * tp + fp + fn))
    if not cuts:
        return 0.5
    best = max(f1s)
    tied = [i for i, f in enumerate(f1s) if f == best]
    low = cuts[tied[0] - 1] if tied[0] > 0 else 0.0  # the highest score left below the boundary
    high = cuts[tied[-1]]  # the lowest score the boundary must still let through
    mid = (_logit(low) + _logit(high)) / 2 if low > 0 else _logit(high) - 1.0
    return float(1 / (1 + np.exp(-mid)))


def route_thresholds(crisis_s: list[float], refusal_s: list[float], off_s: list[float],
                     routes: list[str], t_crisis: float | None = None) -> tuple[float, float, float]:
    """Crisis recall first (the highest threshold keeping recall at the target, unless
    ``t_crisis`` is given), then refusal and off-topic at their best F1 on the messages
    left below the one before."""
    if t_crisis is None:
        t_crisis = _recall_first(crisis_s, [r == "crisis" for r in routes], CRISIS_RECALL_TARGET)
    not_crisis = [i for i, s in enumerate(crisis_s) if s < t_crisis]
    t_refusal = _best_f1([refusal_s[i] for i in not_crisis], [routes[i] == "refusal" for i in not_crisis])
    rest = [i for i in not_crisis if refusal_s[i] < t_refusal]
    t_off = _best_f1([off_s[i] for i in rest], [routes[i] == "off_topic" for i in rest])
    return t_crisis, t_refusal, t_off


def recall_precision(scores: list[float], routes: list[str], route: str, threshold: float) -> tuple[float, float]:
    tp = sum(s >= threshold and r == route for s, r in zip(scores, routes))
    flagged = sum(s >= threshold for s in scores)
    return round(tp / max(1, routes.count(route)), 4), round(tp / max(1, flagged), 4)


def choose_thresholds(reader: Reader, dev, heldout: dict | None = None,
                      verbose: bool = False) -> tuple[dict[str, float], dict[str, float]]:
    """Route thresholds and the situation settings from dev; the train writers' ``heldout``
    scores are reported beside (how the thresholds do on voices the models did not learn from)."""
    english = [m for m in dev if m.lang == "en"]
    crisis_s, refusal_s, off_s, routes = [], [], [], []
    for m in english:
        _, _, _, p = reader.message_scores(reader.without_negated_harm(m.text))
        crisis_s.append(p["crisis"])
        refusal_s.append(p["refusal"])
        off_s.append(p["off_topic"])
        routes.append(m.route)
    dev_scores = (crisis_s, refusal_s, off_s, routes)
    held = heldout_lists(heldout or {})
    t_crisis, dev_refusal, dev_off = route_thresholds(*dev_scores)
    pooled = tuple(a + b for a, b in zip(dev_scores, held))
    _, t_refusal, t_off = route_thresholds(*pooled, t_crisis=t_crisis)
    if verbose:
        print(f"crisis {t_crisis:.4f} (dev, recall first; pooled would be {route_thresholds(*pooled)[0]:.4f}); "
              f"refusal {t_refusal:.4f}, off-topic {t_off:.4f} (dev with {len(held[3])} held-out train messages; "
              f"dev alone {dev_refusal:.4f}, {dev_off:.4f})")
        for name, (cs, rs, _, rr) in (("dev", dev_scores), ("held-out train", held)):
            print(f"  {name}: crisis recall/precision {recall_precision(cs, rr, 'crisis', t_crisis)}, "
                  f"refusal {recall_precision(rs, rr, 'refusal', t_refusal)}")
    chosen = {"crisis": round(t_crisis, 4), "refusal": round(t_refusal, 4), "off_topic": round(t_off, 4),
              "language": reader.thresholds["language"]}
    reader.thresholds.update(chosen)
    sit = [m for m in english if m.route == "answer" and m.situation]
    read = []
    for m in sit:
        found, _, x = reader.unit_scores(m.text)
        read.append((m, found[reader.key_unit(m.text, found, x)].text, found, x))
    blends = {}
    shares = NEIGHBOUR_SHARES if any(k.startswith("situation:") for k in reader.banks) else (0.0,)
    for share in shares:
        for blend in BLENDS:
            reader.thresholds.update(situation_blend=blend, situation_neighbours=share)
            right = 0
            for m, key, found, x in read:
                right += reader.situations_of(m.text, key, found, x)[0][0] in m.writers_situations
            blends[(blend, share)] = right / max(1, len(sit))
            if verbose:
                print(f"situation blend {blend}, neighbours {share}: dev accuracy {blends[(blend, share)]:.3f}")
    best = max(blends, key=lambda b: (blends[b], -abs(b[0] - 0.5), -b[1]))
    chosen["situation_blend"], chosen["situation_neighbours"] = best
    reader.thresholds.update(chosen)
    recall, precision = recall_precision(crisis_s, routes, "crisis", t_crisis)
    figures = {"crisis_recall": recall, "crisis_precision": precision, "situation_accuracy": round(blends[best], 4)}
    figures["refusal_recall"], figures["refusal_precision"] = recall_precision(refusal_s, routes, "refusal", t_refusal)
    if held[3]:
        figures["heldout_crisis_recall"], figures["heldout_crisis_precision"] = recall_precision(
            held[0], held[3], "crisis", t_crisis)
    return chosen, figures


def heldout_lists(heldout: dict) -> tuple[list[float], list[float], list[float], list[str]]:
    """The held-out scores as (crisis, refusal, off-topic, route) lists; empty when there are none."""
    if not heldout:
        return [], [], [], []
    return ([float(v) for v in heldout["crisis"]], [float(v) for v in heldout["refusal"]],
            [float(v) for v in heldout["off_topic"]], [str(r) for r in heldout["route"]])
