"""Loaded language and naming: the lexicon as data, Persian phrase matching, verb forms.

matcher (one Aho-Corasick automaton, Persian word boundaries) ← verbs (conjugation, hazm's
verb list) ← loaded (the loaded-language lexicon, its variants and guards) and naming (which
label an outlet uses for a referent).
"""

from framing.lexicon.loaded import CATEGORIES, Lexicon, article_scores, load_lexicon

__all__ = ["CATEGORIES", "Lexicon", "article_scores", "load_lexicon"]
