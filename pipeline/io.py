"""Read inputs: txt, md, html, jsonl files, directories and stdin.

Text is decoded as UTF-8 (a BOM is dropped), falling back to cp1252 and then
latin-1 for older news files; binary files are refused per document. Line
endings are normalised to ``\\n`` (as Python reads text). HTML (a ``.html`` file
or a JSONL record's ``html`` field) is handed on as markup and reduced to its
article or its visible text where it is scored (:mod:`pipeline.webpage`); every
offset in a report refers to that text.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from .parallel import InputDocument
from .webpage import HTML_MODES, html_to_text  # noqa: F401 - html_to_text was defined here before

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
INPUT_FORMATS = ("auto", "text", "html", "jsonl")

#: Bytes inspected to tell binary from text.
_SNIFF = 8192


class InputError(Exception):
    """A document cannot be read; the message says why."""


# -- decoding ---------------------------------------------------------------
def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or mostly control characters (images, archives)."""
    head = data[:_SNIFF]
    if not head:
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control / len(head) > 0.05


def decode_bytes(data: bytes) -> str:
    """Decode document bytes: UTF-8 (BOM dropped), else cp1252, else latin-1; newlines to ``\\n``."""
    if looks_binary(data):
        raise InputError("binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    return normalize_newlines(text)


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n`` (as Python's text mode reads them)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# -- reading ----------------------------------------------------------------
def _format_for(path: Path, input_format: str) -> str:
    if input_format != "auto":
        return input_format
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "text"


def _jsonl_documents(lines: Iterable[str], source: str, html_mode: str = "main") -> Iterator[InputDocument]:
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fallback_id = f"{source}:{lineno}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield InputDocument(fallback_id, None, f"line {lineno} is not JSON: {exc}")
            continue
        if not isinstance(record, dict):
            yield InputDocument(fallback_id, None, f"line {lineno} is not a JSON object")
            continue
        doc_id = record.get("id", fallback_id)
        doc_id = fallback_id if doc_id is None else str(doc_id)
        text = record.get("text")
        if "text" not in record and "html" in record:
            html = record["html"]
            if isinstance(html, str):
                yield InputDocument(doc_id, None, html=normalize_newlines(html), html_mode=html_mode)
            else:
                yield InputDocument(doc_id, None, f"line {lineno}: \"html\" is {type(html).__name__}, not a string")
        elif "text" not in record:
            yield InputDocument(doc_id, None, f"line {lineno} has no \"text\" or \"html\" field")
        elif not isinstance(text, str):
            yield InputDocument(doc_id, None, f"line {lineno}: \"text\" is {type(text).__name__}, not a string")
        else:
            yield InputDocument(doc_id, normalize_newlines(text))


def _document(doc_id: str, text: str, fmt: str, html_mode: str) -> InputDocument:
    if fmt == "html":
        return InputDocument(doc_id, None, html=text, html_mode=html_mode)
    return InputDocument(doc_id, text)


def _read_file(path: Path, doc_id: str, fmt: str, html_mode: str = "main") -> Iterator[InputDocument]:
    if fmt == "jsonl":
        try:
            handle = open(path, encoding="utf-8", errors="replace", newline="")
        except OSError as exc:
            yield InputDocument(doc_id, None, f"cannot read: {exc.strerror or exc}")
            return
        with handle:
            yield from _jsonl_documents(handle, doc_id, html_mode)
        return
    try:
        text = decode_bytes(path.read_bytes())
    except OSError as exc:
        yield InputDocument(doc_id, None, f"cannot read: {exc.strerror or exc}")
        return
    except InputError as exc:
        yield InputDocument(doc_id, None, str(exc))
        return
    yield _document(doc_id, text, fmt, html_mode)


def _walk(directory: Path) -> Iterator[Path]:
    """Files under a directory in sorted order; symlinked directories are not followed (no loops)."""
    for root, dirs, files in os.walk(directory, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            yield Path(root) / name


def _is_jsonl_record(line: str) -> bool:
    """True when a line is a JSON object with a ``text`` or ``html`` field (stdin sniffing)."""
    if not line.lstrip().startswith("{"):
        return False
    try:
        record = json.loads(line)
    except ValueError:
        return False
    return isinstance(record, dict) and ("text" in record or "html" in record)


def _read_stdin(stream: IO[bytes], input_format: str, html_mode: str = "main") -> Iterator[InputDocument]:
    """Documents from stdin. JSONL is streamed line by line (bounded memory on huge
    pipes); plain text and HTML are one document, read whole."""
    head: list[bytes] = []
    lines_in = iter(stream)
    for raw in lines_in:  # keep the leading blank lines, stop at the first non-blank one
        head.append(raw)
        if raw.strip():
            break
    first = head[-1].decode("utf-8", errors="replace") if head else ""
    fmt = input_format
    if fmt == "auto":
        fmt = "jsonl" if _is_jsonl_record(first) else "text"
    if fmt == "jsonl":
        lines = (raw.decode("utf-8", errors="replace") for raw in itertools.chain(head, lines_in))
        yield from _jsonl_documents(lines, "stdin", html_mode)
        return
    try:
        text = decode_bytes(b"".join(head) + stream.read())
    except InputError as exc:
        yield InputDocument("stdin", None, str(exc))
        return
    yield _document("stdin", text, fmt, html_mode)


def read_inputs(inputs: Iterable[str], *, input_format: str = "auto", stdin: IO[bytes] | None = None,
                skipped: list[str] | None = None, html_mode: str = "main") -> Iterator[InputDocument]:
    """Documents from files, directories (recursed) and ``-`` (stdin), in the order given.

    Parameters
    ----------
    inputs
        Paths, or ``-`` for standard input.
    input_format
        ``auto`` (by suffix; stdin is sniffed for JSONL), ``text``, ``html`` or ``jsonl``.
    stdin
        Binary stream used for ``-`` (``sys.stdin.buffer`` by default).
    skipped
        Receives files inside directories that were skipped for an unknown suffix.
    html_mode
        How HTML is read where it is scored: ``main`` (the article) or ``full`` (all visible text).
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input format must be one of {INPUT_FORMATS}")
    if html_mode not in HTML_MODES:
        raise ValueError(f"html mode must be one of {HTML_MODES}")
    for item in inputs:
        if item == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, input_format, html_mode)
            continue
        path = Path(item)
        if path.is_dir():
            for file in _walk(path):
                if input_format == "auto" and file.suffix.lower() not in KNOWN_SUFFIXES:
                    if skipped is not None:
                        skipped.append(str(file))
                    continue
                yield from _read_file(file, str(file), _format_for(file, input_format), html_mode)
        elif path.exists():
            yield from _read_file(path, item, _format_for(path, input_format), html_mode)
        else:
            yield InputDocument(item, None, "no such file or directory")
