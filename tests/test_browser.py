"""A real browser: `streamlit run app.py` on 127.0.0.1, driven by Playwright in Debian's Chromium.

Asks a question and waits for the answer and its sources, practises two turns,
gets phrasings, opens the plan, and saves a screenshot of each mode in
tests/artifacts/screenshots. Fails if the answer never appears.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, free_port, wait_for_http

pytestmark = pytest.mark.real
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "tests" / "artifacts" / "screenshots"

if not Path(CHROMIUM).exists() and os.environ.get("CI") != "true":
    pytest.skip("Debian chromium is not installed (CI installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    data = tmp_path_factory.mktemp("browser-data")
    env = {**os.environ, "COACH_DATA_DIR": str(data)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    if not wait_for_http(f"{url}/_stcore/health", 90):
        proc.kill()
        pytest.fail("streamlit did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def test_the_page_in_a_real_browser(server):
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server)
        ask = page.get_by_placeholder("What's on your mind?")
        ask.wait_for(timeout=240_000)  # first start loads the models and indexes the articles
        ask.fill("What if he won't talk about his feelings?")
        ask.press("Enter")
        messages = page.locator('[data-testid="stChatMessage"]')
        expect(messages).to_have_count(2, timeout=180_000)
        expect(page.get_by_text("Sources (", exact=False).first).to_be_visible(timeout=60_000)
        page.get_by_text("Sources (", exact=False).first.click()
        expect(page.get_by_text("Frequently Asked Questions", exact=False).first).to_be_visible()
        page.screenshot(path=str(SHOTS / "ask.png"), full_page=True)

        page.get_by_text("Practice", exact=True).click()
        say = page.get_by_placeholder("Say something to your partner…")
        say.wait_for(timeout=60_000)
        expect(messages).to_have_count(1, timeout=60_000)  # the partner's opening line
        for i, line in enumerate(["That sounds like a really long day.", "What was the hardest part of it?"]):
            say.fill(line)
            say.press("Enter")
            expect(messages).to_have_count(3 + 2 * i, timeout=60_000)
        expect(page.get_by_text("Your move: validation")).to_be_visible()
        page.screenshot(path=str(SHOTS / "practice.png"), full_page=True)

        page.get_by_text("Phrasing", exact=True).click()
        page.get_by_label("What do you want to say?").fill("We need to talk about your attitude.")
        page.get_by_role("button", name="Suggest gentler words").click()
        expect(page.locator('[data-testid="stCode"]')).to_have_count(3, timeout=60_000)
        page.screenshot(path=str(SHOTS / "phrasing.png"), full_page=True)

        page.get_by_text("30-day plan", exact=True).click()
        expect(page.get_by_text("Day 1", exact=True)).to_be_visible(timeout=60_000)
        expect(page.get_by_text("of 30 days done")).to_be_visible(timeout=60_000)
        expect(page.get_by_role("group", name="I started the plan on")).to_be_visible(timeout=60_000)
        page.screenshot(path=str(SHOTS / "plan.png"), full_page=True)
        browser.close()
    assert all((SHOTS / f"{m}.png").stat().st_size > 10_000 for m in ("ask", "practice", "phrasing", "plan"))
