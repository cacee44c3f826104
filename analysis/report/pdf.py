"""``report.pdf``: the HTML report printed to A4 by headless Chromium (the browser test's Chromium).

The page's print stylesheet starts each notebook on a new page, keeps charts
and table rows whole and repeats table headers; Chromium adds page numbers in
the footer. Japanese text is printed in the charts' IPAex Gothic without its
radicals, so kanji copy and search as written. The PDF's creation and
modification dates are fixed, so the same report prints to the same bytes.
"""

from __future__ import annotations

import concurrent.futures
import os
import queue
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

__all__ = ["LAUNCH_ARGS", "Printer", "find_chromium", "print_font", "print_pdf"]

#: Flags for headless Chromium on a machine without a display or network.
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--font-render-hinting=none",
]
_FOOTER = ('<div style="font-size:8px;color:#57606a;width:100%;text-align:center;">'
           '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
T = TypeVar("T")
#: A figure's PNG in the page: ``src="figures/NN-name.png"``.
_VECTOR_FIGURE = re.compile(r'(src="figures/[0-9]{2}-[a-z0-9-]+)\.png(")')
_PDF_DATE = re.compile(rb"D:\d{14}(?:[-+Z][0-9']*)?")


#: Kangxi radicals and the CJK radicals supplement. IPAex Gothic draws each with the same glyph as
#: the kanji it looks like, and Chromium's PDF text layer maps a shared glyph back to the lowest
#: code point: 力 (U+529B) would be copied and searched as ⼒ (U+2F12).
_RADICALS = range(0x2E80, 0x2FE0)


def print_font(folder: Path) -> Path | None:
    """The Japanese font the PDF is printed with: IPAex Gothic without its radicals, written to ``folder``.

    The font is the one the charts use (``matplotlib-fontja``'s IPAex Gothic);
    dropping the radicals from its character map leaves every kanji one code
    point, so the PDF's text copies and searches as written. Returns None when
    the font is not installed (the page's own font list is then used).
    """
    import importlib.util

    try:
        from fontTools.ttLib import TTFont
    except ImportError:  # pragma: no cover - in requirements.lock
        return None
    # The font file is found without importing the package (which imports matplotlib).
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or spec.origin is None:  # pragma: no cover - in requirements.lock
        return None
    source = Path(spec.origin).resolve().parent / "fonts" / "ipaexg.ttf"
    if not source.is_file():  # pragma: no cover
        return None
    font = TTFont(source, recalcTimestamp=False)  # the source's dates: same font, same PDF bytes
    for table in font["cmap"].tables:
        if table.isUnicode():
            for code in [code for code in table.cmap if code in _RADICALS]:
                del table.cmap[code]
    target = Path(folder) / "ipaexg-print.ttf"
    font.save(target)
    return target


def _font_face(font: Path | None) -> str:
    """A style element that makes ``font`` the page's IPAexGothic ("" without a font)."""
    if font is None:
        return ""
    return ('<style>@font-face { font-family: "IPAexGothic"; '
            f'src: url("{font.resolve().as_uri()}") format("truetype"); }}</style>')


def _in_own_thread(work: Callable[[], T]) -> T:
    """Run ``work`` in a fresh thread and return its result.

    Playwright's synchronous API refuses a thread with a running event loop
    (a JupyterLab kernel, or another Playwright session): a new thread has none.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def find_chromium() -> str | None:
    """Path of a Chromium executable: Debian's ``chromium``, else Playwright's own; None when neither exists."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    try:
        from playwright.sync_api import sync_playwright

        def locate() -> str:
            with sync_playwright() as p:
                return p.chromium.executable_path

        path = _in_own_thread(locate)
        return path if path and os.path.exists(path) else None
    except Exception:  # noqa: BLE001 - no Playwright browser installed
        return None


class Printer:
    """Headless Chromium started ahead of time, in a thread of its own, to print one page when asked.

    The report build starts it first, so the browser is up by the time the
    page exists. Playwright's synchronous API refuses a thread with a running
    event loop (a JupyterLab kernel), which its own thread never has.

    Raises
    ------
    RuntimeError
        From :meth:`print`: no Chromium is available (``make browser`` installs one).
    """

    def __init__(self) -> None:
        self._jobs: queue.Queue[Path | None] = queue.Queue()
        self._results: queue.Queue[tuple[bool, object]] = queue.Queue()
        self._font_ready = threading.Event()
        self._font: Path | None = None
        self._thread = threading.Thread(target=self._run, name="pdf-printer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with tempfile.TemporaryDirectory(prefix="report-print-") as folder:
            try:
                self._font = print_font(Path(folder))
            except BaseException as err:  # noqa: BLE001 - handed to the caller of print()
                self._results.put((False, err))
                return
            finally:
                self._font_ready.set()
            self._print_when_asked()

    def font_face(self) -> str:
        """The style element that gives the printed page its radical-free Japanese font."""
        self._font_ready.wait()
        return _font_face(self._font)

    def _print_when_asked(self) -> None:
        try:
            from playwright.sync_api import sync_playwright

            executable = find_chromium()
            if executable is None:
                raise RuntimeError("no Chromium to print the PDF with: run `make browser` "
                                   "(apt-get install chromium as root)")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
                try:
                    html = self._jobs.get()
                    if html is None:
                        return
                    page = browser.new_page()
                    page.goto(html.as_uri(), wait_until="load")
                    page.emulate_media(media="print")
                    data = page.pdf(format="A4", print_background=True, display_header_footer=True,
                                    header_template="<div></div>", footer_template=_FOOTER,
                                    margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"})
                    self._results.put((True, data))
                finally:
                    browser.close()
        except BaseException as err:  # noqa: BLE001 - handed to the caller of print()
            self._results.put((False, err))

    def print(self, html: Path) -> bytes:
        """The PDF of ``html`` (a file path); one page per printer."""
        self._jobs.put(Path(html).resolve())
        ok, value = self._results.get()
        self._thread.join()
        if not ok:
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]

    def close(self) -> None:
        """Stop the browser if it was never asked to print."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()


def print_pdf(html: Path, pdf: Path, *, printer: Printer | None = None) -> Path:
    """Print ``html`` (a file next to its ``figures/``) to ``pdf`` on A4 with page numbers.

    The charts are printed from their SVG files, so the PDF holds them as
    vectors (sharp at any zoom, and faster to print than 200-dpi images); the
    page itself keeps its PNGs, which paste into documents. ``printer`` is a
    :class:`Printer` started earlier (default: one started now).

    Raises
    ------
    RuntimeError
        No Chromium is available (``make browser`` installs one).
    """
    printer = printer or Printer()
    html = Path(html).resolve()
    printed = html.with_name(f".print-{html.name}")
    page = _VECTOR_FIGURE.sub(r"\1.svg\2", html.read_text(encoding="utf-8"))
    page = page.replace("</head>", printer.font_face() + "</head>", 1)
    printed.write_text(page, encoding="utf-8")
    try:
        data = printer.print(printed)
    finally:
        printed.unlink(missing_ok=True)
    # Fixed dates (same length, so the cross-reference offsets stay valid): same report, same bytes.
    data = _PDF_DATE.sub(lambda m: b"D:20000101000000"[: len(m.group(0))].ljust(len(m.group(0)), b"0"), data)
    tmp = pdf.with_name(f".{pdf.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, pdf)
    return pdf
