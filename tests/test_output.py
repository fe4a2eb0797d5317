"""Renderers and the resumable file sink."""

from __future__ import annotations

import csv
import io
import json

import pytest

from pipeline.output import FileSink, render_csv, render_jsonl, render_text, csv_header


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
