"""hazm's Normalizer, faster, with output identical to hazm's own.

hazm's ``Normalizer.normalize`` is most of ingestion's time. :func:`fast_normalizer` returns a
subclass that gives exactly hazm's output (``tests/test_normalize.py`` compares the two on
every shared corpus and on random strings) with less work:

- the character translation and ``persian_number``: a regex over the characters that change
  (hazm rebuilds a table on every call and looks up every character in it);
- ``decrease_repeated_chars`` returns at once when no letter repeats three times (hazm's pattern
  can only match such a run, but scans every position with backtracking);
- ``token_spacing`` (hazm's loop that joins «می» + «رود» and the like) skips tokens that cannot
  end a joined word — only what follows a ZWNJ in hazm's word list or verb forms can;
- hazm's spacing regexes: a pattern that can only match around a given substring («  »,
  «\\u200c\\u200c», «"» …) is skipped when the text has none, and a few patterns are rewritten to
  begin with what they must find (a literal or a character class, which the regex engine can
  scan for) instead of a lookbehind or a negated class. ``_FAST_RULES`` lists each rewrite next
  to hazm's pattern; a hazm release that changes a pattern simply gets its own pattern back.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

ZWNJ = "\u200c"

Rule = Callable[[str], str]


def _sub(pattern: str, repl: str, *needs: str) -> Rule:
    """``re.sub(pattern, repl, text)``, skipped when the text contains none of ``needs``."""
    rx = re.compile(pattern)
    if not needs:
        return lambda text: rx.sub(repl, text)
    return lambda text: rx.sub(repl, text) if any(n in text for n in needs) else text


def _strip_spaces_at_ends(text: str) -> str:
    """hazm's ``^ +| +$`` without MULTILINE: spaces at the start of the text, and at its end or
    before a final newline."""
    text = text.lstrip(" ")
    if text.endswith("\n"):
        return text[:-1].rstrip(" ") + "\n"
    return text.rstrip(" ")


_LETTERS = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_PUNC_AFTER = r"\.:!،؛؟»\]\)\}"
_PUNC_BEFORE = r"«\[\(\{"

# (hazm's pattern, hazm's replacement) -> an equivalent, faster rule
_FAST_RULES: dict[tuple[str, str], Rule] = {
    # EXTRA_SPACE_PATTERNS
    (r"^ +| +$", ""): _strip_spaces_at_ends,
    (r" {2,}", " "): _sub(r" {2,}", " ", "  "),
    (r"\n{3,}", "\n\n"): _sub(r"\n{3,}", "\n\n", "\n\n\n"),
    (r"\u200c{2,}", ZWNJ): _sub(r"\u200c{2,}", ZWNJ, ZWNJ + ZWNJ),
    (r"\u200c{1,} ", " "): _sub(r"\u200c{1,} ", " ", ZWNJ + " "),
    (r" \u200c{1,}", " "): _sub(r" \u200c{1,}", " ", " " + ZWNJ),
    # «\b\u200c*\B»: it cannot match empty (\b and \B at one place), and \b before a ZWNJ (not a
    # word character) means a word character before it: checked once the first ZWNJ is found
    (r"\b\u200c*\B", ""): _sub(r"\u200c(?<=\w\u200c)\u200c*\B", "", ZWNJ),
    # «\B\u200c*\b»: likewise, \B before a ZWNJ means no word character before it
    (r"\B\u200c*\b", ""): _sub(r"\u200c(?<!\w\u200c)\u200c*\b", "", ZWNJ),
    (r"[ـ\r]", ""): _sub(r"[ـ\r]", "", "ـ", "\r"),
    # AFFIX_SPACING_PATTERNS
    (r"([^ ]ه) ی ", r"\1‌ی "): _sub(r"([^ ]ه) ی ", r"\1‌ی ", "ه ی "),
    (r"(^| )(ن?می) ", r"\1\2‌"): _sub(r"(^| )(ن?می) ", r"\1\2‌", "می "),
    # the lookbehind moved after the space it precedes, so that the match starts with the space
    (rf"(?<=[^\n\d {_PUNC_AFTER}{_PUNC_BEFORE}]{{2}}) (تر(ین?)?|گری?|های?)(?=[ \n{_PUNC_AFTER}{_PUNC_BEFORE}]|$)", r"‌\1"):
        _sub(rf" (?<=[^\n\d {_PUNC_AFTER}{_PUNC_BEFORE}]{{2}} )(تر(ین?)?|گری?|های?)(?=[ \n{_PUNC_AFTER}{_PUNC_BEFORE}]|$)", r"‌\1"),
    (rf"([^ ]ه) (ا(م|یم|ش|ند|ی|ید|ت))(?=[ \n{_PUNC_AFTER}]|$)", r"\1‌\2"):
        _sub(rf"([^ ]ه) (ا(م|یم|ش|ند|ی|ید|ت))(?=[ \n{_PUNC_AFTER}]|$)", r"\1‌\2", "ه ا"),
    (r"(ه)(ها)", r"\1‌\2"): _sub(r"(ه)(ها)", r"\1‌\2", "هها"),
    # PUNCTUATION_SPACING_PATTERNS
    (r'" ([^\n"]+) "', r'"\1"'): _sub(r'" ([^\n"]+) "', r'"\1"', '"'),
    # «X(»: the character before the bracket is never a bracket, so it need not be consumed
    (rf"([^ {_PUNC_BEFORE}])([{_PUNC_BEFORE}])", r"\1 \2"): _sub(rf"(?<=[^ {_PUNC_BEFORE}])([{_PUNC_BEFORE}])", r" \1"),
    # a letter then a digit: the letter is never a digit, so it need not be consumed
    (rf"([{_LETTERS}])(\d)", r"\1 \2"): _sub(rf"(?<=[{_LETTERS}])(\d)", r" \1"),
    # PERSIAN_STYLE_PATTERNS
    (r'"([^\n"]+)"', r"«\1»"): _sub(r'"([^\n"]+)"', r"«\1»", '"'),
    (r" ?\.\.\.", " …"): _sub(r" ?\.\.\.", " …", "..."),
}


def _rules(patterns) -> tuple[list[Rule], int]:
    """hazm's (pattern, replacement) list as rules: the fast one where known, else hazm's own.
    Also returns how many fast rules were used."""
    rules, fast = [], 0
    for pattern, repl in patterns:
        key = (pattern if isinstance(pattern, str) else pattern.pattern, repl)
        rule = _FAST_RULES.get(key)
        if rule is None:
            rx = re.compile(pattern) if isinstance(pattern, str) else pattern
            rule = functools.partial(rx.sub, repl)
        else:
            fast += 1
        rules.append(rule)
    return rules, fast


def _apply(rules: list[Rule], text: str) -> str:
    for rule in rules:
        text = rule(text)
    return text


def fast_rule_count() -> tuple[int, int]:
    """(hazm patterns replaced by a fast rule, rules in ``_FAST_RULES``): equal unless hazm
    changed a pattern (the test suite reports it; results stay hazm's either way)."""
    from hazm.constants import (
        AFFIX_SPACING_PATTERNS,
        EXTRA_SPACE_PATTERNS,
        PERSIAN_STYLE_PATTERNS,
        PUNCTUATION_SPACING_PATTERNS,
    )

    used = sum(_rules(p)[1] for p in (EXTRA_SPACE_PATTERNS, AFFIX_SPACING_PATTERNS, PUNCTUATION_SPACING_PATTERNS,
                                      PERSIAN_STYLE_PATTERNS))
    return used, len(_FAST_RULES)


_STEPS = ("persian_style", "persian_number", "remove_diacritics", "correct_spacing", "unicodes_replacement",
          "remove_specials_chars", "decrease_repeated_chars", "seperate_mi")


def fast_normalizer():
    """A hazm ``Normalizer`` (default options) whose output is hazm's own, computed faster."""
    import hazm
    from hazm.constants import (
        AFFIX_SPACING_PATTERNS,
        EXTRA_SPACE_PATTERNS,
        NUMBERS_DST,
        NUMBERS_SRC,
        PERSIAN_STYLE_PATTERNS,
        PUNCTUATION_SPACING_PATTERNS,
        SUFFIXES,
        TRANSLATION_DST,
        TRANSLATION_SRC,
    )
    from hazm.utils import maketrans

    def char_map(src: str, dst: str) -> Rule:
        table = {chr(k): v for k, v in maketrans(src, dst).items() if chr(k) != v}
        rx = re.compile("[" + "".join(re.escape(c) for c in table) + "]")
        return lambda text: rx.sub(lambda m: table[m.group()], text) if rx.search(text) else text

    translate, numbers = char_map(TRANSLATION_SRC, TRANSLATION_DST), char_map(NUMBERS_SRC, NUMBERS_DST)
    suffixes = frozenset(SUFFIXES)
    extra, _ = _rules(EXTRA_SPACE_PATTERNS)
    affix, _ = _rules(AFFIX_SPACING_PATTERNS)
    punctuation, _ = _rules(PUNCTUATION_SPACING_PATTERNS)
    style, _ = _rules(PERSIAN_STYLE_PATTERNS)

    class Normalizer(hazm.Normalizer):
        _tails: frozenset | None = None

        def normalize(self, text: str) -> str:  # hazm 0.12's sequence of steps, each behind its option
            text = translate(text)
            for step in _STEPS:
                if getattr(self, "_" + step):
                    text = getattr(self, step)(text)
            return text

        def persian_style(self, text: str) -> str:
            return _apply(style, text)

        def persian_number(self, text: str) -> str:
            return numbers(text)

        def correct_spacing(self, text: str) -> str:  # hazm's, with the rules above
            text = _apply(extra, text)
            lines = text.split("\n")
            result = []
            for line in lines:
                if line.strip() and self._tokenizer:
                    line = " ".join(self.token_spacing(self._tokenizer.tokenize(line)))
                result.append(line)
            text = "\n".join(result)
            text = _apply(affix, text)
            return _apply(punctuation, text)

        def decrease_repeated_chars(self, text: str) -> str:
            if not self.more_than_two_repeat_pattern.search(text):
                return text
            return super().decrease_repeated_chars(text)

        def token_spacing(self, tokens: list[str]) -> list[str]:
            words, verbs = self._words, self._verbs
            if not words:
                return super().token_spacing(tokens)
            tails = self._tails
            if tails is None:  # what can follow a ZWNJ in a joined word or verb: the only tokens a join can add
                keys = [w for w, v in words.items() if v[0] > 0 and ZWNJ in w] + [v for v in (verbs or ()) if ZWNJ in v]
                tails = self._tails = frozenset(k.split(ZWNJ, i)[i] for k in keys for i in range(1, k.count(ZWNJ) + 1))
            result: list[str] = []
            last = len(tokens) - 1
            for t, token in enumerate(tokens):
                if result and (token in tails or token in suffixes):
                    prev = result[-1]
                    pair = prev + ZWNJ + token
                    entry = words.get(pair)
                    if (verbs and pair in verbs) or (entry is not None and entry[0] > 0):
                        if not (t < last and verbs and token + "_" + tokens[t + 1] in verbs):
                            result[-1] = pair
                            continue
                    elif token in suffixes and prev in words:
                        result[-1] = pair
                        continue
                result.append(token)
            return result

    return Normalizer()
