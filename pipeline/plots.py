"""Evaluation plots (PNG, matplotlib's Agg backend): PR curve, reliability diagram, signal histograms."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import datasets
from .evaluate import signal_scores


class PlotsUnavailable(RuntimeError):
    """matplotlib is not installed."""


def _pyplot():
    try:
        import matplotlib
    except ImportError as exc:  # an optional extra
        raise PlotsUnavailable("--plots needs matplotlib: pip install 'misinfo-signals[plots]'") from exc
    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    return plt


def _pr_curve(plt, risk: np.ndarray, y: np.ndarray, flag_risk: float, title: str, path: Path) -> None:
    from sklearn.metrics import average_precision_score, precision_recall_curve

    precision, recall, _ = precision_recall_curve(y, risk)
    flagged = risk > flag_risk
    p_at = (y[flagged].mean() if flagged.any() else 0.0)
    r_at = flagged[y == 1].mean() if (y == 1).any() else 0.0
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    ax.plot(recall, precision, label=f"AP {average_precision_score(y, risk):.3f}")
    ax.scatter([r_at], [p_at], color="crimson", zorder=3, label=f"flag threshold (P {p_at:.2f}, R {r_at:.2f})")
    ax.axhline(y.mean(), color="grey", ls=":", label=f"base rate {y.mean():.2f}")
    ax.set(xlabel="recall", ylabel="precision", xlim=(0, 1), ylim=(0, 1.02), title=title)
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _reliability(plt, risk: np.ndarray, y: np.ndarray, title: str, path: Path, bins: int = 10) -> None:
    from .thresholds import expected_calibration_error

    idx = np.minimum((risk * bins).astype(int), bins - 1)
    centers, observed, counts = [], [], []
    for b in range(bins):
        mask = idx == b
        if mask.any():
            centers.append(risk[mask].mean())
            observed.append(y[mask].mean())
            counts.append(int(mask.sum()))
    fig, (ax, hx) = plt.subplots(2, 1, figsize=(5.5, 6), gridspec_kw={"height_ratios": [3, 1]}, sharex=True)
    ax.plot([0, 1], [0, 1], color="grey", ls=":", label="perfect calibration")
    ax.plot(centers, observed, marker="o", label=f"model (ECE {expected_calibration_error(risk, y):.3f})")
    ax.set(ylabel="observed share with a signal", ylim=(0, 1), title=title)
    ax.legend(loc="upper left", fontsize=8)
    hx.bar(centers, counts, width=0.08)
    hx.set(xlabel="predicted probability (1 - credibility)", ylabel="sentences", xlim=(0, 1))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _histogram(plt, scores: np.ndarray, y: np.ndarray, names: tuple[str, str], title: str, path: Path) -> None:
    fig, ax = plt.subplots(figsize=(5.5, 4))
    edges = np.linspace(0, 1, 21)
    for label, name in ((0, names[0]), (1, names[1])):
        ax.hist(scores[y == label], bins=edges, alpha=0.6, density=True, label=f"{name} (n={int((y == label).sum())})")
    ax.axvline(0.5, color="black", ls="--", lw=1, label="present at 0.5")
    ax.set(xlabel="signal score", ylabel="density", title=title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_plots(scorer, data_dir: Path, split: str, folder: Path) -> list[Path]:
    """Write every evaluation plot for ``split`` into ``folder``; returns the paths."""
    plt = _pyplot()
    folder.mkdir(parents=True, exist_ok=True)
    written = []

    ptc = datasets.load_ptc_sentences(data_dir, split)
    reports = scorer.score_sentences(ptc.texts)
    risk = 1.0 - np.asarray([r.credibility for r in reports])
    y = np.asarray(ptc.labels)
    path = folder / f"ptc_{split}_precision_recall.png"
    _pr_curve(plt, risk, y, 1.0 - scorer.flag_threshold,
              f"Credibility classifier: PTC {split} (propaganda sentences)", path)
    written.append(path)
    path = folder / f"ptc_{split}_reliability.png"
    _reliability(plt, risk, y, f"Reliability of 1 - credibility: PTC {split}", path)
    written.append(path)

    sens = datasets.load_ptc_sentences(data_dir, split, label="sensational")
    signal_sets = [
        ("anonymous_attribution", datasets.load_weasel(data_dir, split), ("certain", "weasel / uncertain")),
        ("sensational_wording", datasets.load_clickbait(data_dir, split), ("news headline", "clickbait")),
        ("sensational_wording", sens, ("no sensational span", "sensational span")),
        ("unverifiable_specifics", datasets.load_claimbuster(data_dir, split), ("NFS / UFS", "CFS")),
    ]
    for name, ds, labels in signal_sets:
        scores = signal_scores(scorer, ds.texts, name)
        corpus = "ptc_sensational" if ds is sens else ds.corpus
        path = folder / f"{corpus}_{split}_{name}_histogram.png"
        _histogram(plt, scores, np.asarray(ds.labels), labels,
                   f"{name} on {corpus} {split}", path)
        written.append(path)
    return written
