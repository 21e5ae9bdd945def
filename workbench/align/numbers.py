"""Number words as anchors: "fourth", "چهارم", "الرابعة" and "i katërt" are all the number 4.

Editions often write as words what the other text writes as digits (a Persian heading
"مادهٔ چهارم" for "Article 4") or as different words ("three thousand" / "سه هزار"), so a
number read from words gets the same key as the digits ("n:4"). Runs of number words joined
by "and" (و, e, und, et) are read as one number, adding units and tens and multiplying by
hundreds and thousands: "twenty-first" = "بیست و یکم" = "الحادية والعشرون" = 21.

Words whose everyday meaning is not a number are left out when they stand alone: the
indefinite articles (یک/një: "a"; English "one" and Arabic واحد do count), Persian نه ("no"), and "first" (first/اول/أول,
more often "at first" or "leader" than a count; Albanian "parë" is not in the table at all). Tables are per language and hold folded
forms (`match_key`), for the languages of the workbench (en, sq, fa, ar); German and French
(Text+Berg) are left out: there numbers are compounds (Achttausender, zehntägig) and a
table of simple words lowered the tuning document (0.852 → 0.842 strict F1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from workbench.align.stems import PROCLITICS, strip_article
from workbench.text.normalize import match_key

NumberTable = Mapping[str, int]


def _table(*groups: tuple[Sequence[str], Iterable[int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for words, values in groups:
        out.update({match_key(w): v for w, v in zip(words, values, strict=True)})
    return out


_UNITS = range(1, 20)
_TENS = range(20, 100, 10)
_EN = _table(
    ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
     "fifteen sixteen seventeen eighteen nineteen".split(), _UNITS),
    ("twenty thirty forty fifty sixty seventy eighty ninety".split(), _TENS),
    ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
     "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split(),
     _UNITS),
    ("twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split(),
     _TENS),
    (["hundred", "thousand", "hundredth", "thousandth"], [100, 1000, 100, 1000]),
    (["twice", "thrice", "score", "threescore", "fourscore"], [2, 3, 20, 60, 80]))
_SQ_UNITS = ("një dy tre katër pesë gjashtë shtatë tetë nëntë dhjetë njëmbëdhjetë dymbëdhjetë "
             "trembëdhjetë katërmbëdhjetë pesëmbëdhjetë gjashtëmbëdhjetë shtatëmbëdhjetë "
             "tetëmbëdhjetë nëntëmbëdhjetë").split()
_SQ = _table(
    (_SQ_UNITS, _UNITS), (["tri"], [3]),
    ("njëzet tridhjetë dyzet pesëdhjetë gjashtëdhjetë shtatëdhjetë tetëdhjetë "
     "nëntëdhjetë".split(), _TENS),
    # Ordinals 6–19 are the cardinal (gjashtë, dhjetë …) or the cardinal with -të; "parë"
    # (first) is left out: it is also "seen", and inflected (para) "before" and "money".
    ("dytë tretë katërt pestë".split(), range(2, 6)),
    ([w + "të" for w in _SQ_UNITS[9:]], range(10, 20)),
    (["njëzetë", "qind", "njëqind", "mijë"], [20, 100, 100, 1000]))
_FA_UNITS = ("یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده سیزده چهارده پانزده شانزده "
             "هفده هجده نوزده").split()
_FA_TENS = "بیست سی چهل پنجاه شصت هفتاد هشتاد نود".split()
_FA = _table(
    (_FA_UNITS, _UNITS), (["هیجده"], [18]), (_FA_TENS, _TENS),
    ([w + "م" for w in _FA_UNITS if w != "سه"], [v for w, v in zip(_FA_UNITS, _UNITS,
                                                                   strict=True) if w != "سه"]),
    ([w + suffix for w in _FA_TENS[:1] + _FA_TENS[2:] for suffix in ("م", "مین")],
     [v for v in (20, *range(40, 100, 10)) for _ in range(2)]),
    ([w + "مین" for w in _FA_UNITS if w != "سه"],
     [v for w, v in zip(_FA_UNITS, _UNITS, strict=True) if w != "سه"]),
    ("اول نخست سوم سومین سی‌ام سی‌امین".split(), [1, 1, 3, 3, 30, 30]),
    (["صد", "یکصد", "هزار", "صدم", "هزارم"], [100, 100, 1000, 100, 1000]),
    ("دویست سیصد چهارصد پانصد ششصد هفتصد هشتصد نهصد".split(), range(200, 1000, 100)))
_AR = _table(
    ("واحد واحدة اثنان اثنين اثنتان اثنتين اثنا اثني ثلاث ثلاثة أربع أربعة خمس خمسة ست ستة "
     "سبع سبعة ثمان ثماني ثمانية تسع تسعة عشر عشرة".split(),
     [1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 8, 9, 9, 10, 10]),
    ([w + end for w in "عشر ثلاث أربع خمس ست سبع ثمان تسع".split() for end in ("ون", "ين")],
     [v for v in _TENS for _ in range(2)]),
    ("أول أولى ثاني ثانية ثالث ثالثة رابع رابعة خامس خامسة سادس سادسة سابع سابعة ثامن "
     "ثامنة تاسع تاسعة عاشر عاشرة حادي حادية".split(),
     [v for v in (*range(1, 11), 1) for _ in range(2)]),
    (["مئة", "مائة", "ألف", "آلاف", "ألوف"], [100, 100, 1000, 1000, 1000]))
TABLES: Mapping[str, NumberTable] = {"en": _EN, "sq": _SQ, "fa": _FA, "ar": _AR}
# Joiners inside one number ("twenty and one", "بیست و یک", "njëzet e një").
JOINERS: Mapping[str, frozenset[str]] = {"en": frozenset({"and"}), "sq": frozenset({"e"}),
                                         "fa": frozenset({"و"}), "ar": frozenset({"و"})}
# Words that are not numbers when they stand alone (see the module docstring).
ALONE_NOT_A_NUMBER: Mapping[str, frozenset[str]] = {
    "en": frozenset({"first"}), "sq": frozenset({"një"}),
    "fa": frozenset(map(match_key, ("یک", "نه", "اول", "نخست"))),
    "ar": frozenset(map(match_key, ("أول", "أولى")))}
# Albanian inflects number words at the end: të dytën, të dymbëdhjetët, e dyta.
SQ_ENDINGS = ("n", "t", "s")


def _value(word: str, lang: str) -> int | None:
    """The number a folded word names in `lang`, or None: Arabic without و/ال in front,
    Albanian without its case ending, and hundreds written as one word (katërqind,
    أربعمائة) read as digit × 100."""
    table = TABLES[lang]
    if word in table:
        return table[word]
    if lang == "ar":
        if word[:1] in PROCLITICS and len(word) > 3:
            word = word[1:]
        word = strip_article(word) if word.startswith("ال") else word
        for hundred in ("مايه", "ميه"):
            if word.endswith(hundred) and table.get(word[:-len(hundred)], 10) < 10:
                return table[word[:-len(hundred)]] * 100
    if lang == "sq":
        if word.endswith("qind") and table.get(word[:-4], 10) < 10:
            return table[word[:-4]] * 100
        for base in (word[:-1] if word.endswith(SQ_ENDINGS) else "",
                     word[:-1] + "ë" if word.endswith("a") else ""):
            if base in table:
                return table[base]
    return table.get(word)


@lru_cache(maxsize=32768)
def _word_number(word: str, lang: str) -> int | None:
    """`_value` of a word as written (cached: every word of both texts comes through here;
    a text's frequent words fit, and the cache stays small next to the aligner's tables)."""
    return _value(match_key(word), lang)


def number_word_keys(words: Sequence[str], lang: str | None) -> set[str]:
    """'n:…' keys of the numbers the sentence's words spell out (`words` as anchors.py
    finds them); empty for a language without a table."""
    if lang is None or lang not in TABLES:
        return set()
    parts = [p for w in words for p in w.split("-")] if any("-" in w for w in words) else words
    values = [_word_number(p, lang) for p in parts]
    if values.count(None) == len(values):
        return set()
    joiners, alone = JOINERS[lang], ALONE_NOT_A_NUMBER[lang]
    keys: set[str] = set()
    run: list[int] = []  # positions of the current run's number words
    for k, value in enumerate([*values, None]):
        if value is not None:
            run.append(k)
            continue
        if run and k + 1 < len(values) and values[k + 1] is not None \
                and match_key(parts[k]) in joiners:
            continue
        if run and not (len(run) == 1 and match_key(parts[run[0]]) in alone):
            keys.add("n:" + str(_compose([values[i] or 0 for i in run])))
        run = []
    return keys


def _compose(values: Sequence[int]) -> int:
    """'three thousand two hundred and five' → 3205: add, multiply by 100 and 1000."""
    total = current = 0
    for v in values:
        if v == 100:
            current = max(current, 1) * 100
        elif v == 1000:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += v
    return total + current
