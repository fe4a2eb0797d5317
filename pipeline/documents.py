"""A document to score: its text (or web page), or why it could not be read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InputDocument:
    """A document to score, or the reason it could not be read.

    A web page comes as ``html`` (with ``text`` None) and is reduced to its
    text where it is scored, so ``--jobs`` workers share the extraction too.
    """

    doc_id: str
    text: str | None
    error: str | None = None
    html: str | None = None
    html_mode: str = "main"


def as_input(item: Any) -> InputDocument:
    """Accept an :class:`InputDocument`, a ``(doc_id, text)`` pair or a JSONL-like
    mapping ``{"id": ..., "text": ...}`` / ``{"id": ..., "html": ...}``."""
    if isinstance(item, InputDocument):
        return item
    if isinstance(item, Mapping):
        doc_id = str(item.get("id", "doc"))
        if isinstance(item.get("html"), str) and "text" not in item:
            return InputDocument(doc_id, None, html=item["html"], html_mode=item.get("html_mode", "main"))
        item = (doc_id, item.get("text"))
    try:
        doc_id, text = item
    except (TypeError, ValueError):
        raise TypeError("documents must be (doc_id, text) pairs") from None
    if not isinstance(text, str):
        return InputDocument(str(doc_id), None, f"text must be a string, not {type(text).__name__}")
    return InputDocument(str(doc_id), text)
