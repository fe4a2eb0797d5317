"""`misinfo evaluate --plots`: the PNGs are written, one per figure, named by corpus and split."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import main

pytest.importorskip("matplotlib", reason="the plots extra is not installed")


@pytest.mark.slow
def test_plots_written_by_evaluate(data_dir, tmp_path):
    out = tmp_path / "plots"
    result = CliRunner().invoke(main, ["evaluate", "--data-dir", str(data_dir), "--plots", str(out), "--json"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.glob("*.png"))
    assert names == [
        "claimbuster_dev_unverifiable_specifics_histogram.png",
        "clickbait_dev_sensational_wording_histogram.png",
        "conll2010_wiki_dev_anonymous_attribution_histogram.png",
        "ptc_dev_precision_recall.png",
        "ptc_dev_reliability.png",
        "ptc_sensational_dev_sensational_wording_histogram.png",
    ]
    for path in out.glob("*.png"):
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
        assert f"wrote {path}" in result.stderr


def test_plots_title_names_corpus_and_split(scorer, data_dir, tmp_path, monkeypatch):
    """Every figure's title names its corpus and split (checked on the matplotlib figures)."""
    import matplotlib.pyplot as plt

    from pipeline import plots

    titles: list[str] = []
    original = plt.Figure.savefig

    def capture(fig, *args, **kwargs):
        titles.extend(ax.get_title() for ax in fig.axes if ax.get_title())
        return original(fig, *args, **kwargs)

    monkeypatch.setattr(plt.Figure, "savefig", capture)
    plots.write_plots(scorer, data_dir, "dev", tmp_path)
    assert len(titles) == 6
    for title in titles:
        assert "dev" in title
        assert any(c in title for c in ("PTC", "ptc", "conll2010_wiki", "clickbait", "claimbuster"))
