"""MT and TM evidence for alignment: used when it helps, ignored when it is noise.

The MT side runs real CTranslate2 models: the tiny genuine Argos packages the test suite
builds (tests/fixtures). Their output is not a translation, which is the point of the first
test: evidence from a useless model must be detected and must not lower the score. What a
good model adds is shown with the best possible "model" — the English original of each
edition sentence — standing in for one (no real model can be downloaded here).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from align_samples import real_text

from workbench.align.aligner import align_report
from workbench.align.links import Counts, score_links
from workbench.align.mt_evidence import MTEvidence, find_mt
from workbench.project import Project

TEXTS = ("drin", "heat")


def score(report, gold) -> Counts:  # type: ignore[no-untyped-def]
    return score_links([(link.src, link.tgt) for link in report.links],
                       [(tuple(s), tuple(t)) for s, t in gold])


@pytest.fixture
def back_models(installed_models: Path, argos_package_files: dict[str, Path]) -> Path:
    """fa→en and ar→en test packages next to the installed ones (back-translation)."""
    from workbench.mt.packages import install_file

    for code in ("fa_en", "ar_en"):
        install_file(argos_package_files[code], installed_models)
    return installed_models


@pytest.mark.parametrize("lang", ["sq", "fa", "ar"])
def test_a_test_models_output_is_detected_and_never_lowers_the_score(
        project: Project, back_models: Path, lang: str) -> None:
    mt = find_mt(project.settings, "en", lang, allow_test=True)
    assert mt is not None and mt.is_test_model
    assert mt.direction == "back"  # the edition into English, compared with the source
    assert find_mt(project.settings, "en", lang) is None  # "auto" never uses a test model
    for name in TEXTS:
        en, xx, gold = real_text(name, lang)
        plain = align_report([en], [xx], "en", lang)
        with_mt = align_report([en], [xx], "en", lang, mt=mt)
        assert with_mt.mt_used is False
        assert score(with_mt, gold).scores()["strict_f1"] >= \
            score(plain, gold).scores()["strict_f1"]


def oracle(name: str, lang: str) -> MTEvidence:
    """A perfect back-translation: each edition sentence becomes the English it translates."""
    en, xx, gold = real_text(name, lang)
    english = {xx[j]: " ".join(en[i] for i in s) for s, t in gold for j in t}

    def translate(texts: Sequence[str]) -> list[str]:
        return [english[t] for t in texts]

    return MTEvidence("back", translate, "oracle", is_test_model=False)


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_useful_mt_evidence_is_used_and_helps(lang: str) -> None:
    plain, with_mt = Counts(), Counts()
    for name in TEXTS:
        en, xx, gold = real_text(name, lang)
        report = align_report([en], [xx], "en", lang, mt=oracle(name, lang))
        assert report.mt_used is True
        with_mt.add(score(report, gold))
        plain.add(score(align_report([en], [xx], "en", lang), gold))
    assert with_mt.scores()["strict_f1"] >= plain.scores()["strict_f1"]


def test_the_tm_lends_a_lexicon(project: Project) -> None:
    from workbench.tm.units import TMPair, add_units

    en, fa, gold = real_text("drin", "fa")
    add_units(project.db, [TMPair(" ".join(en[i] for i in s), " ".join(fa[j] for j in t), "en",
                                  "fa") for s, t in gold if s and t], origin_ref="test")
    en2, fa2, gold2 = real_text("heat", "fa")
    plain = align_report([en2], [fa2], "en", "fa")
    with_tm = align_report([en2], [fa2], "en", "fa", conn=project.db)
    assert with_tm.lexicon_size > plain.lexicon_size
    assert score(with_tm, gold2).scores()["strict_f1"] >= score(plain, gold2).scores()[
        "strict_f1"]


def test_cli_reports_what_it_did_with_mt(back_models: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from workbench.cli import main

    en, fa, _ = real_text("heat", "fa")
    src, tgt = tmp_path / "heat.en.txt", tmp_path / "heat.fa.txt"
    src.write_text(" ".join(en) + "\n", encoding="utf-8")
    tgt.write_text(" ".join(fa) + "\n", encoding="utf-8")
    proj = tmp_path / "p.wbproj"
    assert main(["--project", str(proj), "align", str(src), str(tgt), "--mt", "on"]) == 0
    out = capsys.readouterr().out
    assert "MT evidence from fa_en" in out and "(TEST MODEL): ignored" in out
    assert main(["--project", str(proj), "align", str(src), str(tgt)]) == 0
    assert "MT evidence" not in capsys.readouterr().out  # auto: test models are not used
