"""``misinfo train``: fit the model, evaluate it on dev for the card, and save both."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .model import (CARD_FILE, base_card, feature_names_card, save_model, thresholds_card,
                    train_model)


def train_and_save(data_dir: Path, output: Path, *, limit: int | None = None, dev_metrics: bool = True,
                   log: Callable[[str], None] = lambda msg: None) -> dict[str, Any]:
    """Train on the ``train`` splits, save model + card to ``output``, add dev figures to the card.

    The dev figures are measured after every choice was made by cross-validation
    on train; nothing reads dev before that.
    """
    started = time.perf_counter()
    model, report = train_model(data_dir, limit=limit, log=log)
    card = base_card(data_dir, output.name)
    card["training"] = {**report, "seconds": round(time.perf_counter() - started, 1)}
    card["thresholds"] = thresholds_card(model)
    card["feature_names"] = feature_names_card(model)
    card["calibration"] = ("isotonic regression on out-of-fold classifier scores, "
                           "grouped 5-fold cross-validation by PTC article")
    card = save_model(model, output, card)
    if dev_metrics:
        from .evaluate import evaluate_all, figures_to_dicts
        from .scorer import load_scorer

        log("evaluating on dev for the model card")
        figures = evaluate_all(load_scorer(output), data_dir, "dev")
        card["dev_metrics"] = figures_to_dicts(figures)
        (output / CARD_FILE).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    return card
