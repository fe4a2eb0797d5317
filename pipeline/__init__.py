"""misinfo-signals: per-sentence misinformation signals and credibility for news text.

>>> from pipeline import load_scorer
>>> scorer = load_scorer()                       # the shipped model
>>> doc = scorer.score(text, doc_id="a1")        # DocumentReport
>>> summary = SummaryAccumulator(scorer.signal_names)
>>> for sentence in scorer.iter_score(text, summary):  # a huge text, a chunk at a time
...     pass
"""

__version__ = "0.1.0"

from .artifact import ModelError  # noqa: E402
from .report import (DocumentReport, DocumentSummary, Evidence, SentenceReport, SignalReport,  # noqa: E402
                     SummaryAccumulator)
from .scorer import Scorer, load_scorer  # noqa: E402

__all__ = [
    "__version__", "load_scorer", "Scorer", "ModelError", "DocumentReport", "DocumentSummary",
    "SentenceReport", "SignalReport", "Evidence", "SummaryAccumulator",
]
