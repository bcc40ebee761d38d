"""Voice: whose claim is each sentence — ``attributed``, ``report`` or ``editorial`` — with its
source, cue and credit chain.

cues (reporting verbs and frames as data) → attribution (cue, source and content in one
sentence) → signals (evaluation in the outlet's voice) → rules (the guidelines' rules, one
function each, over an article) → regions (whose voice each stretch is in) and affiliation (who
the source is); models holds the registry of classifiers that decide voice from this evidence.
"""

from framing.voice.rules import VoiceResult, VoiceRules, default_rules, label_article

__all__ = ["VoiceResult", "VoiceRules", "default_rules", "label_article"]
