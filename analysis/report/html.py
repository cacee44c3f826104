"""The report page: executed notebooks as sections (no code), the headline table, the page template.

Cells tagged ``parameters``, ``injected-parameters`` or ``remove-cell`` and
markdown cells written in the other language (tagged ``lang-en`` /
``lang-ja``, removed with nbconvert's ``TagRemovePreprocessor``) never reach
the page; code is never shown. Outputs are the tables and figures the
notebook context displayed (their HTML), or plain text. The page itself is
``templates/page.html.j2`` with ``templates/report.css`` inlined, so the
report is one self-contained file plus its figures.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from analysis.i18n import LANGUAGES, get_language

__all__ = ["Section", "notebook_section", "render_page", "slug"]

_REMOVED_CELL_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell", "remove_cell"})
_REMOVED_OUTPUT_TAGS = frozenset({"remove-output", "remove_output"})
_MEMORY_ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]{4,}")
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def slug(text: str) -> str:
    """An id fragment: lower-case words (any script) joined by hyphens."""
    value = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-")
    return value or "section"


@dataclass
class Section:
    """One executed notebook as an HTML fragment for the page."""

    stem: str
    html: str = ""
    title: str = ""
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, text)


def _markdown(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def _language_filter(nb: Any, lang: str) -> Any:
    """Keep the markdown cells of ``lang`` (and untagged ones); nbconvert's tag filtering."""
    from nbconvert.preprocessors import TagRemovePreprocessor

    others = {f"lang-{other}" for other in LANGUAGES if other != lang}
    nb, _resources = TagRemovePreprocessor(remove_cell_tags=set(others | _REMOVED_CELL_TAGS),
                                           remove_all_outputs_tags=set(_REMOVED_OUTPUT_TAGS)).preprocess(nb, {})
    return nb


def _output_html(output: dict[str, Any]) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stderr" or not output.get("text"):
            return ""
        return f'<pre class="output">{html.escape(output["text"].rstrip())}</pre>\n'
    if kind in ("display_data", "execute_result"):
        data = output.get("data", {})
        if "text/html" in data:
            return "".join(data["text/html"]) if isinstance(data["text/html"], list) else data["text/html"]
        text = data.get("text/plain", "")
        text = "".join(text) if isinstance(text, list) else text
        if not text or _MEMORY_ADDRESS.search(text) or text.startswith("<Figure size"):
            return ""
        return f'<pre class="output">{html.escape(text)}</pre>\n'
    if kind == "error":
        return f'<pre class="output error">{html.escape(output.get("ename", ""))}: {html.escape(output.get("evalue", ""))}</pre>\n'
    return ""


def notebook_section(nb: Any, stem: str, *, lang: str | None = None) -> Section:
    """The HTML fragment (no code) and contents entries of one executed notebook.

    Headings move down one level (the page has its own title) and get ids
    ``nb-<stem>--<slug>``; the first level-1 heading is the section's title.
    """
    lang = lang or get_language()
    nb = _language_filter(copy.deepcopy(nb), lang)
    parts: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.strip():
            parts.append(_markdown(cell.source))
        elif cell.cell_type == "code":
            parts.extend(_output_html(o) for o in cell.get("outputs", []))
    body = "".join(parts)
    section_id = f"nb-{slug(stem)}"
    headings: list[tuple[int, str, str]] = []
    used: set[str] = set()
    title = ""

    def heading(match: re.Match[str]) -> str:
        nonlocal title
        level, inner = int(match.group(1)), match.group(2)
        text = " ".join(html.unescape(_TAG.sub("", inner)).split())
        base = f"{section_id}--{slug(text)}"
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        if level == 1 and not title:
            title = text
        else:
            headings.append((level, anchor, text))
        return f'<h{min(level + 1, 6)} id="{anchor}">{inner}</h{min(level + 1, 6)}>'

    body = _HEADING.sub(heading, body)
    if not title:
        title = stem[3:].replace("-", " ").capitalize() if len(stem) > 3 else stem
        body = f"<h2>{html.escape(title)}</h2>\n{body}"
    return Section(stem, html=body.strip() + "\n", title=title, headings=headings)


def template_text(name: str) -> str:
    """A package data file of ``analysis/report/templates``."""
    return resources.files("analysis.report").joinpath("templates", name).read_text(encoding="utf-8")


def render_page(*, sections: Sequence[Section], lang: str, title: str, subtitle: str, banner: str,
                parameters: Sequence[tuple[str, str]], findings: Sequence[str], headline_html: str,
                footer: str, strings: dict[str, str]) -> str:
    """The whole page from ``templates/page.html.j2`` (all text passed in already translated)."""
    from jinja2 import Environment, select_autoescape

    env = Environment(autoescape=select_autoescape(default=True), keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(template_text("page.html.j2"))
    return template.render(
        lang=lang, title=title, subtitle=subtitle, banner=banner, parameters=parameters, findings=findings,
        headline_html=headline_html, sections=[
            {"id": f"nb-{slug(s.stem)}", "title": s.title, "html": s.html,
             "headings": [(level, anchor, text) for level, anchor, text in s.headings if level <= 3]}
            for s in sections],
        footer=footer, css=template_text("report.css"), strings=strings,
    )
