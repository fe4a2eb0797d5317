"""The misinfo command through click's CliRunner: exit codes, inputs, outputs, train and evaluate."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import main


@pytest.fixture()
def runner():
    return CliRunner()


def test_cli_score_seed_file(runner, seed_text):
    from conftest import seed_documents

    result = runner.invoke(main, ["score", str(seed_documents()[0])])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 28
    assert all(seed_text[r["start"]:r["end"]] == r["text"] for r in records)
    assert "scored 1 documents" in result.stderr


def test_cli_score_stdin_is_default(runner, seed_sentences):
    result = runner.invoke(main, ["score"], input=seed_sentences[24])
    assert result.exit_code == 0
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["doc_id"] == "stdin"
    assert record["signals"]["anonymous_attribution"]["score"] >= 0.5


def test_cli_score_directory_jsonl_and_failures(runner, tmp_path, seed_sentences):
    (tmp_path / "a.txt").write_text(seed_sentences[3])
    (tmp_path / "b.txt").write_text("   \n")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "j1", "text": seed_sentences[26]}) + "\nnot json\n")
    result = runner.invoke(main, ["score", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc_id"] for r in records] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "j1",
                                               f"{tmp_path / 'c.jsonl'}:2"]
    assert "error" in records[1] and "error" in records[3]
    assert "2 failed" in result.stderr


def test_cli_score_reports_say_what_the_numbers_mean(runner, scorer):
    from conftest import seed_documents

    seed = str(seed_documents()[0])
    text = runner.invoke(main, ["score", seed, "--format", "text"])
    assert text.exit_code == 0, text.output
    head, first_doc = text.stdout.split(f"\n\n== {seed}\n", 1)
    flat = " ".join(head.split())
    assert f"credibility below {scorer.flag_threshold} flags a sentence" in flat
    assert f"at or above {scorer.model.credible_threshold}" in flat
    assert text.stdout.count("calibrated probability") == 1  # once, not per document
    assert "why: " in first_doc
    csv_run = runner.invoke(main, ["score", seed, "--format", "csv"])
    columns = csv_run.stdout.splitlines()[0].split(",")
    assert columns[columns.index("flagged") + 1] == "top_reason"
    jsonl = runner.invoke(main, ["score", seed])
    assert all(json.loads(line)["reasons"] for line in jsonl.stdout.splitlines())  # no header line
    sources = runner.invoke(main, ["sources", seed, "--format", "text"])
    assert sources.stdout.startswith(f"== {seed}\n")


def test_cli_score_output_file_and_formats(runner, tmp_path, seed_text):
    from conftest import seed_documents

    seed = str(seed_documents()[0])
    for fmt in ("jsonl", "csv", "text"):
        out = tmp_path / f"out.{fmt}"
        result = runner.invoke(main, ["score", seed, "-o", str(out), "--format", fmt])
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        assert out.read_text(encoding="utf-8")
        assert not (tmp_path / f"out.{fmt}.partial").exists()


def test_cli_jobs_output_identical(runner, tmp_path, seed_text):
    for i, para in enumerate(seed_text.split("\n\n")):
        (tmp_path / f"{i:02d}.txt").write_text(para)
    one = runner.invoke(main, ["score", str(tmp_path), "--jobs", "1"])
    two = runner.invoke(main, ["score", str(tmp_path), "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout


@pytest.mark.parametrize("args", [
    ["score", "--format", "pdf"],
    ["score", "--jobs", "0"],
    ["score", "--resume"],
    ["frobnicate"],
])
def test_cli_usage_errors_exit_2(runner, args):
    assert runner.invoke(main, args).exit_code == 2


def test_cli_refuses_unverified_model(runner, tmp_path, seed_sentences):
    import shutil

    from pipeline.scorer import default_model_path

    folder = tmp_path / "m"
    shutil.copytree(default_model_path(), folder)
    with open(folder / "model.joblib", "ab") as handle:
        handle.write(b"\0\0")
    refused = runner.invoke(main, ["score", "--model", str(folder)], input=seed_sentences[3])
    assert refused.exit_code == 1 and "sha256" in refused.stderr
    inspected = runner.invoke(main, ["inspect-model", str(folder)])
    assert inspected.exit_code == 1 and "DOES NOT VERIFY" in inspected.stderr


def test_cli_inspect_shipped_model(runner):
    result = runner.invoke(main, ["inspect-model"])
    assert result.exit_code == 0
    card = json.loads(result.stdout)
    assert card["thresholds"]["flag_threshold"] > 0
    assert "verified" in result.stderr


def test_cli_train_needs_data_dir(runner, monkeypatch, tmp_path):
    monkeypatch.delenv("MISINFO_DATA_DIR", raising=False)
    assert runner.invoke(main, ["train", "-o", str(tmp_path / "m")]).exit_code == 2


@pytest.mark.slow
def test_cli_train_small_then_evaluate(runner, data_dir, tmp_path, seed_sentences):
    out = tmp_path / "small"
    trained = runner.invoke(main, ["train", "--data-dir", str(data_dir), "-o", str(out), "--limit", "1500",
                                   "--no-dev-metrics"])
    assert trained.exit_code == 0, trained.output
    card = json.loads((out / "model_card.json").read_text())
    assert card["training"]["limit"] == 1500
    assert card["artifact"]["sha256"]
    scored = runner.invoke(main, ["score", "--model", str(out)], input=seed_sentences[3])
    assert scored.exit_code == 0
    evaluated = runner.invoke(main, ["evaluate", "--data-dir", str(data_dir), "--model", str(out), "--json"])
    assert evaluated.exit_code == 0, evaluated.output
    figures = {f["figure"]: f["value"] for f in json.loads(evaluated.stdout)["figures"]}
    assert 0.3 < figures["sentence F1 (flagged vs official label)"] <= 1.0


def test_cli_evaluate_shipped_model_meets_issue_2(runner, data_dir):
    result = runner.invoke(main, ["evaluate", "--data-dir", str(data_dir), "--json"])
    assert result.exit_code == 0, result.output
    figures = {f["figure"]: f["value"] for f in json.loads(result.stdout)["figures"]}
    # issue 2 asked 0.58 (0.583 then); issues 10 and 11 keep 0.56 as the guard while the signals
    # follow the sentence gold (0.573 once the sensational extractor learned the gold's labels)
    assert figures["sentence F1 (flagged vs official label)"] >= 0.56
    assert figures["sentence boundary F1 (Punkt, shipped parameters)"] >= 0.97


def test_cli_python_m(seed_sentences):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "pipeline", "score", "--format", "text"],
                          input=seed_sentences[26].encode(), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert b"superlative" in proc.stdout


# -- faults: a real run killed mid-way ------------------------------------------
import os  # noqa: E402
import signal as _signal  # noqa: E402
import stat  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402


def _batch_dir(tmp_path, seed_text, copies: int = 120):
    folder = tmp_path / "batch"
    folder.mkdir()
    paragraphs = seed_text.split("\n\n")
    for i in range(copies):
        # each document differs, so a duplicated or lost record would show
        (folder / f"{i:04d}.txt").write_text("\n\n".join(paragraphs[i % 5:] + paragraphs[: i % 5]))
    return folder


def _start(args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **kwargs)


def _wait_for_records(index_path, at_least: int, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if index_path.exists() and index_path.read_text().count("\n") > at_least:
            return
        time.sleep(0.01)
    raise AssertionError("the run wrote no records in time")


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_cli_resume_after_a_killed_run_is_byte_identical(tmp_path, seed_text, how):
    folder = _batch_dir(tmp_path, seed_text)
    whole = tmp_path / "whole.jsonl"
    done = subprocess.run([sys.executable, "-m", "pipeline", "score", str(folder), "-o", str(whole)],
                          capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr

    out = tmp_path / "cut.jsonl"
    proc = _start(["score", str(folder), "-o", str(out)])
    _wait_for_records(out.with_name("cut.jsonl.partial.idx"), 10)
    proc.send_signal(getattr(_signal, how))
    _, err = proc.communicate(timeout=120)
    if how == "SIGTERM":
        assert proc.returncode == 130, err
        assert b"--resume" in err
        partial = out.with_name("cut.jsonl.partial").read_text(encoding="utf-8")
        assert partial.endswith("\n")
        assert all(json.loads(line) for line in partial.splitlines())  # whole records only
    assert not out.exists()
    resumed = subprocess.run([sys.executable, "-m", "pipeline", "score", str(folder), "-o", str(out), "--resume"],
                             capture_output=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert b"resuming after" in resumed.stderr
    assert out.read_bytes() == whole.read_bytes()
    assert not out.with_name("cut.jsonl.partial").exists()


def test_cli_sources_file_text_and_csv(runner):
    from conftest import seed_documents

    seed = str(seed_documents()[0])
    text = runner.invoke(main, ["sources", seed, "--format", "text"])
    assert text.exit_code == 0, text.output
    assert "a European diplomat" in text.stdout and "unnamed_role  3x" in text.stdout
    assert "[  0]" not in text.stdout  # no sentence records
    table = runner.invoke(main, ["sources", seed, "--format", "csv"])
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].startswith("doc_id,source,kind,n_mentions") and len(lines) == 1 + 9


def test_cli_sources_directory_stdin_jsonl_and_failures(runner, tmp_path, seed_text, seed_sentences):
    (tmp_path / "a.txt").write_text(seed_text)
    (tmp_path / "b.txt").write_text("   \n")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "j1", "text": seed_sentences[24]}) + "\nnot json\n")
    result = runner.invoke(main, ["sources", str(tmp_path)])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc_id"] for r in records] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "j1",
                                               f"{tmp_path / 'c.jsonl'}:2"]
    assert "error" in records[1] and "error" in records[3]
    assert records[0]["sourcing"]["unnamed_sources"] == 6 and "sentences" not in records[0]
    assert records[2]["sources"][0]["kind"] == "unnamed_role"
    piped = runner.invoke(main, ["sources", "-"], input=seed_text)
    assert piped.exit_code == 0
    (record,) = [json.loads(line) for line in piped.stdout.splitlines()]
    assert record["doc_id"] == "stdin" and len(record["sources"]) == 9


def test_cli_sources_usage_errors_exit_2(runner):
    assert runner.invoke(main, ["sources", "--format", "html"]).exit_code == 2
    assert runner.invoke(main, ["sources", "--resume"]).exit_code == 2


# -- faults on the way out --------------------------------------------------------
def _run(args, **kwargs):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, timeout=300, **kwargs)


def _one_clean_line(stderr: bytes) -> str:
    """The run's stderr, asserted to be one line and no traceback."""
    text = stderr.decode()
    assert "Traceback" not in text and "Exception ignored" not in text, text
    assert text.count("\n") == 1, text
    return text.strip()


@pytest.fixture()
def batch(tmp_path, seed_text):
    return _batch_dir(tmp_path, seed_text, copies=30)


@pytest.fixture()
def whole(tmp_path, batch):
    done = _run(["score", str(batch)])
    assert done.returncode == 0, done.stderr
    return done.stdout


def _file_size_limit(limit: int):
    def apply() -> None:
        import resource

        _signal.signal(_signal.SIGXFSZ, _signal.SIG_IGN)  # writes past the limit fail with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_cli_disk_full_then_resume_is_byte_identical(tmp_path, batch, whole):
    out = tmp_path / "out.jsonl"
    full = _run(["score", str(batch), "-o", str(out)], preexec_fn=_file_size_limit(150_000))
    assert full.returncode == 1
    line = _one_clean_line(full.stderr)
    kept = int(line.split("; kept ")[1].split()[0])
    assert 0 < kept < 30
    assert line == (f"Error: cannot write {out}.partial: File too large; kept {kept} documents in "
                    f"{out}.partial; rerun with --resume -o {out} to continue")
    assert whole.startswith((tmp_path / "out.jsonl.partial").read_bytes())  # nothing written is lost
    assert not out.exists()
    resumed = _run(["score", str(batch), "-o", str(out), "--resume"])
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming after {kept} documents".encode() in resumed.stderr
    assert out.read_bytes() == whole


def test_cli_missing_output_folder_before_any_work(runner, tmp_path, seed_text):
    from conftest import seed_documents

    out = tmp_path / "missing" / "out.jsonl"
    # a model that does not exist shows the folder is checked before anything is loaded
    result = runner.invoke(main, ["score", str(seed_documents()[0]), "-o", str(out), "--model", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {out}: folder {out.parent} does not exist\n"
    assert not out.parent.exists()


def test_cli_fifo_output_is_written_in_place(tmp_path, batch, whole):
    import threading

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = _run(["score", str(batch), "-o", str(fifo)])
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert received == [whole]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not (tmp_path / "fifo.partial").exists()
    refused = _run(["score", str(batch), "-o", str(fifo), "--resume"])
    assert refused.returncode == 2
    assert refused.stderr.decode().endswith(
        f"Error: --resume needs a regular file, and {fifo} is a FIFO (pipe) (written directly, "
        "with no .partial to continue)\n")


def test_cli_dev_stdout_output_is_not_replaced(batch, whole):
    done = _run(["score", str(batch), "-o", "/dev/stdout"])
    assert done.returncode == 0, done.stderr
    assert done.stdout == whole
    assert os.path.islink("/dev/stdout") or stat.S_ISCHR(os.stat("/dev/stdout").st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("where", ["-o", "stdout"])
def test_cli_full_device(batch, where):
    if where == "-o":
        done = _run(["score", str(batch), "-o", "/dev/full"])
        expected = ("Error: cannot write /dev/full: No space left on device "
                    "(after 0 documents; a device or pipe cannot be resumed)")
    else:
        with open("/dev/full", "wb") as full:
            done = subprocess.run([sys.executable, "-m", "pipeline", "score", str(batch)], stdout=full,
                                  stderr=subprocess.PIPE, timeout=300)
        expected = "Error: cannot write to stdout: No space left on device (after 0 documents)"
    assert done.returncode == 1
    assert _one_clean_line(done.stderr) == expected
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_pipe_closed_early_stops_quietly(batch, whole, jobs):
    proc = _start(["score", str(batch), "--jobs", jobs])
    first = proc.stdout.readline()  # `| head -1`
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=300)
    assert first == whole.splitlines(keepends=True)[0]
    assert proc.returncode == 141  # 128 + SIGPIPE, as a shell reports `cat` cut short by `head`
    assert err == b""  # no traceback, no summary claiming delivery


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "text", "html"])
def test_cli_streamed_huge_document_is_byte_identical(runner, tmp_path, seed_text, monkeypatch, fmt):
    from pipeline import parallel, scorer as scorer_module

    doc = tmp_path / "long.txt"
    doc.write_text(" ".join(" ".join(seed_text.split()) for _ in range(10)))  # one line
    before = runner.invoke(main, ["score", str(doc), "--format", fmt])
    monkeypatch.setattr(parallel, "STREAM_CHARS", 10_000)
    monkeypatch.setattr(scorer_module, "SENTENCE_CHUNK", 50)
    streamed = runner.invoke(main, ["score", str(doc), "--format", fmt, "-o", str(tmp_path / "out")])
    assert before.exit_code == streamed.exit_code == 0, streamed.output
    assert (tmp_path / "out").read_bytes() == before.stdout_bytes
    count = before.stderr.split(" in ")[0]  # "scored 1 documents, N sentences"
    assert streamed.stderr.startswith(count + " in ")


def test_cli_streamed_huge_document_with_jobs_in_order(runner, tmp_path, seed_text, monkeypatch):
    from pipeline import parallel

    paragraphs = seed_text.split("\n\n")
    for i in range(4):  # small documents around a huge one keep their places
        (tmp_path / f"{2 * i:02d}.txt").write_text(paragraphs[i])
    (tmp_path / "03.txt").write_text(" ".join(" ".join(seed_text.split()) for _ in range(5)))
    before = runner.invoke(main, ["score", str(tmp_path)])
    monkeypatch.setattr(parallel, "STREAM_CHARS", 10_000)  # forked workers inherit it
    for jobs in ("1", "2"):
        streamed = runner.invoke(main, ["score", str(tmp_path), "--jobs", jobs])
        assert streamed.exit_code == 0, streamed.output
        assert streamed.stdout_bytes == before.stdout_bytes


def test_cli_sources_shares_score_output_faults(tmp_path, batch):
    proc = _start(["sources", str(batch)])
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=300)
    assert json.loads(first)["sources"]
    assert proc.returncode == 141 and err == b""
    missing = _run(["sources", str(batch), "-o", str(tmp_path / "missing" / "out.jsonl")])
    assert missing.returncode == 1
    assert _one_clean_line(missing.stderr).startswith("Error: cannot write ")


def test_cli_sources_html_mode_and_streamed_huge_document(runner, tmp_path, seed_text, monkeypatch):
    from pipeline import parallel

    page = tmp_path / "p.html"
    page.write_text("<html><head><title>T</title></head><body><nav>Home | World</nav><article><h1>T</h1>"
                    + "".join(f"<p>{p}</p>" for p in seed_text.split("\n\n")) + "</article></body></html>")
    for mode in ("main", "full"):
        result = runner.invoke(main, ["sources", str(page), "--html-mode", mode])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["sources"]
    doc = tmp_path / "long.txt"
    doc.write_text(" ".join(" ".join(seed_text.split()) for _ in range(3)))
    for fmt in ("jsonl", "csv", "text"):
        before = runner.invoke(main, ["sources", str(doc), "--format", fmt])
        monkeypatch.setattr(parallel, "STREAM_CHARS", 10_000)
        streamed = runner.invoke(main, ["sources", str(doc), "--format", fmt])
        monkeypatch.undo()
        assert before.exit_code == streamed.exit_code == 0
        assert streamed.stdout_bytes == before.stdout_bytes
