"""The aligner itself: exact links on en–sq/fa/ar passages, anchors, the banded DP, scoring."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from align_samples import AR, EN, FA, GOLD, SQ
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.align.aligner import align_passages, align_report, align_sentences
from workbench.align.anchors import sentence_keys
from workbench.align.dp import BEADS, align_band, align_full
from workbench.align.links import format_link, parse_links, score_links
from workbench.errors import InputError

BENCH = Path(__file__).resolve().parents[2] / "shared" / "align-bench" / "textberg-de-fr"


def pairs(links):  # type: ignore[no-untyped-def]
    return [(link.src, link.tgt) for link in links]


@pytest.mark.parametrize(("lang", "edition"), [("sq", SQ), ("fa", FA), ("ar", AR)])
def test_recovers_merge_split_and_omission_exactly(lang: str, edition: list[str]) -> None:
    links = align_sentences(EN, edition, "en", lang)
    assert pairs(links) == GOLD
    assert all(0.0 <= link.confidence <= 1.0 for link in links)
    omitted = next(link for link in links if link.src == (7,))
    assert omitted.confidence < 0.5  # an unmatched sentence is always flagged for review


@pytest.mark.parametrize(("lang", "edition"), [("sq", SQ), ("fa", FA)])
def test_paragraph_structure_with_mismatched_counts(lang: str, edition: list[str]) -> None:
    # English in 3 paragraphs, the edition in 2 (its translator joined the last two).
    src = [EN[0:3], EN[3:6], EN[6:10]]
    tgt = [edition[0:3], edition[3:]]
    assert pairs(align_passages(src, tgt, "en", lang)) == GOLD


def test_numbers_anchor_across_digit_scripts() -> None:
    assert "n:2019" in sentence_keys("در سال ۲۰۱۹")
    assert "n:2019" in sentence_keys("في عام ٢٠١٩")
    assert "n:2019" in sentence_keys("In 2019")
    assert sentence_keys("«آیا؟»") >= {"p:?", 'p:"'}
    # Ten same-length sentences that differ only in their numbers; the edition (Persian
    # digits) drops the third. Lengths cannot tell which one is missing; the numbers can.
    src = [f"Report number {n} was published in {1990 + n}." for n in range(10, 20)]
    tgt = [f"گزارش شماره {n} در سال {1990 + n} منتشر شد.".translate(
        str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) for n in range(10, 20) if n != 12]
    links = pairs(align_sentences(src, tgt, "en", "fa"))
    assert ((2,), ()) in links
    assert ((3,), (2,)) in links and ((9,), (8,)) in links


ORDINALS_FA = "یکم دوم سوم چهارم پنجم ششم هفتم هشتم نهم دهم یازدهم دوازدهم".split()


def test_number_words_anchor_like_digits() -> None:
    assert "n:4" in sentence_keys("مادهٔ چهارم", lang="fa") & sentence_keys("Article 4")
    assert "n:21" in sentence_keys("المادة الحادية والعشرون", lang="ar")
    assert "n:21" in sentence_keys("twenty-first", lang="en")
    assert "n:3000" in sentence_keys("نَحْوُ ثَلاَثَةِ آلاَفِ نَفْسٍ", lang="ar")
    assert "n:2" in sentence_keys("për të dytën herë", lang="sq")
    # An indefinite article is not the number one, nor an adverb "first" a count.
    assert not any(k.startswith("n:") for k in sentence_keys("یک کتاب", lang="fa"))
    assert not any(k.startswith("n:") for k in sentence_keys("At first", lang="en"))


def test_ordinal_headings_place_a_missing_article() -> None:
    # A Persian edition writes "Article N" as ordinal words and leaves article 5 out, with
    # its heading. The articles' bodies read alike: only the number words say where the gap
    # is, and every heading must meet its own.
    src = [line for n in range(1, 13)
           for line in (f"Article {n}", "Everyone has the right to take part in this.")]
    tgt = [line for n in range(12) if n != 4
           for line in (f"مادهٔ {ORDINALS_FA[n]}", "هر کس حق دارد در این کار شرکت کند.")]
    links = pairs(align_sentences(src, tgt, "en", "fa"))
    assert ((8,), ()) in links
    assert all(((2 * n,), (2 * n - (2 if n > 4 else 0),)) in links
               for n in range(12) if n != 4)


def test_empty_side_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="translation has no sentences"):
        align_sentences(EN, ["", "  "], "en", "fa")
    with pytest.raises(InputError, match="source has no sentences"):
        align_sentences([], SQ, "en", "sq")


def test_unrelated_text_is_flagged_not_a_translation() -> None:
    unrelated = ["Qyteti ka një park të madh me pemë të vjetra.",
                 "Treni niset çdo mëngjes në orën shtatë.",
                 "Në dimër bie shumë borë në male.",
                 "Fëmijët luajnë futboll pas shkollës.",
                 "Tregu i peshkut është i hapur të shtunën.",
                 "Biblioteka ka libra në shumë gjuhë.",
                 "Rruga për në fshat është e ngushtë.",
                 "Kafeja në sheshin qendror është e mirë.",
                 "Lumi kalon nëpër mes të qytetit."]
    report = align_report([EN], [unrelated], "en", "sq")
    assert not report.looks_like_translation
    assert all(link.confidence < 0.5 for link in report.links)
    assert align_report([EN], [SQ], "en", "sq").looks_like_translation


def test_one_side_ten_times_longer_keeps_every_sentence() -> None:
    long_src = EN * 10
    links = align_sentences(long_src, SQ, "en", "sq")
    assert sorted(i for link in links for i in link.src) == list(range(len(long_src)))
    assert sorted(j for link in links for j in link.tgt) == list(range(len(SQ)))


class RandomScorer:
    """Random bead costs that grow away from the diagonal, like real ones."""

    def __init__(self, n: int, m: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.n, self.m = n, m
        diag = np.abs(np.arange(m + 1)[None, :] - np.arange(n + 1)[:, None] * (m / n))
        self.tables = {bead: rng.random((n + 1, m + 1)) * 3 + 0.6 * diag for bead in BEADS}

    def prepare(self, lo: np.ndarray, width: int) -> None:
        pass

    def costs(self, beads: list[tuple[int, int]], rows: np.ndarray, cols: np.ndarray
              ) -> np.ndarray:
        rows, cols = np.broadcast_arrays(np.clip(rows, 0, self.n), np.clip(cols, 0, self.m))
        return np.stack([self.tables[bead][rows, cols] for bead in beads])


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 60), m=st.integers(1, 60), width=st.sampled_from([8, 16, 64]),
       seed=st.integers(0, 10_000))
def test_band_dp_equals_full_dp(n: int, m: int, width: int, seed: int) -> None:
    scorer = RandomScorer(n, m, seed)
    band = align_band(n, m, scorer, width=width)
    full = align_full(n, m, scorer)
    assert [(b.i0, b.i1, b.j0, b.j1) for b in band] == [(b.i0, b.i1, b.j0, b.j1) for b in full]
    assert sum(b.cost for b in band) == pytest.approx(sum(b.cost for b in full))


def test_link_notation_round_trip_and_scoring() -> None:
    assert format_link((1, 2), (1,)) == "[1, 2]:[1]"
    assert format_link((3,), ()) == "[3]:[]"
    gold = parse_links(["[0]:[0]", "[1, 2]:[1]", "[3]:[]", ""])
    assert gold == [((0,), (0,)), ((1, 2), (1,)), ((3,), ())]
    perfect = score_links(gold, gold).scores()
    assert perfect["strict_f1"] == 1.0
    partial = score_links([((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ())], gold).scores()
    assert partial["strict_p"] == pytest.approx(2 / 4)  # [0]:[0] and [3]:[] exact
    assert partial["strict_r"] == pytest.approx(1 / 2)  # recall over the two full gold links
    assert partial["lax_r"] == 1.0
    with pytest.raises(InputError, match=r"x\.links:2: not a link line"):
        parse_links(["[0]:[0]", "0 - 0"], path="x.links")


@pytest.mark.skipif(not BENCH.is_dir(), reason="Text+Berg benchmark data (../shared/"
                    "align-bench) is not next to this checkout")
def test_textberg_document_strict_f1_floor() -> None:
    src = (BENCH / "test3.de").read_text(encoding="utf-8").rstrip("\n").split("\n")
    tgt = (BENCH / "test3.fr").read_text(encoding="utf-8").rstrip("\n").split("\n")
    gold = parse_links((BENCH / "test3.defr").read_text(encoding="utf-8").splitlines())
    links = align_sentences(src, tgt, "de", "fr")
    assert score_links(pairs(links), gold).scores()["strict_f1"] >= 0.84  # measured 0.912


def test_project_evidence_tm_pair_and_glossary_terms(project) -> None:  # type: ignore[no-untyped-def]
    from workbench.align.evidence import evidence_keys
    from workbench.tm.units import TMPair, add_units

    # Glossary concepts found on both sides (Tehran/تهران, UN/سازمان ملل متحد) become shared keys.
    src_extra, tgt_extra = evidence_keys(project.db, EN, FA, "en", "fa")
    assert "g:tehran" in src_extra[5] and "g:tehran" in tgt_extra[5]
    assert "g:united-nations" in src_extra[8] and "g:united-nations" in tgt_extra[7]
    # A short omitted sentence gets swallowed into a 2-1 link by lengths alone; a TM unit
    # for the next sentence pins the right pair and the omission shows up.
    src = list(EN)
    src[7] = "The full report is available online."
    assert ((7, 8), (7,)) in pairs(align_sentences(src, FA, "en", "fa", conn=project.db))
    add_units(project.db, [TMPair(EN[8], FA[7], "en", "fa")], origin_ref="test")
    links = pairs(align_sentences(src, FA, "en", "fa", conn=project.db))
    assert ((7,), ()) in links and ((8,), (7,)) in links


def test_band_grows_and_recentres_around_a_long_insertion() -> None:
    # 150 numbered sentences; the edition inserts 120 unrelated ones after the 50th: the path
    # leaves the diagonal by far more than the initial band, which must widen to follow it.
    src = [f"Paragraph {n} reports {n * 7} cases in district {n + 300}." for n in range(150)]
    filler = [f"Werbung {k}: kaufen Sie heute unsere neuen Jacken und Hosen." for k in
              range(1000, 1120)]
    tgt = [f"Absatz {n} meldet {n * 7} Fälle im Bezirk {n + 300}." for n in range(150)]
    tgt = tgt[:50] + filler + tgt[50:]
    links = pairs(align_sentences(src, tgt, "en", "de"))
    assert [link for link in links if link[0]] == \
        [((n,), (n,) if n < 50 else (n + 120,)) for n in range(150)]
    assert sorted(t for s, tg in links if not s for t in tg) == list(range(50, 170))
