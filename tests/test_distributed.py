"""Scoring on a real Dask LocalCluster (2 worker processes on loopback) equals --jobs 1."""

from __future__ import annotations

import pytest

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as local:
        yield local


def _docs(seed_text):
    paragraphs = seed_text.split("\n\n")
    docs = [(f"p{i}", p) for i, p in enumerate(paragraphs)]
    return docs * 2 + [("empty", " ")]


@pytest.mark.slow
def test_distributed_existing_scheduler_matches_local(scorer, seed_text, cluster):
    from pipeline.output import renderer_for
    from pipeline.runner import score_documents

    render = renderer_for("jsonl", scorer.signal_names)
    local = [r.text for r in score_documents(scorer, _docs(seed_text), render=render)]
    remote = [r.text for r in score_documents(scorer, _docs(seed_text), render=render,
                                              scheduler=cluster.scheduler_address)]
    assert remote == local
    assert len(cluster.scheduler_info["workers"]) == 2


@pytest.mark.slow
def test_distributed_cli_scheduler_address(tmp_path, seed_text, cluster):
    from click.testing import CliRunner

    from pipeline.cli import main

    for i, (doc_id, text) in enumerate(_docs(seed_text)):
        (tmp_path / f"{i:02d}-{doc_id}.txt").write_text(text)
    runner = CliRunner()
    one = runner.invoke(main, ["score", str(tmp_path), "--jobs", "1"])
    dask = runner.invoke(main, ["score", str(tmp_path), "--scheduler", cluster.scheduler_address])
    assert one.exit_code == dask.exit_code == 1  # the empty document fails the same way
    assert dask.stdout == one.stdout


@pytest.mark.slow
def test_distributed_library_local_cluster(scorer, seed_text):
    docs = _docs(seed_text)[:6]
    got = [r.to_dict() for r in scorer.score_many(docs, n_jobs=2, scheduler="local")]
    assert got == [scorer.score(t, doc_id=d).to_dict() for d, t in docs]


@pytest.mark.slow
def test_distributed_unreachable_scheduler_is_a_clear_error(seed_sentences):
    import socket

    from click.testing import CliRunner

    from pipeline.cli import main

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(main, ["score", "--scheduler", f"tcp://127.0.0.1:{port}"],
                                input=seed_sentences[3])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler" in result.stderr
