"""Reading inputs: encodings, HTML, JSONL, directories and odd files."""

from __future__ import annotations

import io
import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.io import decode_bytes, html_to_text, looks_binary, read_inputs

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"


def test_io_cp1252_news_is_decoded_not_dropped(seed_text):
    data = seed_text.encode("cp1252")  # the seed's curly quotes and dashes exist in cp1252
    assert decode_bytes(data) == seed_text


def test_io_utf8_bom_and_crlf(seed_text):
    data = b"\xef\xbb\xbf" + seed_text.replace("\n", "\r\n").encode("utf-8")
    assert decode_bytes(data) == seed_text


def test_io_binary_refused():
    assert looks_binary(PNG_HEADER + bytes(range(256)))
    with pytest.raises(Exception, match="binary"):
        decode_bytes(PNG_HEADER + bytes(200))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_io_decode_never_raises_unexpectedly(data):
    try:
        text = decode_bytes(data)
    except Exception as exc:  # only the documented refusal
        assert "binary" in str(exc)
    else:
        assert "\r" not in text


def test_io_html_drops_script_and_style(seed_sentences):
    html = (
        "<html><head><title>" + seed_sentences[0] + "</title><style>p{color:red}</style>"
        "<script>var s = 'According to nobody';</script></head><body><div><div><p>"
        + seed_sentences[3].replace("European", "<b>European</b>") + "</p><p>" + seed_sentences[24]
        + "</p><!-- a comment --></div></div></body></html>"
    )
    text = html_to_text(html)
    assert "color" not in text and "nobody" not in text
    assert text.split("\n\n") == [seed_sentences[0], seed_sentences[3], seed_sentences[24]]


def test_io_malformed_nested_html(seed_sentences):
    html = "<div>" * 5000 + "<p>" + seed_sentences[26] + "<table><tr><td>" + seed_sentences[27]
    text = html_to_text(html)
    assert seed_sentences[26] in text and seed_sentences[27] in text


def test_io_read_files_directories_and_missing(tmp_path, seed_sentences):
    (tmp_path / "a.txt").write_text(seed_sentences[3], encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.md").write_text(seed_sentences[4], encoding="utf-8")
    (sub / "c.htm").write_text("<p>" + seed_sentences[5] + "</p>", encoding="utf-8")
    (sub / "image.png").write_bytes(PNG_HEADER)
    os.symlink(tmp_path, sub / "loop")  # a symlink loop is not followed
    skipped: list[str] = []
    docs = list(read_inputs([str(tmp_path), str(tmp_path / "nope.txt")], skipped=skipped))
    assert [(d.text, d.error) for d in docs[:2]] == [(seed_sentences[3], None), (seed_sentences[4], None)]
    # a page is handed on as markup, read where it is scored
    assert (docs[2].html, docs[2].html_mode, docs[2].error) == ("<p>" + seed_sentences[5] + "</p>", "main", None)
    assert docs[3].doc_id.endswith("nope.txt") and "no such file" in docs[3].error
    assert skipped == [str(sub / "image.png")]


def test_io_explicit_binary_file_is_an_error(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(PNG_HEADER + bytes(100))
    (doc,) = read_inputs([str(path)])
    assert doc.text is None and "binary" in doc.error


def test_io_jsonl_bad_lines(tmp_path, seed_sentences):
    lines = [
        json.dumps({"id": "good", "text": seed_sentences[3]}),
        "{not json",
        json.dumps({"id": "notext"}),
        json.dumps({"id": 7, "text": 12}),
        json.dumps([1, 2]),
        "",
        json.dumps({"text": seed_sentences[4]}),
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = list(read_inputs([str(path)]))
    assert [d.doc_id for d in docs] == ["good", f"{path}:2", "notext", "7", f"{path}:5", f"{path}:7"]
    assert docs[0].text == seed_sentences[3] and docs[5].text == seed_sentences[4]
    assert "not JSON" in docs[1].error
    assert "no \"text\"" in docs[2].error
    assert "int" in docs[3].error
    assert "not a JSON object" in docs[4].error


def test_io_stdin_text_and_jsonl(seed_sentences):
    (doc,) = read_inputs(["-"], stdin=io.BytesIO(seed_sentences[3].encode()))
    assert doc.doc_id == "stdin" and doc.text == seed_sentences[3]
    payload = "\n".join(json.dumps({"id": f"s{i}", "text": s}) for i, s in enumerate(seed_sentences[:3]))
    docs = list(read_inputs(["-"], stdin=io.BytesIO(payload.encode())))
    assert [d.doc_id for d in docs] == ["s0", "s1", "s2"]


def test_io_stdin_jsonl_is_streamed(seed_sentences):
    """JSONL on stdin is read a line at a time: documents come before the stream ends."""

    def lines():
        for i, s in enumerate(seed_sentences):
            yield (json.dumps({"id": f"s{i}", "text": s}) + "\n").encode()
        raise AssertionError("the reader went past what it needed")

    class Pipe(io.BytesIO):
        def __init__(self):
            super().__init__()
            self.source = lines()

        def __iter__(self):
            return self.source

        def read(self, *args):
            raise AssertionError("JSONL must not be read whole")

    docs = read_inputs(["-"], stdin=Pipe())
    assert [next(docs).doc_id for _ in range(3)] == ["s0", "s1", "s2"]


def test_io_stdin_binary_and_blank(seed_sentences):
    (doc,) = read_inputs(["-"], stdin=io.BytesIO(PNG_HEADER + bytes(100)))
    assert "binary" in doc.error
    (doc,) = read_inputs(["-"], stdin=io.BytesIO(b"\n\n" + seed_sentences[2].encode("cp1252")))
    assert doc.text == "\n\n" + seed_sentences[2]
