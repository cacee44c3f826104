"""The HTML report as a web page and as paper: headless Chromium driven by Playwright, in both languages.

Small reports (30 generated advisors) are built in English and in Japanese,
served over HTTP on 127.0.0.1 and opened as an evaluator would at 1280 x 800:
every image loads, every contents link reaches its section, the console stays
clean, nothing is wider than the window, no table is preformatted text, the
Japanese page draws its text with a font that has the glyphs, and the PDF
reads back with the headline measures. Chromium is required: these tests fail
(never skip) without it; ``make test`` installs one.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import threading
import unicodedata
from pathlib import Path

import pytest

from analysis.records import synthetic
from analysis.report.build import build
from analysis.report.pdf import LAUNCH_ARGS, find_chromium
from analysis.report.study import Parameters

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        pytest.fail("Chromium is not installed: `make browser` (apt-get install chromium as root) installs it.",
                    pytrace=False)
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    data = tmp_path_factory.mktemp("data") / "d30"
    synthetic.write(data, n_advisors=30, seed=7)
    out = {}
    for lang in ("en", "ja"):
        params = Parameters(data_dir=data, reference_date=dt.date(2026, 9, 30), k=3, lang=lang, declare_synthetic=True)
        out[lang] = build(params, tmp_path_factory.mktemp(lang) / "report", progress=False, audit=False, pdf=True)
    return out


@pytest.fixture(scope="module")
def urls(reports):
    servers, threads, out = [], [], {}
    for lang, folder in reports.items():
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append(server)
        threads.append(thread)
        out[lang] = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    yield out
    for server, thread in zip(servers, threads, strict=True):
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(urls):  # the reports (and their PDFs) are built before this session opens
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=LAUNCH_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def _open(browser, url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems: list[str] = []  # console errors, uncaught page errors, failed requests
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url} {req.failure}"))
    page.on("response", lambda res: problems.append(f"HTTP {res.status}: {res.url}") if res.status >= 400 else None)
    page.problems = problems
    page.goto(url, wait_until="load")
    return context, page


@pytest.fixture(params=["en", "ja"])
def page(request, browser, urls):
    context, page = _open(browser, urls[request.param])
    page.lang = request.param
    yield page
    context.close()


def test_every_image_loads(page):
    images = page.eval_on_selector_all(
        "img", "els => els.map(e => ({src: e.getAttribute('src'), complete: e.complete, width: e.naturalWidth}))")
    assert len(images) >= 20
    broken = [i["src"] for i in images if not (i["complete"] and i["width"] > 0)]
    assert not broken, f"images that did not load: {broken}"
    assert not page.problems, page.problems


def test_contents_links_reach_their_sections(page):
    from playwright.sync_api import expect

    hrefs = page.eval_on_selector_all("nav.toc a", "els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) >= 10 and hrefs[:2] == ["#findings", "#headline-measures"]
    for href in reversed(hrefs):  # from the bottom up, so every click has to scroll
        target = href[1:]
        assert page.evaluate("id => document.getElementById(id) !== null", target), f"no element {href}"
        page.locator(f'nav.toc a[href="{href}"]').click()
        expect(page.locator(f'[id="{target}"]')).to_be_in_viewport(timeout=5000)
    assert not page.problems, page.problems


def test_findings_and_headline_fit_the_window_without_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.lang") == page.lang
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    wide = page.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert not wide, wide
    # the findings and the top of the headline table are on the first screen
    assert page.locator("#findings li").count() >= 5
    top = page.evaluate("document.querySelector('table.headline').getBoundingClientRect().top")
    assert top < 800 * 1.6  # within the first screen and a half at 1280 x 800


def test_tables_are_tables_not_preformatted_text(page):
    blocks = page.eval_on_selector_all("pre", "els => els.map(e => e.innerText)")
    for text in blocks:
        lines = [line for line in text.splitlines() if line.strip()]
        assert not (len(lines) > 1 and all(re.search(r"\S\s{2,}\S", line) for line in lines)), text[:200]
    assert page.locator("table.report-table").count() >= 3


def test_japanese_text_is_drawn_with_a_font_that_has_it(browser, urls):
    context, page = _open(browser, urls["ja"])
    try:
        session = context.new_cdp_session(page)
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        checked = 0
        for selector in ("h1", ".subtitle", "#findings li", "table.headline th[scope=row]", "section.notebook h2"):
            node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            if not node:
                continue
            text = page.locator(selector).first.inner_text()
            if not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text):
                continue
            fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            families = {f["familyName"] for f in fonts}
            assert any(re.search(r"IPAex|Noto Sans CJK|Noto Sans JP|Hiragino|Yu Gothic", f) for f in families), (
                selector, families)
            checked += 1
        assert checked >= 3
        assert "国際平和協力研究員" in page.locator("body").inner_text()
        assert not page.problems, page.problems
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_pdf_has_its_pages_and_the_headline_measures(reports, lang):
    import json

    from pypdf import PdfReader

    reader = PdfReader(reports[lang] / "report.pdf")
    assert 10 <= len(reader.pages) <= 80
    raw = " ".join(page.extract_text() for page in reader.pages)
    # Words are searchable as written: no ligature glyphs ("ﬁ") in the text layer.
    assert "\ufb01" not in raw
    # Kanji copy and search as written: none comes back as its look-alike radical (力 as U+2F12),
    # which the page's font would give without the printing font.
    radicals = sorted({c for c in raw if 0x2E80 <= ord(c) <= 0x2FDF})
    assert not radicals, radicals
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw))
    # The text layer splits runs ("任期終了 6 か月後"): compare without spaces.
    squashed = re.sub(r"\s+", "", text)
    headline = json.loads((reports[lang] / "headline.json").read_text(encoding="utf-8"))
    quoted = 0
    for measure in headline["measures"]:
        label = re.sub(r"\s+", "", unicodedata.normalize("NFKC", measure["label"]))
        assert label[:12] in squashed, measure["label"]
        if measure["rate"] is not None:
            assert f"{measure['rate'] * 100:.0f}%" in squashed
            quoted += 1
    assert quoted >= 3
    assert re.search(r"\b1 / \d+\b", text)  # page numbers in the footer
