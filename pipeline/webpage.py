"""Read a web page as a reader does: its headline and article text, not its menus.

``main`` mode (the default) extracts the article with trafilatura, drops the
furniture it still lets through (:mod:`pipeline.boilerplate`), and puts the
headline first: the text scored is ``headline + "\\n\\n" + paragraphs`` joined
by blank lines, and byline, date, site and URL go to ``meta``. ``full`` mode
keeps all visible text, as the tool read HTML before main-text extraction. A
page where no article is found falls back to ``full`` and says so in
:attr:`PageText.notice`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from .boilerplate import boilerplate_rule, byline_kind

HTML_MODES = ("main", "full")

#: Metadata fields of trafilatura copied to ``meta`` (``filedate`` is the day of the run: left out).
META_FIELDS = ("title", "author", "date", "sitename", "url")

#: Lines before the headline that are dropped when this short (a section label or kicker).
KICKER_WORDS = 5

#: Elements of trafilatura's output tree that hold paragraphs rather than text.
_CONTAINERS = {"list", "table", "quote", "div", "body", "article", "section"}
_BLOCKS = {"p", "head", "item", "row", "quote", "list", "table", "code", "div"}


@dataclass(frozen=True)
class PageText:
    """The text read from a page and what was learnt on the way.

    Attributes
    ----------
    text
        The text that is scored; every report offset refers to it.
    headline_end
        Length of the headline at the start of ``text`` (0 when there is none).
    meta
        Byline, date, site, URL and the mode used (None in ``full`` mode).
    notice
        Why ``main`` mode fell back to ``full``, else None.
    dropped
        The lines taken out of the extracted text, each with the rule that took it
        (``byline``, ``dateline``, ``kicker`` or a :mod:`pipeline.boilerplate` rule).
    """

    text: str
    headline_end: int = 0
    meta: dict[str, Any] | None = None
    notice: str | None = None
    dropped: tuple[tuple[str, str], ...] = field(default=(), repr=False)


# -- full mode: all visible text ----------------------------------------------
class _TextExtractor(HTMLParser):
    """Visible text of an HTML page: block elements become paragraph breaks."""

    SKIP = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas"}
    BLOCK = {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "title", "tr", "td",
        "th", "table", "section", "article", "header", "footer", "blockquote", "pre", "figcaption",
        "main", "aside", "nav", "dd", "dt", "hr", "form",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self.skip_depth += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Reduce HTML to its visible text (script and style content dropped): ``full`` mode."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = []
    for block in "".join(parser.parts).split("\n\n"):
        collapsed = " ".join(block.split())
        if collapsed:
            lines.append(collapsed)
    return "\n\n".join(lines)


# -- main mode: the article ----------------------------------------------------
def _pieces(element, in_link: bool, out: list[list[tuple[str, bool]]]) -> None:
    """Text runs of an element, flagged when inside a link; a line break starts a new piece."""
    if element.tag == "lb":
        out.append([])
    elif element.text:
        out[-1].append((element.text, in_link or element.tag == "ref"))
    for child in element:
        if child.tag in _BLOCKS:
            out.append([])  # a nested block (a list inside an item) is a paragraph of its own
        _pieces(child, in_link or element.tag == "ref", out)
        if child.tail:
            out[-1].append((child.tail, in_link or element.tag == "ref"))


def _blocks(element) -> Iterator[Any]:
    """The paragraph-level elements of trafilatura's output, in document order."""
    for child in element:
        if child.tag in _CONTAINERS and any(c.tag in _BLOCKS for c in child):
            if child.text and child.text.strip():
                yield child  # text before the inner blocks belongs to the container itself
            else:
                yield from _blocks(child)
        else:
            yield child


def article_lines(body) -> list[tuple[str, float, bool]]:
    """Paragraphs of trafilatura's output tree, whitespace collapsed, each with its link share
    and whether it is a top-level heading (``<h1>``)."""
    lines = []
    for block in _blocks(body):
        pieces: list[list[tuple[str, bool]]] = [[]]
        if block.tag == "row":
            # a table row reads as one line, its cells apart
            for cell in block:
                _pieces(cell, False, pieces)
                pieces[-1].append((" ", False))
        else:
            _pieces(block, False, pieces)
        for piece in pieces:
            text = " ".join("".join(t for t, _ in piece).split())
            if not text:
                continue
            linked = sum(len(" ".join(t.split())) for t, in_link in piece if in_link)
            lines.append((text, min(1.0, linked / len(text)), block.tag == "head" and block.get("rend") == "h1"))
    return lines


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold().strip(" .") == " ".join(b.split()).casefold().strip(" .")


def _extract(html: str):
    import trafilatura  # imported here: plain-text runs never pay for it

    return trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_links=True, include_images=False,
        include_tables=True, deduplicate=False,
    )


def read_page(html: str, mode: str = "main") -> PageText:
    """The text of a web page as scored in ``mode`` (``main`` or ``full``).

    Parameters
    ----------
    html
        The page's markup, decoded.
    mode
        ``main``: headline and article text, metadata to ``meta``; ``full``: all visible text.
    """
    if mode not in HTML_MODES:
        raise ValueError(f"html mode must be one of {HTML_MODES}, not {mode!r}")
    if mode == "full":
        return PageText(html_to_text(html))
    document = _extract(html) if html.strip() else None
    if document is None or document.body is None:
        return _fallback(html, "no article found")
    meta: dict[str, Any] = {"html_mode": "main"}
    for name in META_FIELDS:
        value = getattr(document, name, None)
        if isinstance(value, str) and value.strip():
            meta[name] = " ".join(value.split())
    kept: list[str] = []
    h1: set[int] = set()
    dropped: list[tuple[str, str]] = []
    for line, link_share, is_h1 in article_lines(document.body):
        kind = byline_kind(line, meta.get("author"))
        if kind:
            meta.setdefault(kind, line)
            dropped.append((kind, line))
            continue
        rule = boilerplate_rule(line, link_share)
        if rule:
            dropped.append((rule, line))
        else:
            if is_h1:
                h1.add(len(kept))
            kept.append(line)
    if not kept:
        return _fallback(html, "no article text left after removing boilerplate")
    headline = meta.get("title")
    if headline:
        at = next((i for i, line in enumerate(kept[:3]) if _same(line, headline)), None)
        if at is None:
            # the page's own <h1> near the top is what a reader sees, when the title tags say otherwise
            at = next((i for i in range(min(3, len(kept))) if i in h1), None)
        if at is not None and all(len(k.split()) <= KICKER_WORDS for k in kept[:at]):
            dropped.extend(("kicker", k) for k in kept[:at])
            headline, kept = kept[at], kept[at + 1:]
    if dropped:
        meta["boilerplate_dropped"] = len(dropped)
    if not headline:
        return PageText("\n\n".join(kept), 0, meta, None, tuple(dropped))
    text = "\n\n".join([headline, *kept])
    return PageText(text, len(headline), meta, None, tuple(dropped))


def _fallback(html: str, why: str) -> PageText:
    notice = f"{why}; scored the whole page's text (--html-mode full)"
    return PageText(html_to_text(html), 0, {"html_mode": "full", "notice": notice}, notice)
