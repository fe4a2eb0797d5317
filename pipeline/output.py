"""Write reports: JSONL, CSV and text renderers, and a sink that never leaves half a record.

With ``-o OUT`` records go to ``OUT.partial``, one whole document at a time,
and a side index ``OUT.partial.idx`` records after each document how many
documents and bytes are safely on disk. A finished run renames ``OUT.partial``
to ``OUT``. ``--resume`` truncates ``OUT.partial`` to the last indexed document
and skips that many input documents, so the final file is byte-identical to an
uninterrupted run (scoring is deterministic).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable, Sequence
from typing import IO, Any

from . import html_report
from .report import DocumentReport

OUTPUT_FORMATS = ("jsonl", "csv", "text", "html")
#: Formats of ``misinfo sources`` (the sources view: no sentence records).
SOURCES_FORMATS = ("jsonl", "csv", "text")
VIEWS = ("sentences", "sources")


@dataclass(frozen=True)
class Rendered:
    """One document's output (in pieces), its sentence count and its error (if any).

    JSONL comes as one piece per record, so a huge document is encoded and
    written a record at a time rather than as one joined copy.
    """

    parts: tuple[str, ...]
    n_sentences: int
    error: str | None

    @property
    def text(self) -> str:
        """The whole output of the document."""
        return "".join(self.parts)

    # the CLI loop unpacks (parts, n_sentences, error)
    def __iter__(self):
        return iter((self.parts, self.n_sentences, self.error))


#: One encoder for every record (``json.dumps`` with options builds a new one per call).
_JSON = json.JSONEncoder(ensure_ascii=False)


def jsonl_lines(report: DocumentReport) -> list[str]:
    """A document's JSONL lines (one per sentence, or one error record), each ending in a newline."""
    encode = _JSON.encode
    return [encode(rec) + "\n" for rec in report.records()]


def render_jsonl(report: DocumentReport) -> str:
    """A document's JSONL text."""
    return "".join(jsonl_lines(report))


def csv_header(signal_names: list[str]) -> list[str]:
    """Column names of the CSV output."""
    cols = ["doc_id", "sentence", "start", "end", "text", "credibility", "label", "flagged"]
    for name in signal_names:
        cols += [f"{name}_score", f"{name}_evidence"]
    return [*cols, "error"]


def render_csv(report: DocumentReport, signal_names: list[str]) -> str:
    """A document's CSV rows; evidence as ``cue:start-end:text`` joined by `` | ``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if report.error is not None:
        writer.writerow([report.doc_id, *[""] * (len(csv_header(signal_names)) - 2), report.error])
        return buffer.getvalue()
    for s in report.sentences:
        row: list[Any] = [report.doc_id, s.index, s.start, s.end, s.text, f"{s.credibility:.4f}",
                          s.label, str(s.flagged).lower()]
        for name in signal_names:
            sig = s.signals[name]
            row += [f"{sig.score:.4f}",
                    " | ".join(f"{e.cue}:{e.start}-{e.end}:{e.text}" for e in sig.evidence)]
        writer.writerow([*row, ""])
    return buffer.getvalue()


SOURCES_CSV_HEADER = ["doc_id", "source", "kind", "n_mentions", "mentions", "attributed_sentences",
                      "unnamed_share", "named_sources", "unnamed_sources", "error"]


def sources_record(report: DocumentReport) -> dict[str, Any]:
    """A document's sources view: id, sourcing figures and sources (or the error)."""
    if report.error is not None:
        return {"doc_id": report.doc_id, "error": report.error}
    summary = report.summary
    return {"doc_id": report.doc_id, "n_sentences": len(report.sentences),
            "sourcing": summary.sourcing.to_dict() if summary and summary.sourcing else None,
            "sources": [src.to_dict() for src in report.sources]}


def render_sources_csv(report: DocumentReport) -> str:
    """One row per source (mentions as ``sentence:start-end`` joined by `` | ``), the figures repeated;
    a document that credits nobody still gets one row with its figures."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if report.error is not None:
        writer.writerow([report.doc_id, *[""] * (len(SOURCES_CSV_HEADER) - 2), report.error])
        return buffer.getvalue()
    fig = report.summary.sourcing if report.summary else None
    figures = [fig.attributed_sentences, f"{fig.unnamed_share:.4f}", fig.named_sources,
               fig.unnamed_sources] if fig else ["", "", "", ""]
    for src in report.sources or [None]:
        if src is None:
            writer.writerow([report.doc_id, "", "", 0, "", *figures, ""])
            continue
        mentions = " | ".join(f"{m.sentence}:{m.start}-{m.end}" for m in src.mentions)
        writer.writerow([report.doc_id, src.name, src.kind, len(src.mentions), mentions, *figures, ""])
    return buffer.getvalue()


def source_table_lines(report: DocumentReport, indent: str = "   ") -> list[str]:
    """The short source table of the text view: figures, then one line per source."""
    fig = report.summary.sourcing if report.summary else None
    if fig is None:
        return []
    lines = [f"{indent}sources: {fig.attributed_sentences} attributed sentences, "
             f"{fig.unnamed_share:.0%} resting on unnamed sources; "
             f"{fig.named_sources} named, {fig.unnamed_sources} unnamed"]
    if report.sources:
        width = min(40, max(len(s.name) for s in report.sources))
        for src in report.sources:
            name = src.name if len(src.name) <= width else src.name[:width - 1] + "…"
            where = ", ".join(str(m.sentence) for m in src.mentions)
            lines.append(f"{indent}  {name:<{width}}  {src.kind:<12}  {len(src.mentions)}x  (sentences {where})")
    return lines


def render_sources_text(report: DocumentReport, *, color: bool = False) -> str:
    """The text sources view: the document header and its source table."""
    head = f"\033[1m== {report.doc_id}\033[0m" if color else f"== {report.doc_id}"
    if report.error is not None:
        return f"{head}\n   error: {report.error}\n\n"
    return "\n".join([head, *source_table_lines(report)]) + "\n\n"


def _bar(value: float, width: int = 10) -> str:
    filled = int(round(value * width))
    return "#" * filled + "." * (width - filled)


def render_text(report: DocumentReport, *, color: bool = False) -> str:
    """A readable terminal view: summary, then each sentence with its signals and evidence."""
    def paint(s: str, code: str) -> str:
        return f"\033[{code}m{s}\033[0m" if color else s

    out = [paint(f"== {report.doc_id}", "1")]
    if report.error is not None:
        out.append(paint(f"   error: {report.error}", "31"))
        return "\n".join(out) + "\n\n"
    summary = report.summary
    if summary is not None:
        worst = "-" if summary.min_credibility is None else f"{summary.min_credibility:.2f}"
        out.append(
            f"   {summary.n_flagged} of {summary.n_sentences} sentences flagged "
            f"({summary.share_flagged:.0%}); lowest credibility {worst}; signals fired: "
            + ", ".join(f"{k} {v}" for k, v in summary.signal_counts.items())
        )
        out.extend(source_table_lines(report))
    for s in report.sentences:
        code = "31" if s.flagged else ("33" if s.label == "uncertain" else "32")
        flag = "FLAG" if s.flagged else "    "
        out.append(f"[{s.index:>3}] {paint(f'{s.credibility:.2f} {_bar(s.credibility)} {flag} {s.label}', code)}")
        out.append(f"      {s.text}")
        for name, sig in s.signals.items():
            if not sig.evidence and not sig.present:
                continue
            marks = "; ".join(f"{e.cue} \"{paint(e.text, '4')}\"" for e in sig.evidence) or "(no span)"
            state = "present" if sig.present else "weak"
            out.append(f"      {name} {sig.score:.2f} {state}: {marks}")
    return "\n".join(out) + "\n\n"


class Renderer:
    """Picklable report -> :class:`Rendered` (runs where the document is scored)."""

    def __init__(self, fmt: str, signal_names: list[str], *, color: bool = False,
                 view: str = "sentences") -> None:
        formats = SOURCES_FORMATS if view == "sources" else OUTPUT_FORMATS
        if view not in VIEWS:
            raise ValueError(f"view must be one of {VIEWS}")
        if fmt not in formats:
            raise ValueError(f"format must be one of {formats}")
        self.fmt = fmt
        self.signal_names = list(signal_names)
        self.color = color
        self.view = view

    def __call__(self, report: DocumentReport) -> Rendered:
        if self.view == "sources":
            if self.fmt == "jsonl":
                parts = (_JSON.encode(sources_record(report)) + "\n",)
            elif self.fmt == "csv":
                parts = (render_sources_csv(report),)
            else:
                parts = (render_sources_text(report, color=self.color),)
        elif self.fmt == "jsonl":
            parts = tuple(jsonl_lines(report))
        elif self.fmt == "csv":
            parts = (render_csv(report, self.signal_names),)
        elif self.fmt == "html":
            parts = (html_report.render_html(report),)
        else:
            parts = (render_text(report, color=self.color),)
        return Rendered(parts, len(report.sentences), report.error and f"{report.doc_id}: {report.error}")


def renderer_for(fmt: str, signal_names: list[str], *, color: bool = False,
                 view: str = "sentences") -> Renderer:
    """The renderer of an output format (``view="sources"``: the ``misinfo sources`` records)."""
    return Renderer(fmt, signal_names, color=color, view=view)


def prologue(fmt: str, signal_names: list[str], view: str = "sentences") -> str:
    """Text written once before the first document (the CSV header, the HTML head)."""
    if fmt == "csv":
        buffer = io.StringIO()
        header = SOURCES_CSV_HEADER if view == "sources" else csv_header(signal_names)
        csv.writer(buffer, lineterminator="\n").writerow(header)
        return buffer.getvalue()
    if fmt == "html":
        return html_report.prologue(signal_names)
    return ""


def epilogue(fmt: str) -> str:
    """Text written once after the last document (the HTML script and closing tags)."""
    return html_report.epilogue() if fmt == "html" else ""


class StdoutSink:
    """Writes each document to stdout (as UTF-8, whatever the locale) as soon as it is scored."""

    complete = False
    documents_done = 0
    failed_before = 0
    partial_path = None

    def __init__(self, head: str, tail: str = "", stream: IO[bytes] | None = None) -> None:
        self.tail = tail
        self.stream = stream if stream is not None else getattr(sys.stdout, "buffer", None)
        if self.stream is None:  # a text-only stdout (rare): encode ourselves
            self.stream = _TextToBytes(sys.stdout)
        if head:
            self.write(head)

    def write(self, chunk: str | Sequence[str], *, failed: bool = False) -> None:
        """Write one document's output (a string or its pieces)."""
        for part in _pieces(chunk):
            self.stream.write(part.encode("utf-8"))
        self.stream.flush()

    def finish(self) -> None:
        if self.tail:
            self.write(self.tail)
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


def _pieces(chunk: str | Sequence[str]) -> Sequence[str]:
    return (chunk,) if isinstance(chunk, str) else chunk


class _TextToBytes:
    def __init__(self, text_stream: IO[str]) -> None:
        self.text_stream = text_stream

    def write(self, data: bytes) -> None:
        self.text_stream.write(data.decode("utf-8"))

    def flush(self) -> None:
        self.text_stream.flush()


class FileSink:
    """Whole-record, resumable file output (see the module docstring)."""

    def __init__(self, path: Path, head: str, *, resume: bool, tail: str = "") -> None:
        self.path = path
        self.tail = tail
        self.partial_path = path.with_name(path.name + ".partial")
        self.index_path = path.with_name(path.name + ".partial.idx")
        self.complete = False
        self.documents_done = 0
        self.failed = 0  # error records on disk, so a resumed run exits 1 for earlier failures too
        self.failed_before = 0
        self._out = None
        self._index = None
        if resume and not self.partial_path.exists() and path.exists():
            self.complete = True
            return
        offset = 0
        if resume and self.partial_path.exists():
            self.documents_done, offset, self.failed = self._last_checkpoint()
            self.failed_before = self.failed
        if offset == 0:
            self.documents_done = self.failed = self.failed_before = 0
            self._out = open(self.partial_path, "wb")
            self._index = open(self.index_path, "w", encoding="ascii")
            self._write_pieces([head], count=False)
        else:
            self._out = open(self.partial_path, "r+b")
            self._out.truncate(offset)
            self._out.seek(offset)
            self._index = open(self.index_path, "a", encoding="ascii")

    def _last_checkpoint(self) -> tuple[int, int, int]:
        """Documents, bytes and failed documents of the last complete index line (zeros if none)."""
        done = offset = failed = 0
        if self.index_path.exists():
            data = self.index_path.read_text(encoding="ascii", errors="replace")
            for line in data.split("\n")[:-1]:  # the text after the last newline may be torn
                parts = line.split()
                if len(parts) == 3 and all(p.isdigit() for p in parts):
                    done, offset, failed = (int(p) for p in parts)
        if offset > self.partial_path.stat().st_size:
            return 0, 0, 0
        return done, offset, failed

    def _write_pieces(self, pieces: Iterable[str], *, count: bool = True, failed: bool = False) -> None:
        for piece in pieces:
            self._out.write(piece.encode("utf-8"))
        self._out.flush()
        if count:
            self.documents_done += 1
            self.failed += failed
        # the index moves on only once the whole document is on disk
        self._index.write(f"{self.documents_done} {self._out.tell()} {self.failed}\n")
        self._index.flush()

    def write(self, chunk: str | Sequence[str], *, failed: bool = False) -> None:
        """Write one document's output (a string or its pieces) and record it in the index."""
        self._write_pieces(_pieces(chunk), failed=failed)

    def finish(self) -> None:
        if self.tail:
            self._out.write(self.tail.encode("utf-8"))
        self.close()
        os.replace(self.partial_path, self.path)
        self.index_path.unlink(missing_ok=True)

    def close(self) -> None:
        for handle in (self._out, self._index):
            if handle is not None and not handle.closed:
                handle.close()


def open_sink(output: str | None, fmt: str, signal_names: list[str], *, resume: bool = False,
              view: str = "sentences"):
    """A sink for stdout (``output`` None) or a resumable file."""
    head, tail = prologue(fmt, signal_names, view), epilogue(fmt)
    if output is None:
        return StdoutSink(head, tail)
    return FileSink(Path(output), head, resume=resume, tail=tail)
