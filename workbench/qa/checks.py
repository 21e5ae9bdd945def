"""Quality checks on a (source, target) pair: each a small function returning findings.

They run on machine and human translations alike, the way a CAT tool's QA pass does: every
finding names what is wrong, how serious it is, and — where a mechanical fix exists — the fixed
text or the approved term, so the review screen can offer it as a one-key fix.

Severities: "error" (almost certainly wrong: a number or a glossary term missing, a forbidden
rendering, an untranslated segment), "warning" (probably wrong: punctuation, spacing, length),
"info" (worth a look).
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Literal

from workbench.text import codes
from workbench.text.normalize import fold_digits, match_key
from workbench.text.scripts import expected_script

Severity = Literal["error", "warning", "info"]


@dataclass
class Finding:
    """One QA problem (contract 3). `suggestion` is the fixed text or term, when there is one."""

    code: str
    severity: Severity
    message: str
    suggestion: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


Check = Callable[[str, str, str, str], list[Finding]]

# ---------------------------------------------------------------------------------------- text

def check_empty(source: str, target: str, src_lang: str, tgt_lang: str) -> list[Finding]:
    """A source with words and an empty target."""
    if source.strip() and not target.strip():
        return [Finding("empty", "error", "the translation is empty")]
    return []


def check_untranslated(source: str, target: str, src_lang: str, tgt_lang: str) -> list[Finding]:
    """Target equals the source (after folding), or is mostly in the wrong script."""
    from workbench.mt.guards import untranslated, wrong_script

    if not target.strip() or not re.search(r"[^\W\d_]", source):
        return []
    if match_key(source) == match_key(target) and len(source.split()) > 1:
        return [Finding("untranslated", "error", "the target is the same as the source")]
    if wrong_script(source, target, tgt_lang):
        script = expected_script(tgt_lang)
        return [Finding("wrong-script", "error",
                        f"the target is largely not in the {script} script expected for "
                        f"{tgt_lang}")]
    if untranslated(source, target):
        return [Finding("untranslated", "warning", "the target is nearly the same as the source")]
    return []


# Letters and digits typed with the other language's keyboard: Persian is written with ی ک and
# Persian digits (۴ ۵ ۶ differ in shape), Arabic with ي ك and Arabic-Indic digits.
_LETTER_FORMS = {
    "fa": {"ي": "ی", "ى": "ی", "ك": "ک", **{chr(0x0660 + i): chr(0x06F0 + i) for i in range(10)}},
    "ar": {"ی": "ي", "ک": "ك", **{chr(0x06F0 + i): chr(0x0660 + i) for i in range(10)}},
}
_LANG_ADJ = {"fa": "Persian", "ar": "Arabic"}


def check_letter_forms(source: str, target: str, src_lang: str, tgt_lang: str) -> list[Finding]:
    """Arabic ي ك (or Arabic-Indic digits) in Persian text, Persian ی ک (or digits) in Arabic."""
    table = _LETTER_FORMS.get(tgt_lang)
    if not table:
        return []
    wrong = sorted({ch for ch in target if ch in table})
    if not wrong:
        return []
    fixed = target.translate({ord(k): v for k, v in table.items()})
    return [Finding("letter-forms", "warning",
                    f"characters {' '.join(wrong)} are not the {_LANG_ADJ[tgt_lang]} forms "
                    f"({' '.join(table[c] for c in wrong)})", fixed)]


# ------------------------------------------------------------------------------------- numbers

# A number in any digit script: grouped thousands (1,000 / 1.000 / 1 000 / ١٬٠٠٠, one separator
# throughout) with an optional decimal part, or plain digits with one. Letters may follow
# (1990s, 3rd); before it only a non-letter or a tatweel (Arabic لـ٣٠٠ "for 300").
_D = "[0-9\u06f0-\u06f9\u0660-\u0669]"
_NUMBER = re.compile(
    rf"(?<![^\W\u0640])(?<![.,٫٬])"
    rf"(?:{_D}{{1,3}}([,.٬'’ \u00a0\u202f]){_D}{{3}}(?:\1{_D}{{3}})*(?:[.,٫]{_D}+)?"
    rf"|{_D}+(?:[.,٫]{_D}+)?)")
_SEPARATORS = re.compile("[.,٫٬'’ \u00a0\u202f]")


def number_value(token: str) -> str:
    """A number as written in any script and convention, as one canonical string.

    2019 = ۲۰۱۹ = ٢٠١٩; 1,000 = 1.000 = 1 000 = ١٬٠٠٠ = 1000; 2.5 = 2,5 = ٢٫٥. A separator
    followed by exactly three digits groups thousands; any other separator is the decimal mark.
    """
    digits = fold_digits(token)
    groups = _SEPARATORS.split(digits)
    seps = _SEPARATORS.findall(digits)
    if not seps:
        return digits
    decimal = ""
    if len(groups[-1]) != 3 or (len(seps) > 1 and seps[-1] != seps[0]):
        decimal = groups.pop()
    whole = "".join(groups).lstrip("0") or "0"
    decimal = decimal.rstrip("0")
    return f"{whole}.{decimal}" if decimal else whole


def number_tokens(text: str) -> list[re.Match[str]]:
    """Every number written in `text` (any digit script and grouping), with its span."""
    return list(_NUMBER.finditer(text))


def numbers(text: str) -> Counter[str]:
    """The multiset of numbers in `text` (canonical values)."""
    return Counter(number_value(m.group()) for m in _NUMBER.finditer(text))


def check_numbers(source: str, target: str, src_lang: str, tgt_lang: str) -> list[Finding]:
    """Every number of the source appears in the target (any digit script), and no others."""
    src, tgt = numbers(source), numbers(target)
    findings = []
    missing = src - tgt
    extra = tgt - src
    if missing:
        findings.append(Finding("number-missing", "error",
                                "number(s) of the source missing in the target: "
                                + ", ".join(sorted(missing.elements()))))
    if extra:
        findings.append(Finding("number-extra", "warning",
                                "number(s) in the target not in the source: "
                                + ", ".join(sorted(extra.elements()))))
    return findings


# --------------------------------------------------------------------------------- punctuation

# Each punctuation class and its form per script (Arabic script: ؟ ؛ ،).
_END_CLASS = {".": "stop", "?": "question", "؟": "question", "!": "exclamation",
              ":": "colon", ";": "semicolon", "؛": "semicolon", ",": "comma", "،": "comma",
              "…": "ellipsis"}
_FORMS = {"Latin": {"question": "?", "semicolon": ";", "comma": ","},
          "Arabic": {"question": "؟", "semicolon": "؛", "comma": "،"}}
_CLOSERS = "\"'”’»)]›"
_END_MARKS = "".join(_END_CLASS)


def _split_end(text: str) -> tuple[str, str, str]:
    """(body, end punctuation run, closing quotes/brackets) of a stripped text."""
    text = text.rstrip()
    body = text.rstrip(_CLOSERS)
    closers = text[len(body):]
    core = body.rstrip(_END_MARKS)
    return core, body[len(core):], closers


def _punct_class(run: str) -> str:
    if not run:
        return ""
    if run in ("...", "…") or set(run) == {"."} and len(run) >= 3:
        return "ellipsis"
    return _END_CLASS.get(run[-1], "")


def _form(cls: str, lang: str) -> str:
    if cls == "ellipsis":
        return "..."
    if cls == "":
        return ""
    return _FORMS[expected_script(lang)].get(cls, {"stop": ".", "exclamation": "!",
                                                  "colon": ":"}.get(cls, ""))


def check_end_punctuation(source: str, target: str, src_lang: str,
                          tgt_lang: str) -> list[Finding]:
    """End punctuation: same kind as the source, in the target script's form, not doubled."""
    if not target.strip():
        return []
    _, src_run, _ = _split_end(source)
    core, tgt_run, closers = _split_end(target)
    src_cls, tgt_cls = _punct_class(src_run), _punct_class(tgt_run)
    want = _form(src_cls, tgt_lang)
    fixed = f"{core}{want}{closers}"
    if len(tgt_run) > 1 and tgt_cls != "ellipsis" and tgt_run != src_run:
        return [Finding("punctuation-doubled", "error",
                        f"end punctuation doubled: {tgt_run!r}", fixed)]
    if src_cls != tgt_cls:
        what = f"{src_run!r}" if src_run else "none"
        return [Finding("punctuation-end", "warning",
                        f"end punctuation differs: source has {what}, target has "
                        f"{tgt_run!r}" if tgt_run else f"end punctuation {src_run!r} missing",
                        fixed)]
    if tgt_run and want and tgt_run != want and tgt_cls != "ellipsis":
        return [Finding("punctuation-script", "warning",
                        f"{tgt_run!r} should be written {want!r} in {tgt_lang}", fixed)]
    return []


_INNER = {"Arabic": {",": "،", ";": "؛", "?": "؟"}, "Latin": {"،": ",", "؛": ";", "؟": "?"}}


def check_inner_punctuation(source: str, target: str, src_lang: str,
                            tgt_lang: str) -> list[Finding]:
    """Commas, semicolons and question marks inside the target in the other script's form."""
    table = _INNER[expected_script(tgt_lang)]
    body = target.rstrip().rstrip(_CLOSERS).rstrip(_END_MARKS)
    # a comma between digits is a number separator, not punctuation
    wrong = [m for m in re.finditer("[" + re.escape("".join(table)) + "]", body)
             if not (m.group() == "," and re.match(r"\d,\d", target[max(0, m.start() - 1):]))]
    if not wrong:
        return []
    marks = "".join(sorted({m.group() for m in wrong}))
    fixed_body = "".join(table.get(ch, ch) if i in {m.start() for m in wrong} else ch
                         for i, ch in enumerate(body))
    return [Finding("punctuation-script", "warning",
                    f"punctuation {marks!r} is not the {tgt_lang} form",
                    fixed_body + target[len(body):])]


_PAIRS = {"(": ")", "[": "]", "{": "}"}
_QUOTES_OPEN = "“«‹„"
_QUOTES_CLOSE = "”»›"


def _balance(text: str) -> dict[str, int]:
    """Net opening minus closing per bracket kind; for quotation marks, 1 when they do not
    pair up. Quotes of every style are one kind (the source's “ ” may become « » or "")."""
    counts = {op: text.count(op) - text.count(cl) for op, cl in _PAIRS.items()}
    curly = sum(text.count(q) for q in _QUOTES_OPEN) - sum(text.count(q) for q in _QUOTES_CLOSE)
    counts["quotes"] = int(curly != 0 or text.count('"') % 2 == 1)
    return counts


def check_brackets(source: str, target: str, src_lang: str, tgt_lang: str) -> list[Finding]:
    """Brackets and quotes that do not pair up in the target (unless the source is the same:
    a sentence split inside a quotation)."""
    src, tgt = _balance(source), _balance(target)
    names = {"(": "parentheses ( )", "[": "brackets [ ]", "{": "braces { }",
             "quotes": "quotation marks"}
    return [Finding("unbalanced", "warning", f"unbalanced {names[kind]} in the target")
            for kind in tgt if tgt[kind] != src[kind] and tgt[kind] != 0]


# ------------------------------------------------------------------------------------- spacing

def check_spaces(source: str, target: str, src_lang: str, tgt_lang: str) -> list[Finding]:
    """Double spaces and leading/trailing whitespace the source does not have."""
    findings = []
    if "  " in target.strip() and "  " not in source.strip():
        findings.append(Finding("double-space", "warning", "double space in the target",
                                re.sub(r"(?<=\S) {2,}(?=\S)", " ", target)))
    lead = target[: len(target) - len(target.lstrip())]
    trail = target[len(target.rstrip()):]
    if (lead and not source[:1].isspace()) or (trail and not source[-1:].isspace()):
        findings.append(Finding("whitespace", "warning",
                                "leading or trailing whitespace in the target", target.strip()))
    return findings


_REPEAT = re.compile(r"(?<!\w)(\w+)(\s+)\1(?!\w)", re.IGNORECASE)


def check_repeated_words(source: str, target: str, src_lang: str,
                         tgt_lang: str) -> list[Finding]:
    """The same word twice in a row ("në në", "که که") more often than in the source (whose
    own repetitions, "no, no", may be translated as such)."""
    in_source = sum(1 for m in _REPEAT.finditer(source) if not m.group(1).isdigit())
    repeats = [m for m in _REPEAT.finditer(target) if not m.group(1).isdigit()]
    if len(repeats) <= in_source:
        return []
    starts = {m.start() for m in repeats}
    fixed = None if in_source else _REPEAT.sub(
        lambda m: m.group(1) if m.start() in starts else m.group(0), target)
    words = ", ".join(dict.fromkeys(m.group(1) for m in repeats))
    return [Finding("repeated-word", "warning", f"repeated word: {words}", fixed)]


def check_capital(source: str, target: str, src_lang: str, tgt_lang: str) -> list[Finding]:
    """A Latin-script target starting in lower case where the source starts with a capital."""
    if expected_script(tgt_lang) != "Latin":
        return []
    src_first = next((ch for ch in source if ch.isalpha()), "")
    stripped = target.lstrip()
    tgt_first = next((ch for ch in stripped if ch.isalpha()), "")
    if src_first.isupper() and tgt_first.islower() and stripped[:1] == tgt_first:
        lead = target[: len(target) - len(stripped)]
        return [Finding("capital", "warning", "the target starts with a lower-case letter",
                        lead + tgt_first.upper() + stripped[1:])]
    return []


# -------------------------------------------------------------------------------------- length

# Plausible target/source character-length ratios from English (Albanian runs longer, Farsi
# and Arabic shorter: fewer letters, short vowels unwritten).
LENGTH_RATIOS: dict[tuple[str, str], tuple[float, float]] = {
    ("en", "sq"): (0.55, 1.8), ("en", "fa"): (0.45, 1.8), ("en", "ar"): (0.45, 1.8),
    ("sq", "en"): (0.55, 1.35), ("fa", "en"): (0.65, 2.0), ("ar", "en"): (0.65, 2.0),
}
DEFAULT_RATIO = (0.4, 2.5)
MIN_LENGTH_FOR_RATIO = 30


def check_length(source: str, target: str, src_lang: str, tgt_lang: str) -> list[Finding]:
    """Target much shorter or longer than a translation of the source usually is."""
    if len(source.strip()) < MIN_LENGTH_FOR_RATIO or not target.strip():
        return []
    low, high = LENGTH_RATIOS.get((src_lang, tgt_lang), DEFAULT_RATIO)
    ratio = len(target.strip()) / len(source.strip())
    if ratio < low:
        return [Finding("length", "warning",
                        f"target is short for the source ({ratio:.2f}× its length; "
                        f"usual for {src_lang}→{tgt_lang}: {low}–{high}×)")]
    if ratio > high:
        return [Finding("length", "warning",
                        f"target is long for the source ({ratio:.2f}× its length; "
                        f"usual for {src_lang}→{tgt_lang}: {low}–{high}×)")]
    return []


# --------------------------------------------------------------------------------- inline codes

def check_codes(source: str, target: str, src_lang: str, tgt_lang: str) -> list[Finding]:
    """The target's inline codes (links, emphasis, line breaks, protected URLs) against the
    source's: a missing, extra or unbalanced code is an error (the edition would lose a link or
    bold the wrong words); a code in another order is a warning, since word order moves codes
    in every target language (Albanian puts the adjective after its noun, Farsi the verb
    last) and a right-to-left target moves them in logical order too."""
    if not (codes.has_codes(source) or codes.has_codes(target)):
        return []
    diff = codes.compare(source, target)
    findings = []
    if diff.missing:
        findings.append(Finding("code-missing", "error",
                                "code(s) of the source missing in the target: "
                                + " ".join(diff.missing)))
    if diff.extra:
        findings.append(Finding("code-extra", "error",
                                "code(s) in the target not in the source (or doubled): "
                                + " ".join(diff.extra)))
    if diff.unbalanced:
        findings.append(Finding("code-unbalanced", "error",
                                "codes do not pair up: " + "; ".join(diff.unbalanced)))
    if diff.reordered:
        findings.append(Finding("code-order", "warning",
                                "codes are in another order than in the source: check they "
                                "surround the right words"))
    return findings


TEXT_CHECKS: tuple[Check, ...] = (
    check_empty, check_untranslated, check_letter_forms, check_numbers, check_end_punctuation,
    check_inner_punctuation, check_brackets, check_spaces, check_repeated_words, check_capital,
    check_length,
)


# Web addresses and e-mail addresses are copied, not translated: their "?", "/" and digits are
# not sentence punctuation or numbers, and their Latin letters say nothing about the target's
# script. Each one either text holds is replaced in both by one private-use character for the
# checks, and put back in every fix (a fix must never edit inside a URL).
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"«»“”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_MARK = 0xE000


def _mask_urls(source: str, target: str) -> tuple[str, str, dict[str, str]]:
    found = sorted({m.group() for text in (source, target) for m in _URL.finditer(text)},
                   key=len, reverse=True)
    if not found:
        return source, target, {}
    marks = {url: chr(_URL_MARK + i) for i, url in enumerate(found)}
    for url, mark in marks.items():
        source, target = source.replace(url, mark), target.replace(url, mark)
    return source, target, {mark: url for url, mark in marks.items()}


def _unmask(text: str | None, urls: dict[str, str]) -> str | None:
    if text is None:
        return None
    for mark, url in urls.items():
        text = text.replace(mark, url)
    return text


def run_checks(source: str, target: str, src_lang: str, tgt_lang: str, *,
               conn: sqlite3.Connection | None = None) -> list[Finding]:
    """Every check on one pair (contract 3); with `conn`, the glossary checks too.

    An empty or untranslated target gets only that finding: its punctuation, terms and
    spacing would be noise until it is translated. The other checks then see the text
    without its codes (`check_codes` looks at those), so a link at the end of a sentence
    does not hide its full stop, and without its URLs (see `_mask_urls`).
    """
    plain_source, plain_target = codes.without_codes(source), codes.without_codes(target)
    masked_source, masked_target, urls = _mask_urls(plain_source, plain_target)
    for gate in (check_empty, check_untranslated):
        blocking = [f for f in gate(masked_source, masked_target, src_lang, tgt_lang)
                    if f.severity == "error"]
        if blocking:
            return blocking
    findings = check_codes(source, target, src_lang, tgt_lang)
    source, target = plain_source, plain_target
    text_findings: list[Finding] = []
    for check in TEXT_CHECKS:
        text_findings += check(masked_source, masked_target, src_lang, tgt_lang)
    for f in text_findings:
        f.message, f.suggestion = _unmask(f.message, urls) or "", _unmask(f.suggestion, urls)
    findings += text_findings
    if conn is not None:
        from workbench.qa.terms import check_terms

        findings += check_terms(conn, source, target, src_lang, tgt_lang)
    return findings
