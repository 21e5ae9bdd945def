"""Which inline-code placeholder forms survive MT: the tokenisers, then the real decoder.

Inline codes (links, bold, line breaks) go through MT as placeholders, the way glossary terms
go as `[T0]` masks (workbench/glossary/code_masks.py). A placeholder must (1) come back from
SentencePiece encode → decode unchanged, and (2) be copied by the decoder. This script
measures both for candidate forms of an opening, a closing and a standalone code, on real
seed sentences with a link-like pair around two words and a line break at the end:

  (1) tokenisers: the SentencePiece model inside the test packages (byte fallback, as the
      tests build them) and one trained without byte fallback (as Argos ships its models);
  (2) decoder: the genuine test packages (CTranslate2 Transformers, beam 4, Argos's decoding
      options) for en→sq, en→fa, en→ar. Their weights are random — no trained model can be
      downloaded here — so (2) shows what an untrained model does with placeholders, which
      is the worst case the restoring code must survive, not what a trained Argos model does.

Figures are per placeholder (opening, closing, standalone counted separately) and per segment
(all three back exactly once). Run: `python benchmarks/mt_code_placeholders.py [--sentences N]`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the package builder shared with the test fixtures

from fixtures.argos_builder import build_package, train_sentencepiece, training_lines  # noqa: E402

from workbench.config import load_settings  # noqa: E402
from workbench.mt.cache import TranslationCache  # noqa: E402
from workbench.mt.engine import Engine  # noqa: E402
from workbench.mt.packages import install_file  # noqa: E402

# (name, opening, closing, standalone) with {} for the code number.
FORMS = (
    ("[B1] [E1] [X1]", "[B{}]", "[E{}]", "[X{}]"),
    ("[1] [/1] [1/]", "[{}]", "[/{}]", "[{}/]"),
    ("<1> </1> <1/>", "<{}>", "</{}>", "<{}/>"),
    ("<g1> </g1> <x1/>", "<g{}>", "</g{}>", "<x{}/>"),
    ("{1} {/1} {1/}", "{{{}}}", "{{/{}}}", "{{{}/}}"),
    ("__1__ __/1__", "__{}__", "__/{}__", "__{}x__"),
    ("⟨1⟩ ⟨/1⟩ ⟨1/⟩", "⟨{}⟩", "⟨/{}⟩", "⟨{}/⟩"),
    ("PUA U+E001", "\ue000", "\ue400", "\ue800"),
    ("XB1 XE1 XX1", "XB{}", "XE{}", "XX{}"),
)
PAIRS = ("en_sq", "en_fa", "en_ar")


def sentences(n: int) -> list[str]:
    """Seed sentences of 8-30 words, in file order."""
    from workbench.ingest.segment import split_sentences

    found: list[str] = []
    for line in training_lines():
        for s in split_sentences(line, "en"):
            if 8 <= len(s.split()) <= 30 and s[-1] in ".!?" and s not in found:
                found.append(s)
    return found[:n]


def coded(sentence: str, form: tuple[str, str, str, str], number: int = 1) -> tuple[str, list[str]]:
    """The sentence with a pair around words 2-3 and a standalone code before the final mark;
    returns (masked text, the three placeholders)."""
    _, o, c, s = form
    ph = [o.format(number), c.format(number), s.format(number + 1)]
    words = sentence[:-1].split(" ")
    words[1] = ph[0] + words[1]
    words[2] = words[2] + ph[1]
    return " ".join(words) + ph[2] + sentence[-1], ph


def survived(output: str, placeholder: str) -> bool:
    return output.count(placeholder) == 1


def no_byte_fallback_model(out: Path) -> Path:
    import sentencepiece as spm

    corpus = out / "corpus.txt"
    corpus.write_text("\n".join(training_lines()) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(out / "nobf"), vocab_size=800,
        character_coverage=0.9995, byte_fallback=False, model_type="unigram", num_threads=1,
        hard_vocab_limit=False, minloglevel=2)
    return out / "nobf.model"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=40)
    args = parser.parse_args()
    import sentencepiece as spm

    texts = sentences(args.sentences)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sp_model = train_sentencepiece(root / "spm")
        tokenisers = {"test packages (byte fallback)": spm.SentencePieceProcessor(
            model_file=str(sp_model)),
            "Argos-like (no byte fallback)": spm.SentencePieceProcessor(
                model_file=str(no_byte_fallback_model(root)))}
        settings = replace(load_settings(), models_dir=root / "models", beam_size=4)
        for seed, pair in enumerate(PAIRS, start=1):
            src, tgt = pair.split("_")
            install_file(build_package(root / "pkg", src, tgt, sp_model, seed=seed),
                         settings.models_dir)
        engine = Engine(settings, TranslationCache())
        print(f"{len(texts)} seed sentences, 3 placeholders each "
              f"({len(texts) * 3} per form and tokeniser / language)\n")
        header = ["form"] + list(tokenisers) + [f"decoder en→{p[3:]}" for p in PAIRS]
        print(" | ".join(header))
        print(" | ".join("---" for _ in header))
        for form in FORMS:
            cells = [form[0]]
            masked = [coded(t, form) for t in texts]
            for sp in tokenisers.values():
                back = [(sp.decode(sp.encode(m, out_type=int)), ph) for m, ph in masked]
                cells.append(_rate(back))
            for pair in PAIRS:
                outs = engine.translate([m for m, _ in masked], "en", pair[3:])
                cells.append(_rate([(o.text, ph) for o, (_, ph) in zip(outs, masked,
                                                                       strict=True)]))
            print(" | ".join(cells))
    print("\ncell: placeholders back exactly once / all placeholders (segments with all three)")


def _rate(results: list[tuple[str, list[str]]]) -> str:
    total = sum(len(ph) for _, ph in results)
    kept = sum(survived(out, p) for out, ph in results for p in ph)
    whole = sum(all(survived(out, p) for p in ph) for out, ph in results)
    return f"{100 * kept / total:.0f}% ({whole}/{len(results)})"


if __name__ == "__main__":
    main()
