"""Renderers and the resumable file sink."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import stat

import pytest
from conftest import seed_documents

from pipeline.output import (FileSink, OutputError, StdoutSink, csv_header, open_sink, prologue, render_csv,
                             render_jsonl, render_text, special_output)


@pytest.fixture(scope="module")
def report(scorer, seed_text):
    return scorer.score(seed_text, doc_id="seed")


def test_output_jsonl_one_line_per_sentence(report, seed_text):
    lines = render_jsonl(report).splitlines()
    assert len(lines) == len(report.sentences)
    for line in lines:
        rec = json.loads(line)
        assert seed_text[rec["start"]:rec["end"]] == rec["text"]
        assert set(rec["signals"]) == {"anonymous_attribution", "sensational_wording", "unverifiable_specifics"}


def test_output_csv_round_trips(report, scorer):
    names = scorer.signal_names
    rows = list(csv.reader(io.StringIO(",".join(csv_header(names)) + "\n" + render_csv(report, names))))
    assert rows[0] == csv_header(names)
    assert len(rows) == len(report.sentences) + 1
    assert rows[4][4] == report.sentences[3].text
    assert "unnamed_source:" in rows[4][rows[0].index("anonymous_attribution_evidence")]


def test_output_text_view(report):
    text = render_text(report)
    assert "sentences flagged" in text
    assert 'unnamed_source "According to a European diplomat"' in text
    assert "\033[" not in text
    assert "\033[" in render_text(report, color=True)


# -- reasons: the why: line, the CSV top_reason and the header ------------------
def _sentence_blocks(text: str) -> dict[int, list[str]]:
    """The text view's lines under each ``[  i]`` sentence line, by sentence index."""
    blocks: dict[int, list[str]] = {}
    current = None
    for line in text.splitlines():
        head = re.match(r"\[\s*(\d+)\] ", line)
        if head:
            current = blocks.setdefault(int(head.group(1)), [])
        elif current is not None and line.startswith("      "):
            current.append(line.strip())
    return blocks


def _shown_evidence(why: str) -> list[str]:
    """What a ``why:`` line quotes (signal evidence) or names (the wording's terms), ellipsis dropped."""
    shown = re.findall(r'"([^"]+)"', why)
    wording = re.search(r"(?:why: |; )wording [+-]\d+\.\d\d \(([^)]*)\)", why)
    if wording:
        shown += wording.group(1).split(", ")
    return [t.rstrip("…") for t in shown]


@pytest.mark.parametrize("doc", seed_documents(), ids=lambda p: p.stem)
def test_output_text_why_line_on_every_flagged_sentence(scorer, doc):
    report = scorer.score(doc.read_text(encoding="utf-8"), doc_id=doc.name)
    blocks = _sentence_blocks(render_text(report))
    for s in report.sentences:
        why = [line for line in blocks[s.index] if line.startswith("why: ")]
        if not s.flagged:
            assert why == []  # the view stays compact
            continue
        assert len(why) == 1, blocks[s.index]
        top = s.strongest_reasons(1)[0]
        assert why[0].startswith(f"why: {top.name} {top.contribution:+.2f}")
        written = " ".join(s.text.split())
        assert any(t and t in written for t in _shown_evidence(why[0])), (s.text, why[0])


def test_output_text_why_line_example(report):
    # "According to a European diplomat, the strategy was meticulously crafted ..." (seed sentence 3)
    s = next(s for s in report.sentences if s.text.startswith("According to a European diplomat"))
    assert s.flagged  # shipped model; if a retrained model clears it, pick another flagged sentence
    attribution = next(r for r in s.reasons if r.name == "anonymous_attribution")
    why = next(line for line in _sentence_blocks(render_text(report))[s.index] if line.startswith("why: "))
    if attribution in s.strongest_reasons(2):
        assert f'anonymous_attribution {attribution.contribution:+.2f} ("According to a European diplomat")' in why


def test_output_csv_top_reason(report, scorer):
    names = scorer.signal_names
    rows = list(csv.DictReader(io.StringIO(prologue("csv", names) + render_csv(report, names))))
    header = csv_header(names)
    assert header[header.index("flagged") + 1] == "top_reason"
    for s, row in zip(report.sentences, rows, strict=True):
        if not s.flagged and not s.strongest_reasons(1):
            assert row["top_reason"] == ""
            continue
        top = s.strongest_reasons(1)[0]
        assert row["top_reason"].startswith(f"{top.name} {top.contribution:+.2f}")
        if s.reason_evidence(top):
            shown = row["top_reason"].split(": ", 1)[1].replace(", ", " | ").split(" | ")
            assert all(t in " ".join(s.text.split()) for t in shown), row["top_reason"]
        else:
            assert row["top_reason"] == f"{top.name} {top.contribution:+.2f}"
    diplomat = next(row for s, row in zip(report.sentences, rows) if s.text.startswith("According to a"))
    assert "According to a European diplomat" in diplomat["top_reason"] or diplomat["top_reason"].startswith("wording")


def test_output_header_states_the_thresholds(scorer):
    names = scorer.signal_names
    thresholds = {"flag_threshold": scorer.flag_threshold, "credible_threshold": scorer.model.credible_threshold}
    head = prologue("text", names, **thresholds)
    stated = re.search(r"credibility below ([0-9.]+) flags a sentence", " ".join(head.split()))
    assert stated and float(stated.group(1)) == scorer.flag_threshold
    assert f"at or above {scorer.model.credible_threshold}" in " ".join(head.split())
    assert "calibrated probability" in head and "positive contribution lowers credibility" in head
    assert all(len(line) <= 100 for line in head.splitlines())
    html = prologue("html", names, **thresholds)
    assert f"credibility below {scorer.flag_threshold} flags a sentence" in html
    # data formats carry no explanation: JSONL none, CSV only its column names
    assert prologue("jsonl", names, **thresholds) == ""
    assert prologue("csv", names, **thresholds) == ",".join(csv_header(names)) + "\n"
    assert prologue("text", names, "sources", **thresholds) == ""


def test_output_error_records(scorer):
    bad = scorer.score_document_safely("x", None, "binary file, not text")
    assert json.loads(render_jsonl(bad)) == {"doc_id": "x", "error": "binary file, not text"}
    row = next(csv.reader(io.StringIO(render_csv(bad, scorer.signal_names))))
    assert row[0] == "x" and row[-1] == "binary file, not text"


def test_output_file_sink_resume_truncates_torn_record(tmp_path):
    out = tmp_path / "out.jsonl"
    sink = FileSink(out, "", resume=False)
    sink.write('{"doc": 1}\n')
    sink.write('{"doc": 2}\n')
    sink.close()
    with open(sink.partial_path, "ab") as handle:  # a record torn by a kill
        handle.write(b'{"doc": 3')
    again = FileSink(out, "", resume=True)
    assert again.documents_done == 2
    again.write('{"doc": 3}\n')
    again.finish()
    assert out.read_text() == '{"doc": 1}\n{"doc": 2}\n{"doc": 3}\n'
    assert not again.partial_path.exists() and not again.index_path.exists()
    assert FileSink(out, "", resume=True).complete


def test_output_file_sink_resume_remembers_failures(tmp_path):
    out = tmp_path / "out.jsonl"
    sink = FileSink(out, "", resume=False)
    sink.write('{"doc_id": "a", "error": "binary file, not text"}\n', failed=True)
    sink.write('{"doc": 2}\n')
    sink.close()
    again = FileSink(out, "", resume=True)
    assert (again.documents_done, again.failed_before) == (2, 1)


# -- streaming: a huge document written while it is scored ---------------------
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "text"])
def test_output_stream_matches_the_whole_report(scorer, seed_text, monkeypatch, fmt):
    from pipeline import output, scorer as scorer_module
    from pipeline.parallel import InputDocument

    text = "\n\n".join([seed_text] * 20)  # 560 sentences: several CSV parts
    render = output.renderer_for(fmt, scorer.signal_names)
    whole = render(scorer.score(text, doc_id="big"))
    monkeypatch.setattr(scorer_module, "SENTENCE_CHUNK", 64)
    monkeypatch.setattr(output, "SPOOL_BYTES", 10_000)  # the text view's spool moves to disk
    streamed = render.stream(scorer, InputDocument("big", text))
    assert "".join(streamed.parts) == whole.text
    assert (streamed.n_sentences, streamed.error) == (whole.n_sentences, None)


def test_output_stream_failure_ends_with_the_error_record(scorer, seed_text, monkeypatch):
    from pipeline import output
    from pipeline.parallel import InputDocument

    def broken(text, summary=None):
        yield from scorer.score(seed_text).sentences[:2]
        raise MemoryError("simulated")

    monkeypatch.setattr(scorer, "iter_score", broken)
    streamed = output.renderer_for("jsonl", scorer.signal_names).stream(scorer, InputDocument("d", seed_text))
    records = [json.loads(part) for part in streamed.parts]
    assert [r.get("sentence") for r in records[:2]] == [0, 1]
    assert records[2] == {"doc_id": "d", "error": "cannot score: MemoryError: simulated"}
    assert streamed.error == "d: cannot score: MemoryError: simulated"


# -- faults on the way out ------------------------------------------------------
class _FullDisk(io.BufferedWriter):
    """A file that takes ``room`` bytes and then fails as a full disk does."""

    def __init__(self, raw, room: int) -> None:
        super().__init__(raw)
        self.room = room

    def write(self, data) -> int:
        if self.room < len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return super().write(data)


def test_output_file_sink_disk_full_says_what_is_kept(tmp_path, seed_sentences):
    out = tmp_path / "out.jsonl"
    sink = FileSink(out, "", resume=False)
    records = [json.dumps({"doc_id": f"d{i}", "text": s}) + "\n" for i, s in enumerate(seed_sentences[:6])]
    sink.write(records[0])
    sink.write(records[1])
    sink._out.close()
    sink._out = _FullDisk(open(sink.partial_path, "ab", buffering=0), room=len(records[2]) + 5)
    sink.write(records[2])
    with pytest.raises(OutputError) as caught:
        sink.write(records[3])
    assert str(caught.value) == (f"cannot write {sink.partial_path}: No space left on device; kept 3 documents "
                                 f"in {sink.partial_path}; rerun with --resume -o {out} to continue")
    sink.close()  # again: never raises
    again = FileSink(out, "", resume=True)
    assert again.documents_done == 3
    for record in records[3:]:
        again.write(record)
    again.finish()
    assert out.read_text() == "".join(records)


def test_output_file_sink_cannot_create(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(OutputError, match=r"^cannot write .*out\.jsonl\.partial: Permission denied$"):
        FileSink(tmp_path / "out.jsonl", "", resume=False)


def test_output_stdout_sink_full_device_and_closed_pipe(seed_sentences):
    class Failing(io.BytesIO):
        def __init__(self, exc):
            super().__init__()
            self.exc = exc

        def flush(self):
            raise self.exc

    full = StdoutSink("", stream=Failing(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))))
    with pytest.raises(OutputError, match=r"^cannot write to stdout: No space left on device \(after 0 documents\)$"):
        full.write(seed_sentences[0])
    full.close()  # never raises
    broken = StdoutSink("", stream=Failing(BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))))
    with pytest.raises(BrokenPipeError):  # the reader's choice: the caller stops quietly
        broken.write(seed_sentences[0])


def test_output_special_files_are_written_in_place(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "to-stdout"
    link.symlink_to("/dev/stdout")
    (tmp_path / "regular.jsonl").write_text("")
    assert special_output(str(fifo)) == "FIFO (pipe)"
    assert special_output(os.devnull) == "character device"
    assert special_output("/dev/fd/1") is not None
    assert special_output(str(link)) is not None
    assert special_output(str(tmp_path / "regular.jsonl")) is None
    assert special_output(str(tmp_path / "new.jsonl")) is None


def test_output_fifo_sink_read_by_a_thread(tmp_path, seed_sentences):
    import threading

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    sink = open_sink(str(fifo), "csv", ["anonymous_attribution"])
    sink.write(seed_sentences[0] + "\n")
    sink.finish()
    reader.join(timeout=30)
    assert received == [(",".join(csv_header(["anonymous_attribution"])) + "\n" + seed_sentences[0] + "\n").encode()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]  # no .partial beside it
