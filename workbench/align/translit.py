"""Names across scripts: a consonant skeleton that "Jerusalem" and "اورشلیم" share.

An English page and its Farsi or Arabic edition share almost no letters, but they share
names, and a name keeps its consonants when it is written in another script: Theophilus /
ثاوفيلس, Damascus / دمشق, Philip / فيلبس, Amnesty / آمنستی. Both sides are reduced to
classes of consonants that transliteration maps onto each other (b/p, f/v, t/d/θ, s/z/sh,
k/g/q, l, r, m, n); vowels and the letters that stand for vowels in Arabic script (ا و ي)
are dropped, as are h and the Arabic gutturals, which transliteration drops or adds at will.

The key is the first three classes, after a final s is removed: Greek names keep their
nominative ending in Arabic (بولس = Paulos for Paul, بطرس for Peter) and English adds a
plural s. A skeleton of a single class says nothing and gives no key. The keys are evidence,
not identity: a common Arabic word may share a skeleton with an English name by chance,
which is why they are weighted below numbers and URLs (see scorer.KEY_WEIGHTS).
"""

from __future__ import annotations

from functools import lru_cache

from workbench.align.stems import PROCLITICS, strip_article

KEY_CLASSES = 3
# Latin digraphs first (longest match), then single letters; "" drops the letter.
_LATIN_DIGRAPHS = {"ph": "F", "th": "T", "sh": "S", "ch": "K", "ck": "K", "qu": "K",
                   "gh": "K", "kh": "K", "dh": "T"}
_LATIN = {"b": "B", "p": "B", "f": "F", "v": "F", "t": "T", "d": "T", "s": "S", "z": "S",
          "x": "KS", "k": "K", "q": "K", "g": "K", "l": "L", "r": "R", "m": "M", "n": "N"}
_SOFT_C = frozenset("eiy")
_ARABIC = {"ب": "B", "پ": "B", "ف": "F", "ڤ": "F", "ت": "T", "ط": "T", "د": "T", "ض": "T",
           "ذ": "T", "ث": "T", "ظ": "T", "س": "S", "ص": "S", "ز": "S", "ش": "S", "ژ": "S",
           "ك": "K", "ک": "K", "ق": "K", "غ": "K", "خ": "K", "گ": "K", "ج": "K", "چ": "K",
           "ل": "L", "ر": "R", "م": "M", "ن": "N"}


def _collapse(classes: str) -> str:
    """Doubled letters are one sound: "Philippi" → FLB, like "فيلبي"."""
    out: list[str] = []
    for c in classes:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _key(skeleton: str) -> str | None:
    if len(skeleton) >= 3 and skeleton.endswith("S"):
        skeleton = skeleton[:-1]
    return "t:" + skeleton[:KEY_CLASSES] if len(skeleton) >= 2 else None


@lru_cache(maxsize=65536)
def latin_name_keys(word: str) -> frozenset[str]:
    """Skeleton keys of a Latin-script name (already accent-free and case-folded).

    'j' is a 'y' in Biblical names (Jesus = يسوع) and a 'ج' in modern ones (John Kerry =
    جون کری), so a name with a 'j' gets a key for each reading.
    """
    readings = [word] if "j" not in word else [word.replace("j", ""), word.replace("j", "g")]
    keys = set()
    for reading in readings:
        out: list[str] = []
        i = 0
        while i < len(reading):
            pair = reading[i:i + 2]
            if pair in _LATIN_DIGRAPHS:
                out.append(_LATIN_DIGRAPHS[pair])
                i += 2
                continue
            ch = reading[i]
            if ch == "c":
                out.append("S" if reading[i + 1:i + 2] in _SOFT_C and i + 1 < len(reading)
                           else "K")
            else:
                out.append(_LATIN.get(ch, ""))
            i += 1
        key = _key(_collapse("".join(out)))
        if key:
            keys.add(key)
    return frozenset(keys)


@lru_cache(maxsize=65536)
def arabic_name_keys(folded: str) -> frozenset[str]:
    """Skeleton keys of an Arabic-script word (folded: no harakat, unified letter variants).

    The article goes (الجليل → جليل); a first و ف ب ل ك may be a clitic ("and", "to") or
    part of the name (فيلبس, Philip), so the word gets a key with and without it.
    """
    word = strip_article(folded)
    readings = {word, word[1:]} if word[:1] in PROCLITICS and len(word) > 3 else {word}
    keys = {_key(_collapse("".join(_ARABIC.get(ch, "") for ch in r))) for r in readings}
    return frozenset(k for k in keys if k)
