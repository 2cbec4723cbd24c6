"""Start-up benchmarks: fresh processes timed from the shell, beside the floor they stand on.

``coach ask --json`` (cold and warm data folder), ``coach roleplay --list``, Python
alone, Python importing what an ask needs, and the page until its chat box takes
a message (in a real browser, where Chromium and Playwright are installed).
Used by ``coach.bench``; it prints nothing and decides nothing.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

FLOOR_IMPORTS = ("numpy, scipy.sparse, sklearn.linear_model, sklearn.feature_extraction.text, onnxruntime, "
                 "tokenizers, yaml, pydantic_settings, langchain_core.embeddings")  # what an ask must import


def _wall(cmd: list[str], env: dict, runs: int = 3) -> float:
    """Median wall time of a fresh process running ``cmd``."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True, timeout=600)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench_startup(data_dir: Path) -> dict:
    """Wall time of fresh processes: `coach ask --json` cold (empty data folder) and warm, then
    (median of three) `coach ask --json` for an answer that needs no model call, `coach roleplay
    --list`, and the floor they stand on: Python alone, and Python importing what an ask needs."""
    env = {**os.environ, "COACH_DATA_DIR": str(data_dir)}
    ask = [sys.executable, "-m", "coach", "ask", "how do I listen better?", "--json"]
    out = {}
    for label in ("startup_cold_s", "startup_warm_s"):
        t = time.perf_counter()
        proc = subprocess.Popen(ask, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)  # this process's own peak memory, not any earlier child's
        out[label] = time.perf_counter() - t
        if status:
            raise subprocess.CalledProcessError(status, ask)
    out["peak_rss_mb"] = usage.ru_maxrss / 1024
    out["ask_json_s"] = _wall(ask, env)
    out["roleplay_list_s"] = _wall([sys.executable, "-m", "coach", "roleplay", "--list"], env)
    out["python_floor_s"] = _wall([sys.executable, "-c", "pass"], env)
    out["import_floor_s"] = _wall([sys.executable, "-c", f"import {FLOOR_IMPORTS}"], env)
    return out


def bench_page(data_dir: Path, timeout: float = 120) -> dict:
    """Seconds from `streamlit run app.py` to the chat box taking a message, in a real browser
    (Debian's Chromium through Playwright; skipped where they are not installed)."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {}
    if not Path(chromium).exists():
        return {}
    app = Path(__file__).resolve().parent.parent / "app.py"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "COACH_DATA_DIR": str(data_dir)}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
                                 "--server.address", "127.0.0.1", "--server.headless", "true",
                                 "--browser.gatherUsageStats", "false"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}", timeout=2000)
                    break
                except Exception:
                    if time.perf_counter() - start > timeout:
                        raise
                    time.sleep(0.1)
            page.get_by_placeholder("What's on your mind?").wait_for(timeout=timeout * 1000)
            ready = time.perf_counter() - start
        finally:
            browser.close()
            proc.terminate()
            proc.wait(timeout=20)
    return {"page_ready_s": ready}
