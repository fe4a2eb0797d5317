"""``sensational_wording``: loaded, dramatic or clickbait language.

Rules: the lexicon ``sensational_patterns.tsv`` (loaded adjectives and verbs,
superlatives, fear appeals, clickbait formulas, name calling...). Learned part:
word n-grams fitted on clickbait headlines and on PTC sentences that hold a
Loaded_Language, Exaggeration, Appeal_to_fear or Name_Calling span; its
strongest n-grams are shown as ``loaded_term`` evidence.
"""

from __future__ import annotations

from .base import SignalExtractor

SENSATIONAL_CUES = (
    "loaded_phrase", "loaded_adjective", "loaded_verb", "superlative", "exaggeration",
    "fear_appeal", "clickbait_phrase", "intensifier", "punctuation", "name_calling",
)


class SensationalWording(SignalExtractor):
    """Loaded, dramatic or clickbait wording."""

    name = "sensational_wording"
    rule_cues = SENSATIONAL_CUES
    learned_cue = "loaded_term"
    lexicon_file = "sensational_patterns.tsv"
