"""Renderers and the resumable file sink."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import stat

import pytest

from pipeline.output import (FileSink, OutputError, StdoutSink, csv_header, open_sink, render_csv, render_jsonl,
                             render_text, special_output)


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
