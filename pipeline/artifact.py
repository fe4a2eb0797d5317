"""The model on disk: ``model.joblib`` with its JSON card, written, verified and loaded.

``model.joblib`` is loaded only after its sha256 and library versions match the
card (``joblib`` can run code), unless the caller trusts it explicitly.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import joblib

from . import __version__, datasets
from .model import LABELS, CredibilityModel, classifier_feature_names
from .signals.base import plain_vocabulary, strip_unstable_state

MODEL_FILE = "model.joblib"
CARD_FILE = "model_card.json"

#: Libraries whose versions must match between training and loading
#: (name, how many version components must agree).
CHECKED_LIBRARIES = (("scikit-learn", 2), ("numpy", 1), ("scipy", 1), ("joblib", 1))


class ModelError(Exception):
    """A model could not be found, verified or loaded."""


def file_sha256(path: Path) -> str:
    """sha256 of a file, streamed."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    """Versions of Python and the libraries a model file depends on."""
    versions = {"python": platform.python_version()}
    for name in ("scikit-learn", "numpy", "scipy", "joblib", "nltk"):
        versions[name] = metadata.version(name)
    return versions


def save_model(model: CredibilityModel, path: str | Path, card: dict[str, Any]) -> dict[str, Any]:
    """Write ``model.joblib`` and ``model_card.json`` (with the artifact's sha256) into ``path``."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    artifact = folder / MODEL_FILE
    tmp = artifact.with_suffix(".joblib.tmp")
    for vectorizer in model.vectorizers():
        strip_unstable_state(vectorizer)
        plain_vocabulary(vectorizer)
    joblib.dump(model, tmp, compress=3)
    tmp.replace(artifact)
    card = dict(card)
    card["artifact"] = {"file": MODEL_FILE, "sha256": file_sha256(artifact),
                        "bytes": artifact.stat().st_size}
    card["library_versions"] = library_versions()
    (folder / CARD_FILE).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return card


def read_card(path: str | Path) -> dict[str, Any]:
    """The model card of a model folder."""
    card_path = Path(path) / CARD_FILE
    if not card_path.is_file():
        raise ModelError(f"no model card at {card_path}")
    try:
        return json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"model card {card_path} is unreadable: {exc}") from exc


def verify_model(path: str | Path) -> dict[str, Any]:
    """Check a model folder against its card; return the card or raise :class:`ModelError`."""
    folder = Path(path)
    artifact = folder / MODEL_FILE
    if not artifact.is_file():
        raise ModelError(f"no model file at {artifact}")
    card = read_card(folder)
    problems = []
    expected = card.get("artifact", {}).get("sha256")
    actual = file_sha256(artifact)
    if expected != actual:
        problems.append(f"sha256 of {MODEL_FILE} is {actual}, the card records {expected}")
    trained = card.get("library_versions", {})
    here = library_versions()
    for lib, parts in CHECKED_LIBRARIES:
        want = ".".join(str(trained.get(lib, "?")).split(".")[:parts])
        have = ".".join(here[lib].split(".")[:parts])
        if want != have:
            problems.append(f"{lib} {here[lib]} is installed, the model was trained with {trained.get(lib)}")
    if problems:
        raise ModelError(
            f"refusing to load the model in {folder}: " + "; ".join(problems)
            + " (pass --trust-model / trust=True to load it anyway)"
        )
    return card


def load_model(path: str | Path, *, trust: bool = False) -> tuple[CredibilityModel, dict[str, Any]]:
    """Load a model folder, verifying it first unless ``trust`` is true."""
    folder = Path(path)
    if trust:
        try:
            card = read_card(folder)
        except ModelError:
            card = {}
    else:
        card = verify_model(folder)
    try:
        model = joblib.load(folder / MODEL_FILE)
    except Exception as exc:  # a corrupt or foreign file: say so, do not crash
        raise ModelError(f"cannot load {folder / MODEL_FILE}: {exc}") from exc
    if not isinstance(model, CredibilityModel):
        raise ModelError(f"{folder / MODEL_FILE} does not hold a misinfo-signals model")
    return model, card


def base_card(data_dir: Path, name: str) -> dict[str, Any]:
    """The parts of a model card known before training."""
    return {
        "name": name,
        "package": "misinfo-signals",
        "version": __version__,
        "created": _dt.date.today().isoformat(),
        "python": sys.version.split()[0],
        "training_data": {
            "sha256": datasets.corpus_checksums(data_dir),
            "splits": {
                "credibility classifier": "ptc/sentences.tsv split=train, official SLC labels",
                "anonymous_attribution": "conll2010_wiki pattern subset, hash split train",
                "sensational_wording": "clickbait (hash split train) + PTC train sentences labelled by "
                                       "Loaded_Language / Exaggeration / Appeal_to_fear / Name_Calling "
                                       "spans; the spans themselves teach the evidence lexicon",
                "unverifiable_specifics": "claimbuster crowdsourced, debates hashed to train, CFS vs rest",
            },
        },
        "terms_of_use": {
            "ptc": "research use only; cite Da San Martino et al. 2019 (EMNLP) and the NLP4IF-2019 findings",
            "conll2010_wiki": "CoNLL-2010 data terms (personal/research use); Szeged WikiWeasel 2.0 CC BY-SA; "
                              "cite Farkas et al. 2010 and Szarvas et al. 2012",
            "claimbuster": "open access; cite Arslan et al. 2020 (ICWSM)",
            "clickbait": "MIT-licensed repository; cite Chakraborty et al. 2016 (ASONAM); headlines remain "
                         "the news sites' copyright",
            "model": "trained on research-use corpora: use the model for research, not commercially",
        },
    }


def thresholds_card(model: CredibilityModel) -> dict[str, Any]:
    """Thresholds as recorded in the card."""
    return {
        "flag_threshold": model.flag_threshold,
        "labels": {
            LABELS[0]: f"credibility < {model.flag_threshold}",
            LABELS[1]: f"{model.flag_threshold} <= credibility < {model.credible_threshold}",
            LABELS[2]: f"credibility >= {model.credible_threshold}",
        },
        "credible_threshold": model.credible_threshold,
        "signal_present": 0.5,
    }


def feature_names_card(model: CredibilityModel) -> dict[str, Any]:
    """Feature names for the card (word n-grams summarised by count)."""
    names = classifier_feature_names(list(model.signals), model.text_terms())
    signal_names = [n for n in names if not n.startswith("text__")]
    return {"signals": signal_names, "text_ngrams": len(names) - len(signal_names), "total": len(names)}
