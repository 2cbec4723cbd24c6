"""Tuning: choose the reader's thresholds on the dev split.

Crisis takes the highest threshold that keeps dev recall at the target (recall
first); refusal and off-topic take the threshold with the best F1 on what is
left; the situation step takes the blend of whole message and key sentence, and
the share of the neighbours' votes, that read dev's situations best. This
module reads no test data and trains no model (``coach.reading.train`` does).
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


def choose_thresholds(reader: Reader, dev, verbose: bool = False) -> tuple[dict[str, float], dict[str, float]]:
    """Thresholds from the dev split: crisis is the highest that keeps recall >= 0.98 (recall
    first, at the target recall), refusal and off-topic maximise F1 on what is left."""
    english = [m for m in dev if m.lang == "en"]
    crisis_s, refusal_s, off_s, routes = [], [], [], []
    for m in english:
        _, _, _, p = reader.message_scores(reader.without_negated_harm(m.text))
        crisis_s.append(p["crisis"])
        refusal_s.append(p["refusal"])
        off_s.append(p["off_topic"])
        routes.append(m.route)
    t_crisis = _recall_first(crisis_s, [r == "crisis" for r in routes], CRISIS_RECALL_TARGET)
    not_crisis = [i for i, s in enumerate(crisis_s) if s < t_crisis]
    t_refusal = _best_f1([refusal_s[i] for i in not_crisis], [routes[i] == "refusal" for i in not_crisis])
    rest = [i for i in not_crisis if refusal_s[i] < t_refusal]
    t_off = _best_f1([off_s[i] for i in rest], [routes[i] == "off_topic" for i in rest])
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
                right += reader.situations_of(m.text, key, found, x)[0][0] in m.situations
            blends[(blend, share)] = right / max(1, len(sit))
            if verbose:
                print(f"situation blend {blend}, neighbours {share}: dev accuracy {blends[(blend, share)]:.3f}")
    best = max(blends, key=lambda b: (blends[b], -abs(b[0] - 0.5), -b[1]))
    chosen["situation_blend"], chosen["situation_neighbours"] = best
    reader.thresholds.update(chosen)
    tp = sum(s >= t_crisis and r == "crisis" for s, r in zip(crisis_s, routes))
    flagged = sum(s >= t_crisis for s in crisis_s)
    figures = {"crisis_recall": round(tp / max(1, routes.count("crisis")), 4),
               "crisis_precision": round(tp / max(1, flagged), 4),
               "situation_accuracy": round(blends[best], 4)}
    return chosen, figures
