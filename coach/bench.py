"""Bench: measure the coach's speed and print numbers (never pass/fail).

Retrieval latency (question embedding + search) on the real knowledge base and
on a synthetic one of 10,000 sections, embedded on disk and through a Chroma
server; index build rates; time to first token and total time of ``ask``
against the same prompt run straight through llama-cpp-python (their ratio is
the pipeline's overhead); start-up time of the CLI, cold and warm; peak memory
of one ``ask``. ``coach bench --json`` prints one object with stable keys.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coach.bench_startup import bench_page, bench_startup
from coach.knowledge.index import sync
from coach.knowledge.ingest import Section, ingest_dir, section_id
from coach.knowledge.library import Library
from coach.knowledge.retrieve import Retriever
from coach.settings import Settings, load_settings
from coach.text import sentences

QUERIES = [
    "what if he won't talk about his feelings?", "how do I show my wife I appreciate her",
    "we feel like roommates, how do we reconnect", "how do I apologise for forgetting our call",
    "is there a plan I can follow for a month", "how do I listen without trying to fix things",
    "he shows love by fixing things around the house", "can we rebuild trust after he cheated",
    "my partner pulls away when stressed", "what should we do together to feel close",
]


def _pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


def time_queries(retriever: Retriever, rounds: int = 5) -> tuple[float, float]:
    """Median and p95 (ms) of embedding a new question and searching, caches defeated."""
    times = []
    retriever.embeddings.clear_caches()  # every run pays for embedding its questions
    for r in range(rounds):
        for q in QUERIES:
            query = f"{q} ({r})"  # a new string each time: no embedding cache hit
            t = time.perf_counter()
            retriever.search(query, k=3)
            times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), _pct(times, 0.95)


def synthetic_sections(base: list[Section], n: int, seed: int = 7) -> list[Section]:
    """n sections recombined from the real sentences (realistic length and vocabulary)."""
    rng = random.Random(seed)
    pool = [s for sec in base for s in sentences(sec.text)]
    out = []
    for i in range(n):
        text = " ".join(rng.sample(pool, k=min(len(pool), rng.randint(3, 7))))
        name = f"Synthetic {i}"
        out.append(Section(section_id("synthetic", name, text), "Synthetic", "synthetic", name, text, "section", i))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chroma_server(path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    exe = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen([str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, f"http://127.0.0.1:{port}"


def connect_when_ready(embeddings, url: str, sections: list[Section], timeout: float = 60) -> Library:
    """The sections on a Chroma server that is still starting: retry until it answers."""
    deadline = time.time() + timeout
    while True:
        try:
            library = Library(None, embeddings, Path(tempfile.gettempdir()) / "coach-unused", url, sections)
            library.open()
            return library
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.5)


def bench_retrieval(settings: Settings, embeddings, tmp: Path, big: int) -> dict:
    out: dict[str, float] = {}
    report = ingest_dir(settings.knowledge_dir)
    real = Library(None, embeddings, tmp / "real", sections=report.sections)
    cold = real.open().stats
    again = sync(real.index, report.sections)
    out["index_sections"] = len(report.sections)
    out["index_cold_s"] = cold.seconds
    out["index_cold_sections_per_s"] = len(report.sections) / cold.seconds
    out["reingest_unchanged_s"] = again.seconds
    out["retrieval_median_ms"], out["retrieval_p95_ms"] = time_queries(Retriever(real, embeddings))
    synth = synthetic_sections(report.sections, big)
    big_library = Library(None, embeddings, tmp / "big", sections=synth)
    built = big_library.open().stats
    out["synthetic_sections"] = big
    out["index_10k_sections_per_s"] = big / built.seconds
    out["retrieval_10k_median_ms"], out["retrieval_10k_p95_ms"] = time_queries(Retriever(big_library, embeddings))
    proc, url = chroma_server(tmp / "server")
    try:
        server = connect_when_ready(embeddings, url, report.sections)
        out["retrieval_server_median_ms"], out["retrieval_server_p95_ms"] = time_queries(Retriever(server, embeddings))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return out


def answered(coach, rounds: int) -> list:
    """The first ``rounds`` bench questions that get an answer (not a fixed reply), read and retrieved."""
    jobs = [coach.asking.prepare(coach.request(q))[1] for q in QUERIES]
    return [job for job in jobs if job is not None][:rounds]


def bench_answer(coach, rounds: int = 5) -> dict:
    """ask through the pipeline vs. the same prompt straight through llama-cpp-python."""
    from coach.models.llamacpp_chat import LlamaCppChat, to_openai_messages

    model = coach.chat_model
    if not isinstance(model, LlamaCppChat):
        return {}
    coach.warm_up()
    llm = model.load()
    guided = []
    for q in QUERIES[:rounds]:  # the embedded default answers from the guidance, no model call
        t = time.perf_counter()
        coach.ask(q)
        guided.append(time.perf_counter() - t)
    writes = coach.responder.model_writes
    coach.responder.model_writes = True  # below: the model path, as a capable model runs it
    ttft, total, raw_ttft, raw_total = [], [], [], []
    for job in answered(coach, rounds):  # read and retrieved as the model path does
        t = time.perf_counter()
        first = None
        for _part in coach.ask_stream(job.message):
            if first is None:
                first = time.perf_counter() - t
        total.append(time.perf_counter() - t)
        ttft.append(first or total[-1])
        guidance, hits, brief = coach.responder.grounded(job)  # the very prompt the pipeline sent
        messages = to_openai_messages(coach.answerer.messages(job.message, hits, job.pronoun, guidance, brief))
        llm.reset()  # no prompt cache carried over: the same work the pipeline did
        t = time.perf_counter()
        first = None
        for _ in llm.create_chat_completion(messages=messages, stream=True, **model.sampling(None, coach.answerer.call_kwargs)):
            if first is None:
                first = time.perf_counter() - t
        raw_total.append(time.perf_counter() - t)
        raw_ttft.append(first or raw_total[-1])
        llm.reset()
    coach.responder.model_writes = writes
    return {
        "guided_answer_s": statistics.median(guided),
        "ttft_s": statistics.median(ttft), "ask_total_s": statistics.median(total),
        "raw_ttft_s": statistics.median(raw_ttft), "raw_total_s": statistics.median(raw_total),
        "overhead_ratio": statistics.median(total) / statistics.median(raw_total),
    }


def bench_adapter(coach, rounds: int = 5) -> dict:
    """The bundled model with the shipped adapter, on its own answer prompt (the longest of its
    three): time to first token and total, and the memory it adds (resident set after loading)."""
    from coach.models.factory import adapter_path, embedded_model_path
    from coach.models.llamacpp_chat import to_openai_messages
    from coach.respond.prompts import adapter_prompt

    lora = adapter_path(coach.settings)
    if lora is None or coach.settings.backend != "embedded":
        return {}
    from llama_cpp import Llama

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    llm = Llama(model_path=str(embedded_model_path(coach.settings)), lora_path=str(lora), n_ctx=2048,
                n_threads=coach.settings.threads, seed=7, verbose=False)
    added = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    ttft, total = [], []
    for job in answered(coach, rounds):
        _, _, brief = coach.responder.grounded(job)
        messages = to_openai_messages(adapter_prompt("answer").format_messages(partner=job.pronoun, guidance=brief,
                                                                              message=job.message))
        llm.reset()
        t, first = time.perf_counter(), None
        for _ in llm.create_chat_completion(messages=messages, stream=True, max_tokens=140, temperature=0.0):
            first = first or time.perf_counter() - t
        total.append(time.perf_counter() - t)
        ttft.append(first or total[-1])
    return {"adapter_ttft_s": statistics.median(ttft), "adapter_answer_s": statistics.median(total),
            "adapter_rss_mb": added}


def run(big: int = 10_000, answer_rounds: int = 5) -> dict:
    from coach.service import Coach

    settings = load_settings()
    tmp = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    try:
        coach = Coach(settings.model_copy(update={"data_dir": tmp / "coach"}))
        results = {"machine": f"{os.cpu_count()} cores, {sys.platform}", "backend": coach.backend}
        results.update(bench_retrieval(settings, coach.embeddings, tmp, big))
        results.update(bench_answer(coach, answer_rounds))
        results.update(bench_adapter(coach, answer_rounds))
        results.update(bench_startup(tmp / "startup"))
        results.update(bench_page(tmp / "startup"))  # after the CLI runs: the data folder is set up
        return results
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


ROWS = [
    ("retrieval_median_ms", "retrieval median, real base (ms)", "< 15"),
    ("retrieval_p95_ms", "retrieval p95, real base (ms)", ""),
    ("retrieval_10k_median_ms", "retrieval median, 10,000 sections (ms)", "< 40"),
    ("retrieval_10k_p95_ms", "retrieval p95, 10,000 sections (ms)", ""),
    ("retrieval_server_median_ms", "retrieval median, Chroma server (ms)", ""),
    ("index_cold_sections_per_s", "index build, cold (sections/s)", ""),
    ("index_10k_sections_per_s", "index build, 10,000 sections (sections/s)", ""),
    ("reingest_unchanged_s", "re-ingest, unchanged base (s)", ""),
    ("guided_answer_s", "ask: answer from the guidance, no model call (s)", ""),
    ("ttft_s", "ask written by the model: time to first token (s)", "< 1"),
    ("ask_total_s", "ask written by the model: total (s)", ""),
    ("raw_total_s", "same prompt straight through llama-cpp (s)", ""),
    ("overhead_ratio", "pipeline overhead ratio", "< 1.15"),
    ("adapter_ttft_s", "bundled model + adapter, answer prompt: time to first token (s)", "< 1"),
    ("adapter_answer_s", "bundled model + adapter, answer prompt: total (s)", "< 2"),
    ("adapter_rss_mb", "memory the model with its adapter adds (MB)", ""),
    ("startup_cold_s", "CLI start-up to answer, empty data folder (s)", ""),
    ("startup_warm_s", "CLI start-up to answer, warm (s)", ""),
    ("ask_json_s", "`coach ask --json`, fresh process, no model call (s)", "< 2"),
    ("roleplay_list_s", "`coach roleplay --list`, fresh process (s)", "< 1"),
    ("import_floor_s", "floor: Python importing what an ask needs (s)", ""),
    ("python_floor_s", "floor: Python alone (s)", ""),
    ("page_ready_s", "page ready to take a message after start (s)", "< 5"),
    ("peak_rss_mb", "peak memory of one ask, no model call (MB)", ""),
]


def table(results: dict) -> str:
    lines = [f"machine: {results['machine']} · backend: {results['backend']}", "",
             "| measure | value | target |", "|---|---|---|"]
    size = f"{results.get('synthetic_sections', 10_000):,}"
    for key, label, target in ROWS:
        if key in results:
            label = label.replace("10,000", size)
            lines.append(f"| {label} | {results[key]:.3g} | {target} |")
    return "\n".join(lines)
