"""Finding the procedure people mean from what they type: one home for the ranking.

Every text is compared folded (no case, no diacritics, đ as d) and with the final y of a
syllable read as i, as Vietnamese writes it both ways ("đăng kí" is "đăng ký"). Tiers, best
first:

1. The typed words held as a phrase by the procedure's name, code or field; then the same
   for the query in the catalogue's words (`SearchSynonym`: "công chứng" → "chứng thực",
   "làm giấy" → "đăng ký"; filler such as "thủ tục" dropped).
2. Only where no name holds a phrase: the typed words, then the catalogue's, held apart
   (each word somewhere). Within each, names that begin with the phrase, then the shortest, come first
   ("khai sinh" lists "Đăng ký khai sinh" before longer names).
3. One letter off: only when tiers 1 and 2 find nothing, a word of three letters or more may
   differ from a word of the name by one letter typed wrong, missing, added or swapped
   (shortest names first).
4. The description: only when nothing else is found, the words may also stand in the names
   of the papers or in the note to citizens.

The catalogue of one commune is a few dozen to a few hundred procedures: they are ranked in
Python, read once per search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from phuongso.core.text import fold
from phuongso.procedures.models import Procedure

# A syllable ending in y after consonants only: "ky", "ly", "my", "sy" (not "tay", "quy").
FINAL_Y = re.compile(r"\b([^\W\daeiouy]{1,3})y\b")
MOST_VARIANTS = 24
FUZZY_FROM_LETTERS = 3


def search_key(text: str) -> str:
    return FINAL_Y.sub(r"\1i", fold(text))


@dataclass(frozen=True)
class Indexed:
    procedure: Procedure
    name: str
    primary: str  # name, code and field

    @property
    def words(self) -> list[str]:
        return self.primary.split()


def rank(
    procedures: Iterable[Procedure], query: str, synonyms: Sequence[tuple[str, str]]
) -> list[Procedure]:
    """The procedures that match `query`, best first (tiers in the module docstring)."""
    typed = search_key(query)
    indexed = [_index(procedure) for procedure in procedures]
    if not typed:
        return [item.procedure for item in indexed]
    phrases = [typed, *_variants(typed, synonyms)]
    # A phrase held whole, in the typed words or the catalogue's, tells more than the same
    # words scattered through a name: where any name holds one, scattered words are not
    # listed ("tạm trú" is not "Khai báo tạm vắng" of the field "Cư trú").
    whole: list[Indexed] = []
    scattered: list[Indexed] = []
    for phrase in phrases:
        held, spread = _by_words(indexed, phrase)
        whole += [item for item in held if item not in whole]
        scattered += [item for item in spread if item not in scattered]
    found = whole or scattered
    if not found:
        found = _one_letter_off(indexed, phrases)
    if not found:
        found = _in_description(indexed, phrases)
    return [item.procedure for item in found]


def _index(procedure: Procedure) -> Indexed:
    return Indexed(
        procedure=procedure,
        name=search_key(procedure.name),
        primary=search_key(f"{procedure.name} {procedure.national_code} {procedure.field.name}"),
    )


def _by_words(indexed: list[Indexed], phrase: str) -> tuple[list[Indexed], list[Indexed]]:
    """Those holding the phrase whole, and those holding its words apart; closest first."""
    words = phrase.split()
    if not words:
        return [], []
    held = [item for item in indexed if phrase in item.primary]
    spread = [
        item for item in indexed if item not in held and all(word in item.primary for word in words)
    ]
    return (
        sorted(held, key=lambda item: _closeness(item, phrase)),
        sorted(spread, key=lambda item: _closeness(item, phrase)),
    )


def _closeness(item: Indexed, phrase: str) -> tuple[int, int]:
    return (0 if item.name.startswith(phrase) else 1, len(item.name))


def _variants(typed: str, synonyms: Sequence[tuple[str, str]]) -> list[str]:
    """The query in the catalogue's words: each synonym found in it replaced (longest
    phrases first), alone and together; the query itself is not among them."""
    variants = [typed]
    for phrase, means in sorted(synonyms, key=lambda pair: -len(pair[0])):
        pattern = re.compile(rf"\b{re.escape(phrase)}\b")
        for variant in list(variants):
            if len(variants) >= MOST_VARIANTS:
                break
            if pattern.search(variant):
                replaced = " ".join(pattern.sub(means, variant).split())
                if replaced not in variants:
                    variants.append(replaced)
    return [variant for variant in variants[1:] if variant]


def _one_letter_off(indexed: list[Indexed], phrases: list[str]) -> list[Indexed]:
    found: list[Indexed] = []
    for phrase in phrases:
        words = phrase.split()
        close = [item for item in indexed if all(_close_word(word, item) for word in words)]
        found += sorted((item for item in close if item not in found), key=lambda i: len(i.name))
    return found


def _close_word(word: str, item: Indexed) -> bool:
    if word in item.primary:
        return True
    if len(word) < FUZZY_FROM_LETTERS:
        return False
    return any(
        OSA.distance(word, candidate, score_cutoff=1) <= 1
        for candidate in item.words
        if abs(len(candidate) - len(word)) <= 1
    )


def _in_description(indexed: list[Indexed], phrases: list[str]) -> list[Indexed]:
    found: list[Indexed] = []
    for item in indexed:
        procedure = item.procedure
        papers = " ".join(document.name for document in procedure.documents.all())
        text = f"{item.primary} {search_key(papers)} {search_key(procedure.note)}"
        if any(phrase.split() and all(w in text for w in phrase.split()) for phrase in phrases):
            found.append(item)
    return found
