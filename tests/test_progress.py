"""Progress on a terminal (a real pseudo-terminal), a one-line summary otherwise."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys

import pytest

from pipeline.progress import Progress, count_documents


def test_progress_counts_documents(tmp_path, seed_sentences):
    (tmp_path / "a.txt").write_text(seed_sentences[0])
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps({"text": s}) for s in seed_sentences[:5]) + "\n")
    (tmp_path / "skip.png").write_bytes(b"\x89PNG")
    assert count_documents([str(tmp_path)]) == 6
    assert count_documents([str(tmp_path), "-"]) is None


def test_progress_silent_when_not_a_terminal():
    stream = io.StringIO()
    progress = Progress(10, stream)
    progress.update(3, 90)
    progress.close()
    assert stream.getvalue() == ""
    assert "3/10 documents" in progress.line(1.0) and "ETA" in progress.line(1.0)


def _run_with_pty(args: list[str], stdin_text: str | None = None) -> tuple[int, bytes, bytes]:
    """Run `python -m pipeline` with stdout and stderr on pseudo-terminals."""
    out_master, out_slave = pty.openpty()
    err_master, err_slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], stdin=subprocess.PIPE,
                            stdout=out_slave, stderr=err_slave)
    os.close(out_slave)
    os.close(err_slave)
    proc.stdin.write((stdin_text or "").encode())
    proc.stdin.close()
    chunks = {out_master: b"", err_master: b""}
    for fd in chunks:
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            chunks[fd] += data
    code = proc.wait(timeout=300)
    return code, chunks[out_master], chunks[err_master]


@pytest.mark.slow
def test_progress_bar_on_a_terminal(tmp_path, seed_text):
    for i, para in enumerate(seed_text.split("\n\n")):
        (tmp_path / f"{i:02d}.txt").write_text(para)
    code, out, err = _run_with_pty(["score", str(tmp_path), "-o", str(tmp_path / "out.jsonl")])
    assert code == 0, err
    assert b"28/28 documents" in err and b"sentences/s" in err and b"ETA" in err
    assert out == b""


@pytest.mark.slow
def test_progress_text_colour_only_on_a_terminal(seed_sentences):
    code, out, _ = _run_with_pty(["score", "--format", "text"], stdin_text=seed_sentences[26])
    assert code == 0 and b"\x1b[" in out
    plain = subprocess.run([sys.executable, "-m", "pipeline", "score", "--format", "text"],
                           input=seed_sentences[26].encode(), capture_output=True, timeout=300)
    assert plain.returncode == 0 and b"\x1b[" not in plain.stdout
    assert b"scored 1 documents" in plain.stderr
