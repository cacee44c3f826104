"""The HTML report as a web page: headless Chromium (Debian's ``chromium``) driven by Playwright.

A small report is built (``build_small_report`` from test_report.py), served over
HTTP on 127.0.0.1 and opened as an evaluator would: every image must load, every
contents link must reach its section, and the console must stay free of errors.
Chromium is required: when it is missing these tests fail (``.ci/run`` installs it).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from test_report import build_small_report

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's Chromium; fails (never skips) with how to install it."""
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None)
    if path is None:
        pytest.fail(
            "Chromium is not installed: the report's browser test needs Debian's `chromium` package "
            "(sudo apt-get install chromium; .ci/run installs it).",
            pytrace=False,
        )
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="module")
def report_url(tmp_path_factory):
    small = build_small_report(tmp_path_factory.mktemp("browser"))
    handler = functools.partial(_QuietHandler, directory=str(small.out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)  # port 0: a free port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, report_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems: list[str] = []  # console errors, uncaught page errors, failed requests
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url} {req.failure}"))
    page.on("response", lambda res: problems.append(f"HTTP {res.status}: {res.url}") if res.status >= 400 else None)
    page.problems = problems
    page.goto(report_url, wait_until="load")
    yield page
    context.close()


def test_chromium_is_installed():
    assert Path(chromium_path()).is_file()


def test_every_image_loads(page):
    images = page.eval_on_selector_all(
        "img", "els => els.map(e => ({src: e.getAttribute('src'), complete: e.complete, width: e.naturalWidth}))"
    )
    assert len(images) >= 3
    assert any(i["src"].startswith("figures/") for i in images)
    broken = [i["src"][:80] for i in images if not (i["complete"] and i["width"] > 0)]
    assert not broken, f"images that did not load: {broken}"
    assert not page.problems, page.problems


def test_contents_links_reach_their_sections(page):
    from playwright.sync_api import expect

    hrefs = page.eval_on_selector_all("nav.toc a", "els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) >= 5
    assert hrefs[0] == "#headline-measures"
    for href in reversed(hrefs):  # from the bottom up, so every click has to scroll
        assert href.startswith("#")
        target_id = href[1:]
        assert page.evaluate("id => document.getElementById(id) !== null", target_id), f"no element {href}"
        page.locator(f'nav.toc a[href="{href}"]').click()
        expect(page.locator(f'[id="{target_id}"]')).to_be_in_viewport(timeout=5000)
        assert page.evaluate("location.hash") == href
    assert not page.problems, page.problems


def test_page_shows_banner_headline_first_and_no_code(page):
    assert page.locator(".banner").inner_text().startswith("Synthetic demonstration data")
    first_section = page.eval_on_selector("main > section", "e => e.id")
    assert first_section == "headline-measures"
    assert page.locator(".jp-InputArea, .input_area, .jp-InputPrompt").count() == 0
    assert "save_figure(" not in page.locator("body").inner_text()
    assert not page.problems, page.problems


def test_console_stays_clean(page, report_url):
    page.reload(wait_until="load")
    page.mouse.wheel(0, 20000)
    page.wait_for_timeout(200)
    assert not page.problems, page.problems
