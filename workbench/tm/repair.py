"""Number repair for fuzzy TM matches (what memoQ and Trados call auto-propagated numbers).

A match for "The MEK moved 307 members" used for the new source "The MEK moved 278 members"
still says ۳۰۷ in its Farsi target. When the two sources differ only in some numbers, each
number of the match source that the new source replaced is replaced in the target by its new
value, written the way the target wrote the old one: in the same digit script (Persian ۰-۹,
Arabic-Indic ٠-٩ or ASCII) and with the same thousands separator.

Numbers are paired by order of appearance among the ones that changed; when the counts of
removed and added numbers differ the pairing is ambiguous and nothing is touched (the QA check
for numbers still flags the segment).
"""

from __future__ import annotations

from collections import Counter

from workbench.qa.checks import number_tokens, number_value

_SCRIPTS = ("0123456789", "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩")
_GROUPING = ",.٬'’ \u00a0\u202f"


def _digit_script(token: str) -> str:
    for digits in _SCRIPTS[1:]:
        if any(c in digits for c in token):
            return digits
    return _SCRIPTS[0]


def _written_like(new: str, old: str) -> str:
    """`new` (as in the new source) in the digit script and grouping mark of `old`."""
    digits = _digit_script(old)
    out = "".join(digits[int(c)] if c.isdigit() and c.isascii() else c for c in new)
    old_group = next((c for c in old if c in _GROUPING), None)
    new_group = next((c for c in new if c in _GROUPING), None)
    if old_group and new_group and old_group != new_group \
            and number_value(new) == number_value(new.replace(new_group, "")):
        out = out.replace(new_group, old_group)
    return out


def _changed(match_source: str, new_source: str) -> list[tuple[str, str]]:
    """(old value, new token) for each number the new source replaced, in order."""
    old = [m.group() for m in number_tokens(match_source)]
    new = [m.group() for m in number_tokens(new_source)]
    removed = [number_value(t) for t in _only_in(old, new)]
    added = _only_in(new, old)
    if len(removed) != len(added):
        return []
    return list(zip(removed, added, strict=True))


def _only_in(tokens: list[str], others: list[str]) -> list[str]:
    """The tokens whose value `others` lacks (as a multiset), in order."""
    left = Counter(number_value(t) for t in tokens) - Counter(number_value(t) for t in others)
    out = []
    for token in tokens:
        value = number_value(token)
        if left[value] > 0:
            left[value] -= 1
            out.append(token)
    return out


def repair_numbers(match_source: str, new_source: str, target: str) -> tuple[str, list[str]]:
    """The match's `target` with changed numbers updated; and the repairs ("۳۰۷ → ۲۷۸")."""
    pairs = _changed(match_source, new_source)
    if not pairs:
        return target, []
    out, repairs, last = [], [], 0
    todo = list(pairs)
    for m in number_tokens(target):
        value = number_value(m.group())
        hit = next((i for i, (old, _) in enumerate(todo) if old == value), None)
        if hit is None:
            continue
        _, new_token = todo.pop(hit)
        replacement = _written_like(new_token, m.group())
        out.append(target[last:m.start()])
        out.append(replacement)
        repairs.append(f"{m.group()} → {replacement}")
        last = m.end()
    out.append(target[last:])
    return "".join(out), repairs
