"""``unverifiable_specifics``: precise claims that no named source carries.

Rules: quantities, dates, time frames, named plans and units from
``specifics_patterns.tsv``. Learned part: word n-grams fitted on ClaimBuster
check-worthy factual claims (CFS). The specificity is then discounted when the
attribution parser sees a named source and no anonymous one: a named source
makes the specifics checkable.
"""

from __future__ import annotations

from collections.abc import Sequence

from .attribution import NAMED_CUES, find_sources
from .base import Cue, SignalExtractor, noisy_or, strongest_per_cue

SPECIFIC_CUES = ("quantity", "time_frame", "date", "named_plan", "named_unit", "plan_detail")

#: How much a named source (and no anonymous one) discounts the specificity.
NAMED_SOURCE_DISCOUNT = 0.75


class UnverifiableSpecifics(SignalExtractor):
    """Precise quantities, dates, time frames and names asserted without a named source."""

    name = "unverifiable_specifics"
    rule_cues = (*SPECIFIC_CUES, "named_source")
    learned_cue = "claim_term"
    learned_weight = 0.6  # trained on debate claims, not news (1.0: CFS CV F1 0.519 -> 0.631, but PTC dev F1 < 0.58)
    lexicon_file = "specifics_patterns.tsv"  # names of plans, units and months opt into (?-i:...)

    def _extra_priors(self) -> dict[str, float]:
        return {"named_source": 0.0}

    def _extra_cues(self, text: str) -> list[Cue]:
        sources = find_sources(text)
        if any(s.kind in NAMED_CUES for s in sources) and all(s.kind in NAMED_CUES for s in sources):
            return [Cue(s.start, s.end, "named_source", 0.0, "named_source") for s in sources]
        return []

    def _combine(self, text: str, cues: Sequence[Cue], learned: float) -> float:
        specific = [c for c in cues if c.cue != "named_source"]
        score = noisy_or([*strongest_per_cue(specific), self.learned_weight * learned])
        if len(specific) < len(cues):
            score *= 1.0 - NAMED_SOURCE_DISCOUNT
        return score
