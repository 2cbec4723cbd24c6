"""Retrieval eval: recall@k and MRR on evals/retrieval.yaml, floor check on uncovered.yaml.

Run: ``python -m evals.retrieval`` (add ``--mode dense`` to compare). Prints numbers;
it never fails on speed.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from coach.knowledge.ingest import ingest_dir
from coach.knowledge.library import Library
from coach.knowledge.retrieve import RELEVANCE_FLOOR, Retriever
from coach.models.factory import build_embeddings
from coach.settings import DEFAULT_KNOWLEDGE_DIR, load_settings

from .cases import load_cases


def key(hit) -> str:
    return f"{hit.section.slug} / {hit.section.section}"


def score_retrieval(retriever: Retriever, cases: list[dict], k: int = 3) -> dict:
    """recall@k (any expected section in the top k) and MRR over the top 10."""
    hits_at_k, rr, misses = 0, [], []
    for case in cases:
        ranked = [key(h) for h in retriever.search(case["q"], k=10)]
        expected = set(case["expect"])
        rank = next((i + 1 for i, s in enumerate(ranked) if s in expected), None)
        rr.append(1.0 / rank if rank else 0.0)
        if rank and rank <= k:
            hits_at_k += 1
        else:
            misses.append((case["q"], ranked[:k]))
    return {"n": len(cases), f"recall@{k}": hits_at_k / len(cases), "mrr": statistics.fmean(rr), "misses": misses}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mode", choices=["dense", "hybrid", "both"], default="both")
    ap.add_argument("-k", type=int, default=3)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    emb = build_embeddings(load_settings())
    with tempfile.TemporaryDirectory() as tmp:
        report = ingest_dir(DEFAULT_KNOWLEDGE_DIR)
        library = Library(None, emb, Path(tmp) / "chroma", sections=report.sections)
        t0 = time.perf_counter()
        stats = library.open().stats
        print(f"index build: {stats.added} sections in {time.perf_counter() - t0:.2f} s")
        modes = ["dense", "hybrid"] if args.mode == "both" else [args.mode]
        for mode in modes:
            r = Retriever(library, emb, mode=mode)
            res = score_retrieval(r, load_cases("retrieval"), args.k)
            print(f"{mode:6s} recall@{args.k}={res[f'recall@{args.k}']:.3f}  MRR={res['mrr']:.3f}  (n={res['n']})")
            if args.verbose:
                for q, got in res["misses"]:
                    print("   miss:", q, "->", got)
            top_cov = [r.search(c["q"], 3)[0].score for c in load_cases("retrieval")]
            top_unc = [max(h.score for h in r.search(c["q"], 3)) for c in load_cases("uncovered")]
            print(
                f"       covered top score min={min(top_cov):.3f} median={statistics.median(top_cov):.3f};"
                f" uncovered max={max(top_unc):.3f} median={statistics.median(top_unc):.3f};"
                f" floor={RELEVANCE_FLOOR}: covered kept {sum(s >= RELEVANCE_FLOOR for s in top_cov)}/{len(top_cov)},"
                f" uncovered refused {sum(s < RELEVANCE_FLOOR for s in top_unc)}/{len(top_unc)}"
            )


if __name__ == "__main__":
    main()
