"""Write reports: JSONL, CSV and text renderers, and a sink that never leaves half a record.

With ``-o OUT`` records go to ``OUT.partial``, one whole document at a time,
and a side index ``OUT.partial.idx`` records after each document how many
documents and bytes are safely on disk. A finished run renames ``OUT.partial``
to ``OUT``. ``--resume`` truncates ``OUT.partial`` to the last indexed document
and skips that many input documents, so the final file is byte-identical to an
uninterrupted run (scoring is deterministic).

A character device, FIFO or stream alias (``/dev/stdout``) named as output is
written in place instead: renaming a ``.partial`` over it would replace it with
a regular file. Write errors become :class:`OutputError`, whose message says
what was kept and how to go on; a closed pipe stays ``BrokenPipeError``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import sys
import tempfile
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from . import html_report
from .legend import reading_guide, signed
from .report import (WORDING, DocumentReport, DocumentSummary, Reason, SentenceReport, SummaryAccumulator,
                     scoring_failed)

OUTPUT_FORMATS = ("jsonl", "csv", "text", "html")
#: Formats of ``misinfo sources`` (the sources view: no sentence records).
SOURCES_FORMATS = ("jsonl", "csv", "text")
VIEWS = ("sentences", "sources")


@dataclass(frozen=True)
class Rendered:
    """One document's output (in pieces), its sentence count, its error (if any) and a
    notice for stderr (a web page read in full because no article was found).

    JSONL comes as one piece per record, so a huge document is encoded and
    written a record at a time rather than as one joined copy.
    """

    parts: tuple[str, ...]
    n_sentences: int
    error: str | None
    notice: str | None = None

    @property
    def text(self) -> str:
        """The whole output of the document."""
        return "".join(self.parts)

    # unpacks as (parts, n_sentences, error)
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


#: Reasons on a flagged sentence's ``why:`` line (more when none of them has evidence).
WHY_REASONS = 2
#: Evidence texts quoted per reason on the ``why:`` line, and characters kept of each.
WHY_EVIDENCE = 2
WHY_CHARS = 48


def shown_reasons(s: SentenceReport, n: int = WHY_REASONS) -> list[Reason]:
    """The reasons a flagged sentence shows: its ``n`` strongest positive ones, and, when none of
    them has evidence, the strongest reason that has (so a flag always points at the text)."""
    shown = s.strongest_reasons(n)
    if not any(s.reason_evidence(r) for r in shown):
        with_evidence = [r for r in s.reasons if s.reason_evidence(r)]
        if with_evidence:
            shown.append(max(with_evidence, key=lambda r: r.contribution))
    return shown


def _shorten(text: str, width: int = WHY_CHARS) -> str:
    text = " ".join(text.split())  # a span across a line break stays on one line
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _distinct(texts) -> list[str]:
    return list(dict.fromkeys(texts))


def reason_line(s: SentenceReport, reason: Reason, *, color: bool = False) -> str:
    """One reason as the ``why:`` line shows it: name, signed contribution, then a signal's
    evidence quoted (the first :data:`WHY_EVIDENCE`, shortened) or the wording's terms."""
    head = f"{reason.name} {signed(reason.contribution)}"
    texts = _distinct(s.reason_evidence(reason))
    if not texts:
        return f"{head} (no span)"
    if reason.name == WORDING:
        return f"{head} ({', '.join(_paint(t, '4', color) for t in texts)})"
    quoted = [f'"{_paint(_shorten(t), "4", color)}"' for t in texts[:WHY_EVIDENCE]]
    if len(texts) > WHY_EVIDENCE:
        quoted.append(f"+{len(texts) - WHY_EVIDENCE} more")
    return f"{head} ({', '.join(quoted)})"


def why_line(s: SentenceReport, *, color: bool = False) -> str:
    """A flagged sentence's reasons on one line (no newline), e.g.
    ``why: anonymous_attribution +0.47 ("According to a European diplomat"); wording +0.85 (European, ...)``."""
    return "why: " + "; ".join(reason_line(s, r, color=color) for r in shown_reasons(s))


def top_reason(s: SentenceReport) -> str:
    """The CSV ``top_reason``: the sentence's strongest positive reason (or nothing) as
    ``name +0.47: evidence | evidence``, ``wording +0.35: a, b``, or ``name +0.95`` without evidence
    (the signal columns beside it hold every evidence span)."""
    reasons = s.strongest_reasons(1)
    if not reasons:
        return ""
    reason = reasons[0]
    texts = _distinct(" ".join(t.split()) for t in s.reason_evidence(reason))
    head = f"{reason.name} {signed(reason.contribution)}"
    if not texts:
        return head
    return f"{head}: " + (", " if reason.name == WORDING else " | ").join(texts)


def csv_header(signal_names: list[str]) -> list[str]:
    """Column names of the CSV output."""
    cols = ["doc_id", "sentence", "start", "end", "text", "credibility", "label", "flagged", "top_reason"]
    for name in signal_names:
        cols += [f"{name}_score", f"{name}_evidence"]
    return [*cols, "error"]


def csv_parts(doc_id: str, sentences: Iterable[SentenceReport], signal_names: list[str],
              *, rows_per_part: int = 512) -> Iterator[str]:
    """A document's CSV rows as text, ``rows_per_part`` rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for n, s in enumerate(sentences, 1):
        row: list[Any] = [doc_id, s.index, s.start, s.end, s.text, f"{s.credibility:.4f}",
                          s.label, str(s.flagged).lower(), top_reason(s)]
        for name in signal_names:
            sig = s.signals[name]
            row += [f"{sig.score:.4f}",
                    " | ".join(f"{e.cue}:{e.start}-{e.end}:{e.text}" for e in sig.evidence)]
        writer.writerow([*row, ""])
        if n % rows_per_part == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def render_csv(report: DocumentReport, signal_names: list[str]) -> str:
    """A document's CSV rows; evidence as ``cue:start-end:text`` joined by `` | ``."""
    if report.error is not None:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([report.doc_id, *[""] * (len(csv_header(signal_names)) - 2), report.error])
        return buffer.getvalue()
    return "".join(csv_parts(report.doc_id, report.sentences, signal_names))


SOURCES_CSV_HEADER = ["doc_id", "source", "kind", "n_mentions", "mentions", "attributed_sentences",
                      "unnamed_share", "named_sources", "unnamed_sources", "error"]


def sources_record(report: DocumentReport) -> dict[str, Any]:
    """A document's sources view: id, sourcing figures and sources (or the error)."""
    if report.error is not None:
        return {"doc_id": report.doc_id, "error": report.error}
    summary = report.summary
    n_sentences = summary.n_sentences if summary else len(report.sentences)
    return {"doc_id": report.doc_id, "n_sentences": n_sentences,
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


def source_table_lines(summary: DocumentSummary | None, indent: str = "   ") -> list[str]:
    """The short source table of the text view: figures, then one line per source."""
    fig = summary.sourcing if summary else None
    if fig is None:
        return []
    lines = [f"{indent}sources: {fig.attributed_sentences} attributed sentences, "
             f"{fig.unnamed_share:.0%} resting on unnamed sources; "
             f"{fig.named_sources} named, {fig.unnamed_sources} unnamed"]
    if summary.sources:
        width = min(40, max(len(s.name) for s in summary.sources))
        for src in summary.sources:
            name = src.name if len(src.name) <= width else src.name[:width - 1] + "…"
            where = ", ".join(str(m.sentence) for m in src.mentions)
            lines.append(f"{indent}  {name:<{width}}  {src.kind:<12}  {len(src.mentions)}x  (sentences {where})")
    return lines


def render_sources_text(report: DocumentReport, *, color: bool = False) -> str:
    """The text sources view: the document header and its source table."""
    head = f"\033[1m== {report.doc_id}\033[0m" if color else f"== {report.doc_id}"
    if report.error is not None:
        return f"{head}\n   error: {report.error}\n\n"
    return "\n".join([head, *source_table_lines(report.summary)]) + "\n\n"


def _bar(value: float, width: int = 10) -> str:
    filled = int(round(value * width))
    return "#" * filled + "." * (width - filled)


def _paint(s: str, code: str, color: bool) -> str:
    return f"\033[{code}m{s}\033[0m" if color else s


def text_head(doc_id: str, summary: DocumentSummary | None, *, color: bool = False,
              meta: dict[str, Any] | None = None) -> str:
    """The text view's first lines of a document: its id, summary and a web page's byline,
    date, site and URL from ``meta`` (no newline at the end)."""
    out = [_paint(f"== {doc_id}", "1", color)]
    if summary is not None:
        worst = "-" if summary.min_credibility is None else f"{summary.min_credibility:.2f}"
        out.append(
            f"   {summary.n_flagged} of {summary.n_sentences} sentences flagged "
            f"({summary.share_flagged:.0%}); lowest credibility {worst}; signals fired: "
            + ", ".join(f"{k} {v}" for k, v in summary.signal_counts.items())
        )
    if meta:
        shown = [f"{k} {meta[k]}" for k in ("author", "byline", "date", "dateline", "sitename", "url") if k in meta]
        if shown:
            out.append("   " + "; ".join(shown))
    out.extend(source_table_lines(summary))
    return "\n".join(out)


def text_sentence(s: SentenceReport, *, color: bool = False) -> str:
    """The text view of one sentence: its lines, each after a newline."""
    code = "31" if s.flagged else ("33" if s.label == "uncertain" else "32")
    flag = "FLAG" if s.flagged else "    "
    role = f" ({s.role})" if s.role else ""
    out = [f"[{s.index:>3}] {_paint(f'{s.credibility:.2f} {_bar(s.credibility)} {flag} {s.label}', code, color)}{role}",
           f"      {s.text}"]
    if s.flagged:
        out.append(f"      {why_line(s, color=color)}")
    for name, sig in s.signals.items():
        if not sig.evidence and not sig.present:
            continue
        marks = "; ".join(f"{e.cue} \"{_paint(e.text, '4', color)}\"" for e in sig.evidence) or "(no span)"
        state = "present" if sig.present else "weak"
        out.append(f"      {name} {sig.score:.2f} {state}: {marks}")
    return "".join("\n" + line for line in out)


def render_text(report: DocumentReport, *, color: bool = False) -> str:
    """A readable terminal view: summary, then each sentence with its signals and evidence."""
    if report.error is not None:
        return (_paint(f"== {report.doc_id}", "1", color) + "\n"
                + _paint(f"   error: {report.error}", "31", color) + "\n\n")
    return (text_head(report.doc_id, report.summary, color=color, meta=report.meta)
            + "".join(text_sentence(s, color=color) for s in report.sentences) + "\n\n")


class Renderer:
    """Picklable report -> :class:`Rendered` (runs where the document is scored)."""

    def __init__(self, fmt: str, signal_names: list[str], *, color: bool = False,
                 view: str = "sentences", flag_threshold: float | None = None,
                 credible_threshold: float | None = None) -> None:
        formats = SOURCES_FORMATS if view == "sources" else OUTPUT_FORMATS
        if view not in VIEWS:
            raise ValueError(f"view must be one of {VIEWS}")
        if fmt not in formats:
            raise ValueError(f"format must be one of {formats}")
        self.fmt = fmt
        self.signal_names = list(signal_names)
        self.color = color
        self.view = view
        #: the model's thresholds (None when not given), for the HTML sentence details
        self.flag_threshold = flag_threshold
        self.credible_threshold = credible_threshold

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
            parts = (html_report.render_html(report, flag_threshold=self.flag_threshold),)
        else:
            parts = (render_text(report, color=self.color),)
        # (the sources view's reports carry a summary, not sentence records: Scorer.read_sources)
        n_sentences = report.summary.n_sentences if self.view == "sources" and report.summary else len(report.sentences)
        return Rendered(parts, n_sentences, report.error and f"{report.doc_id}: {report.error}",
                        report.notice and f"{report.doc_id}: {report.notice}")

    @property
    def streams(self) -> bool:
        """True when a document can be written while it is scored (every format but HTML,
        whose document template carries the summary and a bar per sentence before the text)."""
        return self.fmt != "html"

    def stream(self, scorer, doc) -> StreamedRendered:
        """Render ``doc`` (an :class:`~pipeline.parallel.InputDocument`: text, or a web page
        read first in its ``html_mode``) as it is scored."""
        return StreamedRendered(self, scorer, doc)

    def sentence_parts(self, doc_id: str, sentences: Iterable[SentenceReport],
                       summary: SummaryAccumulator) -> Iterator[str]:
        """The output of a document from its sentences as they come; ``summary`` is fed meanwhile."""
        if self.view == "sources":
            # the sources view is one record at the end: the sentences only feed the summary
            for _ in sentences:
                pass
            yield from self(DocumentReport(doc_id, "", summary=summary.summary())).parts
        elif self.fmt == "jsonl":
            encode = _JSON.encode
            for s in sentences:
                yield encode(s.to_dict(doc_id)) + "\n"
        elif self.fmt == "csv":
            yield from csv_parts(doc_id, sentences, self.signal_names)
        elif self.fmt == "text":
            # the summary comes first in the text view but is known only at the end:
            # the sentences wait in a spool that moves to disk past SPOOL_BYTES
            with tempfile.SpooledTemporaryFile(SPOOL_BYTES, mode="w+", encoding="utf-8", newline="") as spool:
                for s in sentences:
                    spool.write(text_sentence(s, color=self.color))
                yield text_head(doc_id, summary.summary(), color=self.color, meta=summary.meta)
                spool.seek(0)
                while block := spool.read(SPOOL_BLOCK):
                    yield block
            yield "\n\n"
        else:
            raise ValueError(f"{self.fmt} output is not streamed")


#: Characters of a streamed text-view document kept in memory before its spool moves to disk.
SPOOL_BYTES = 8 << 20
SPOOL_BLOCK = 1 << 20


class StreamedRendered:
    """A document rendered while it is scored (see :meth:`Renderer.stream`).

    ``parts`` can be iterated once; ``n_sentences``, ``error``, ``notice`` and
    :attr:`document` are final when it is exhausted. A web page is read first
    (in its ``html_mode``, as :meth:`Scorer.score_batch` reads it) and its text is
    streamed with its headline role and meta. Memory stays bounded by a chunk of
    sentences, whatever the document's length. A failure while reading or scoring
    ends the output with the document's error record (records already written stay).
    """

    def __init__(self, renderer: Renderer, scorer, doc) -> None:
        self.doc_id = doc.doc_id
        self.n_sentences = 0
        self.error: str | None = None
        self.notice: str | None = None
        self._summary: SummaryAccumulator | None = None
        self._text: str | None = None
        self.parts: Iterator[str] = self._parts(renderer, scorer, doc)

    def _parts(self, renderer: Renderer, scorer, doc) -> Iterator[str]:
        text, page, unread = scorer.read_document(doc)
        if unread is not None:
            yield from self._failed(renderer(unread))
            return
        if page is not None and page.notice is not None:
            self.notice = f"{doc.doc_id}: {page.notice}"
        summary = SummaryAccumulator(scorer.signal_names, meta=page.meta if page is not None else None)
        try:
            if page is None:
                sentences = scorer.iter_score(text, summary)
            else:
                sentences = scorer.iter_score(text, summary, headline_end=page.headline_end)
            yield from renderer.sentence_parts(doc.doc_id, sentences, summary)
        except Exception as exc:  # noqa: BLE001 - as in Scorer.score_batch: one bad document becomes an error record
            yield from self._failed(renderer(scoring_failed(doc.doc_id, exc)))
            return
        self.n_sentences = summary.n_sentences
        self._summary, self._text = summary, text

    def _failed(self, rendered: Rendered) -> Iterator[str]:
        self.error = rendered.error
        yield from rendered.parts

    @property
    def document(self) -> dict[str, Any] | None:
        """Once ``parts`` is exhausted: the document's ``to_dict()`` less its sentences
        (``doc_id``, ``text_length``, ``text_sha256``, ``summary`` with any ``meta``);
        None before, or for a document that failed."""
        if self._summary is None or self.error is not None:
            return None
        return self._summary.document_dict(self.doc_id, self._text)

    def materialize(self) -> Rendered:
        """The whole output at once (to send back from a worker process)."""
        parts = tuple(self.parts)
        return Rendered(parts, self.n_sentences, self.error, self.notice)


def renderer_for(fmt: str, signal_names: list[str], *, color: bool = False,
                 view: str = "sentences", flag_threshold: float | None = None,
                 credible_threshold: float | None = None) -> Renderer:
    """The renderer of an output format (``view="sources"``: the ``misinfo sources`` records);
    the thresholds (``scorer.flag_threshold``, ``scorer.model.credible_threshold``) are stated
    in the report's header."""
    return Renderer(fmt, signal_names, color=color, view=view, flag_threshold=flag_threshold,
                    credible_threshold=credible_threshold)


#: Columns of the text view's header.
HEADER_WIDTH = 100


def text_prologue(flag_threshold: float | None = None, credible_threshold: float | None = None) -> str:
    """The text view's header: what credibility, the flag and the ``why:`` reasons mean."""
    guide = reading_guide(flag_threshold, credible_threshold, why="why")
    guide[-1] = (guide[-1][0], f"a flagged sentence's {WHY_REASONS} strongest reasons: " + guide[-1][1])
    guide.append(("shown", "credibility to 2 decimals; a signal's evidence quoted, the wording's words bare"))
    width = max(len(term) for term, _ in guide) + 2
    lines = []
    for term, meaning in guide:
        lines += textwrap.wrap(meaning, HEADER_WIDTH, initial_indent=f"{term + ':':<{width}}",
                               subsequent_indent=" " * width, break_on_hyphens=False)
    return "\n".join(lines) + "\n\n"


def prologue(fmt: str, signal_names: list[str], view: str = "sentences", *,
             flag_threshold: float | None = None, credible_threshold: float | None = None) -> str:
    """Text written once before the first document: the CSV header, the HTML head, or the text
    view's header saying what the numbers mean (JSONL and the sources view have none but the CSV's)."""
    if fmt == "csv":
        buffer = io.StringIO()
        header = SOURCES_CSV_HEADER if view == "sources" else csv_header(signal_names)
        csv.writer(buffer, lineterminator="\n").writerow(header)
        return buffer.getvalue()
    if fmt == "html":
        return html_report.prologue(signal_names, flag_threshold=flag_threshold,
                                    credible_threshold=credible_threshold)
    if fmt == "text" and view == "sentences":
        return text_prologue(flag_threshold, credible_threshold)
    return ""


def epilogue(fmt: str) -> str:
    """Text written once after the last document (the HTML script and closing tags)."""
    return html_report.epilogue() if fmt == "html" else ""


class OutputError(Exception):
    """The output cannot be written; the message names the file, the cause and what was kept."""


def _cause(exc: OSError) -> str:
    # "No space left on device" reads better than "[Errno 28] No space left on device: 'x'"
    return exc.strerror or str(exc) or type(exc).__name__


#: Paths that name an open stream rather than a file (``/dev/stdout``, ``/dev/fd/3``, ``/proc/self/fd/1``).
_STREAM_ALIAS = re.compile(r"^/(dev/(std(in|out|err)$|fd/)|proc/(self|thread-self|\d+)/fd/)")


def special_output(path: str) -> str | None:
    """What kind of non-regular file ``path`` names (e.g. ``"FIFO"``), or None for a regular or new file.

    Such an output is written in place: renaming a ``.partial`` over it would
    replace a device node or pipe with a regular file.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        for test, kind in ((stat.S_ISCHR, "character device"), (stat.S_ISFIFO, "FIFO (pipe)"),
                           (stat.S_ISSOCK, "socket"), (stat.S_ISBLK, "block device")):
            if test(mode):
                return kind
        return "special file"
    names = [os.path.abspath(path)]
    if os.path.islink(path):  # a link to /dev/stdout names the stream too
        names.append(os.path.join(os.path.dirname(names[0]), os.readlink(path)))
    if any(_STREAM_ALIAS.match(name) for name in names):
        return "stream alias"
    return None


class StdoutSink:
    """Writes each document to a stream as soon as it is scored: stdout, or a device or pipe named by ``-o``.

    A full device or other write error becomes :class:`OutputError`; a
    ``BrokenPipeError`` (the reader left) is passed on for the caller to stop quietly.
    """

    complete = False
    documents_done = 0
    failed_before = 0
    partial_path = None

    def __init__(self, head: str, tail: str = "", stream: IO[bytes] | None = None, *,
                 name: str = "stdout", owned: bool = False) -> None:
        self.tail = tail
        self.name = name
        self.owned = owned  # a stream this sink opened (and closes)
        self.delivered = 0
        self.stream = stream if stream is not None else getattr(sys.stdout, "buffer", None)
        if self.stream is None:  # a text-only stdout (rare): encode ourselves
            self.stream = _TextToBytes(sys.stdout)
        if head:
            self.write_parts((head,))

    def _fail(self, exc: OSError) -> OutputError:
        where = "to stdout" if self.name == "stdout" else self.name
        resume = "" if self.name == "stdout" else "; a device or pipe cannot be resumed"
        return OutputError(f"cannot write {where}: {_cause(exc)} (after {self.delivered} documents{resume})")

    def write_parts(self, parts: Iterable[str]) -> None:
        """Write pieces of the current document."""
        try:
            for part in parts:
                self.stream.write(part.encode("utf-8"))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._fail(exc) from exc

    def end_document(self, *, failed: bool = False) -> None:
        """Mark the current document written (and flush it to the reader)."""
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._fail(exc) from exc
        self.delivered += 1

    def write(self, chunk: str | Sequence[str], *, failed: bool = False) -> None:
        """Write one document's output (a string or its pieces)."""
        self.write_parts(_pieces(chunk))
        self.end_document(failed=failed)

    def finish(self) -> None:
        """Write the epilogue and flush."""
        try:
            if self.tail:
                self.stream.write(self.tail.encode("utf-8"))
            self.stream.flush()
            if self.owned:
                self.stream.close()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._fail(exc) from exc

    def close(self) -> None:
        """Flush what can be flushed; never raises (used on the way out of a failed run)."""
        try:
            self.stream.flush()
        except (OSError, ValueError):
            pass
        if self.owned:
            try:
                self.stream.close()
            except (OSError, ValueError):
                pass


def _pieces(chunk: str | Sequence[str]) -> Sequence[str]:
    return (chunk,) if isinstance(chunk, str) else chunk


class _TextToBytes:
    def __init__(self, text_stream: IO[str]) -> None:
        self.text_stream = text_stream

    def write(self, data: bytes) -> None:
        self.text_stream.write(data.decode("utf-8"))

    def flush(self) -> None:
        self.text_stream.flush()


def open_in_place(path: str, head: str, tail: str = "") -> StdoutSink:
    """A sink writing straight into a device, pipe or stream alias (no ``.partial``, no rename).

    Opened for appending without creating or truncating: a FIFO waits for its
    reader, and ``/dev/stdout`` redirected to a file keeps what the shell put there.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {_cause(exc)}") from exc
    return StdoutSink(head, tail, os.fdopen(fd, "wb"), name=path, owned=True)


class FileSink:
    """Whole-record, resumable file output (see the module docstring).

    Write errors (disk full, quota, I/O error) become :class:`OutputError`
    saying how many documents ``OUT.partial`` keeps and how to continue.
    """

    def __init__(self, path: Path, head: str, *, resume: bool, tail: str = "") -> None:
        self.path = path
        self.tail = tail
        self.partial_path = path.with_name(path.name + ".partial")
        self.index_path = path.with_name(path.name + ".partial.idx")
        self.complete = False
        self.documents_done = 0
        self.failed = 0  # error records on disk, so a resumed run exits 1 for earlier failures too
        self.failed_before = 0
        self.kept: int | None = None  # documents the index vouches for; None before OUT.partial exists
        self._out = None
        self._index = None
        if resume and not self.partial_path.exists() and path.exists():
            self.complete = True
            return
        offset = 0
        try:
            if resume and self.partial_path.exists():
                self.documents_done, offset, self.failed = self._last_checkpoint()
                self.failed_before = self.failed
            if offset == 0:
                self.documents_done = self.failed = self.failed_before = 0
                self._out = open(self.partial_path, "wb")
                self.kept = 0
                self._index = open(self.index_path, "w", encoding="ascii")
                self._write_pieces([head], count=False)
            else:
                self._out = open(self.partial_path, "r+b")
                self.kept = self.documents_done
                self._out.truncate(offset)
                self._out.seek(offset)
                self._index = open(self.index_path, "a", encoding="ascii")
        except OSError as exc:
            raise self._fail(exc) from exc

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

    def _fail(self, exc: OSError, action: str = "write") -> OutputError:
        """Close quietly and describe the fault, what OUT.partial keeps and how to go on."""
        self.close()
        target = self.partial_path if action == "write" else f"{self.partial_path} to {self.path}"
        message = f"cannot {action} {target}: {_cause(exc)}"
        if self.kept is not None:
            message += (f"; kept {self.kept} documents in {self.partial_path}; "
                        f"rerun with --resume -o {self.path} to continue")
        return OutputError(message)

    def _write_pieces(self, pieces: Iterable[str], *, count: bool = True, failed: bool = False) -> None:
        for piece in pieces:
            self._out.write(piece.encode("utf-8"))
        self._checkpoint(count=count, failed=failed)

    def _checkpoint(self, *, count: bool = True, failed: bool = False) -> None:
        self._out.flush()
        if count:
            self.documents_done += 1
            self.failed += failed
        # the index moves on only once the whole document is on disk
        self._index.write(f"{self.documents_done} {self._out.tell()} {self.failed}\n")
        self._index.flush()
        self.kept = self.documents_done

    def write_parts(self, parts: Iterable[str]) -> None:
        """Write pieces of the current document (not yet counted as on disk)."""
        try:
            for piece in parts:
                self._out.write(piece.encode("utf-8"))
        except OSError as exc:
            raise self._fail(exc) from exc

    def end_document(self, *, failed: bool = False) -> None:
        """Flush the current document and record it in the index."""
        try:
            self._checkpoint(failed=failed)
        except OSError as exc:
            raise self._fail(exc) from exc

    def write(self, chunk: str | Sequence[str], *, failed: bool = False) -> None:
        """Write one document's output (a string or its pieces) and record it in the index."""
        self.write_parts(_pieces(chunk))
        self.end_document(failed=failed)

    def finish(self) -> None:
        """Write the epilogue and rename ``OUT.partial`` to ``OUT``."""
        try:
            if self.tail:
                self._out.write(self.tail.encode("utf-8"))
            self._out.close()  # raises here, not later, if the last bytes do not fit
        except OSError as exc:
            raise self._fail(exc) from exc
        self.close()
        try:
            os.replace(self.partial_path, self.path)
        except OSError as exc:
            raise self._fail(exc, "rename") from exc
        self.index_path.unlink(missing_ok=True)

    def close(self) -> None:
        """Close the files; never raises (what did not reach the disk is past the index anyway)."""
        for handle in (self._out, self._index):
            if handle is not None and not handle.closed:
                try:
                    handle.close()
                except OSError:
                    pass


def open_sink(output: str | None, fmt: str, signal_names: list[str], *, resume: bool = False,
              view: str = "sentences", flag_threshold: float | None = None,
              credible_threshold: float | None = None):
    """A sink for stdout (``output`` None), a device or pipe (written in place) or a resumable file,
    which starts with the :func:`prologue` (its header states the thresholds given).

    Raises
    ------
    OutputError
        When the output cannot be opened.
    """
    head = prologue(fmt, signal_names, view, flag_threshold=flag_threshold,
                    credible_threshold=credible_threshold)
    tail = epilogue(fmt)
    if output is None:
        return StdoutSink(head, tail)
    if special_output(output):
        return open_in_place(output, head, tail)
    return FileSink(Path(output), head, resume=resume, tail=tail)
