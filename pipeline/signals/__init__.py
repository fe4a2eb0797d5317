"""The signal extractors and their registry (name -> class), in report order."""

from .attribution import AnonymousAttribution, find_sources
from .base import Cue, SignalExtractor, SignalResult
from .sensational import SensationalWording
from .specifics import UnverifiableSpecifics

#: Every signal, keyed by its SPEC name, in the order reports list them.
SIGNALS: dict[str, type[SignalExtractor]] = {
    cls.name: cls for cls in (AnonymousAttribution, SensationalWording, UnverifiableSpecifics)
}

__all__ = [
    "SIGNALS", "AnonymousAttribution", "SensationalWording", "UnverifiableSpecifics",
    "SignalExtractor", "SignalResult", "Cue", "find_sources",
]
