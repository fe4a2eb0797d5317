"""misinfo-signals: per-sentence misinformation signals and credibility for news text.

>>> from pipeline import load_scorer
>>> scorer = load_scorer()                       # the shipped model
>>> doc = scorer.score(text, doc_id="a1")        # DocumentReport
"""

__version__ = "0.1.0"

from .model import ModelError  # noqa: E402
from .report import DocumentReport, DocumentSummary, Evidence, SentenceReport, SignalReport  # noqa: E402
from .scorer import Scorer, load_scorer  # noqa: E402

__all__ = [
    "__version__", "load_scorer", "Scorer", "ModelError", "DocumentReport", "DocumentSummary",
    "SentenceReport", "SignalReport", "Evidence",
]
