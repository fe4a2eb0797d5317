"""Parser rules checked on PTC train sentences read at test time (no corpus text in the repo).

Each case names a train article and a sentence index (the default segmenter's
spans) and the kind of the source the rule must find; the sentence's words
stay in the corpus.
"""

from __future__ import annotations

import pytest

from pipeline.signals.attributions import find_attributions


@pytest.fixture(scope="module")
def train_sentences(data_dir):
    from pipeline.datasets import load_ptc_articles
    from pipeline.segment import default_segmenter

    seg = default_segmenter()
    texts = {a.article_id: a.text for a in load_ptc_articles(data_dir, "train")}

    def sentence(article_id: str, index: int) -> str:
        text = texts[article_id]
        s, e = seg.spans(text)[index]
        return text[s:e]

    return sentence


def _kinds_at_start(sentence: str, skip: int = 0) -> set[str]:
    return {a.kind for a in find_attributions(sentence) if a.source_start <= skip}


# ", saying ...": the participle reports what the sentence's subject says
@pytest.mark.parametrize("article_id,index,kind", [
    ("731927633", 28, "named_person"),   # "<Name>, for his part, compared ..., saying ..."
    ("761897089", 23, "vague_group"),    # "Prosecutors sloughed off ..., saying ..."
    ("758477392", 2, "named_body"),      # "The state department has issued ..., adding ..."
])
def test_participle_credits_the_sentence_subject(train_sentences, article_id, index, kind):
    assert kind in _kinds_at_start(train_sentences(article_id, index))


def test_participle_skips_a_dateline(train_sentences):
    sentence = train_sentences("780786973", 1)  # "WASHINGTON — President <Name> continued ..., saying ..."
    kinds = {(a.kind, sentence[a.source_start:a.source_end].isupper()) for a in find_attributions(sentence)}
    assert ("named_person", False) in kinds
    assert not any(upper for _, upper in kinds)
