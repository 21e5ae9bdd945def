"""The CTranslate2 engine on genuine tiny Argos packages: order, batching, cache, pivot, split."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from fixtures.argos_builder import build_package, package_metadata

from workbench.config import load_settings
from workbench.errors import ModelMissingError
from workbench.mt.cache import TranslationCache
from workbench.mt.engine import (
    TYPICAL_TOKENS,
    Engine,
    decode_cap,
    load_model,
    loaded_models,
    token_batches,
)
from workbench.mt.packages import install_file

TEXTS = [
    "The MEK is well known as a conduit for Mossad intelligence.",
    "Hello.",
    "News emerged that a data leak in Albania led the Rama government to sign a memorandum.",
    "Maryam Rajavi visited Ashraf 3 in Manez.",
    "What guarantee does Albania have?",
    "The company, Jones Group International, is led by General James Logan Jones Jr.",
    "Hello.",
]


def engine(**overrides: object) -> Engine:
    return Engine(replace(load_settings(), **overrides))  # type: ignore[arg-type]


def test_outputs_follow_input_order(installed_models: Path) -> None:
    e = engine(batch_size=64)  # one batch: the engine sorts by length, then restores order
    forward = e.translate(TEXTS, "en", "sq")
    backward = engine(batch_size=64).translate(TEXTS[::-1], "en", "sq")
    assert [r.text for r in forward] == [r.text for r in backward][::-1]
    assert forward[1].text == forward[6].text  # the same sentence twice: the same output
    assert len({r.text for r in forward}) == len(set(TEXTS))  # different inputs, outputs
    assert all(r.model == "en_sq@1.0" and r.is_test_model for r in forward)


def test_batch_size_does_not_change_outputs(installed_models: Path) -> None:
    # Greedy decoding is exactly reproducible, so batched and one-by-one must agree (each
    # output gets its own input's decoding cap even inside a batch of longer sentences).
    batched = engine(batch_size=3, beam_size=1).translate(TEXTS, "en", "sq")
    singles = [engine(batch_size=1, beam_size=1).translate([t], "en", "sq")[0] for t in TEXTS]
    assert [r.text for r in batched] == [r.text for r in singles]


def test_repeated_text_is_served_from_the_cache(installed_models: Path, project) -> None:
    first = Engine(project.settings, TranslationCache(project.db)).translate(TEXTS, "en", "fa")
    assert [r.cached for r in first] == [False] * 6 + [True]  # "Hello." again: translated once
    # A new engine (new session) over the same project finds the outputs in the project file.
    again = Engine(project.settings, TranslationCache(project.db)).translate(TEXTS, "en", "fa")
    assert all(r.cached for r in again)
    assert [r.text for r in again] == [r.text for r in first]
    rows = project.db.execute("SELECT count(*) FROM mt_cache WHERE model_key LIKE 'en_fa@1.0%'")
    assert rows.fetchone()[0] == len(set(TEXTS))


def test_cache_key_names_the_model_version(installed_models: Path) -> None:
    cache = TranslationCache()
    e = Engine(load_settings(), cache)
    e.translate(["Hello."], "en", "sq")
    assert e.translate(["Hello."], "en", "sq")[0].cached
    # The same text into another language is not a cache hit.
    assert not e.translate(["Hello."], "en", "ar")[0].cached


def test_pivots_through_english_when_no_direct_package(installed_models: Path) -> None:
    e = engine()
    route = e.route("sq", "fa")
    assert [p.code for p in route] == ["sq_en", "en_fa"]
    res = e.translate(["Tirana është kryeqyteti i Shqipërisë."], "sq", "fa")
    assert res[0].model == "sq_en@1.0+en_fa@1.0"
    # The pivot output is exactly the second hop applied to the first hop's output.
    middle = e.translate(["Tirana është kryeqyteti i Shqipërisë."], "sq", "en")[0].text
    assert res[0].text == e.translate([middle], "en", "fa")[0].text


def test_missing_model_names_the_install_command(installed_models: Path) -> None:
    with pytest.raises(ModelMissingError) as err:
        engine().translate(["Hello."], "en", "de")
    assert "workbench models install en_de" in err.value.render()
    with pytest.raises(ModelMissingError) as err:  # pivot possible but second hop missing
        engine().route("sq", "de")
    assert "workbench models install en_de" in err.value.render()


def test_no_model_at_all(argos_package_files: dict[str, Path]) -> None:
    with pytest.raises(ModelMissingError) as err:
        engine().translate(["Hello."], "en", "sq")
    assert "workbench models install en_sq" in err.value.render()


@pytest.fixture
def short_input_model(tmp_path: Path, sentencepiece_model: Path) -> Path:
    """An en→ar package that accepts at most 12 tokens (declared in its metadata)."""
    pkg = build_package(tmp_path, "en", "ar", sentencepiece_model, seed=9,
                        metadata=package_metadata("en", "ar", max_input_tokens=12))
    install_file(pkg, Path(os.environ["WORKBENCH_MODELS_DIR"]))
    return pkg


def test_long_input_is_split_not_truncated(short_input_model: Path) -> None:
    e = engine()
    text = ("The MEK is well known as a conduit for Mossad intelligence, a two-way street. "
            "With Jones' company embedded in the security infrastructure, who knows what real "
            "threat there may be to national security in that country.")
    model = load_model(e.route("en", "ar")[0])
    assert len(model.encode(text)) > 12
    job = e._prepare(model, text)
    assert len(job.parts) > 2 and all(len(p) <= 12 for p in job.parts)
    # Every word of the source reaches the model (decoded parts put back together).
    rebuilt = " ".join(model.decode(p) for p in job.parts)
    assert rebuilt.split() == text.split()
    # The translation of the whole is the translations of its parts, joined.
    whole = e.translate([text], "en", "ar")[0].text
    parts = e.translate([model.decode(p) for p in job.parts], "en", "ar")
    assert whole == " ".join(r.text.strip() for r in parts if r.text.strip())


def test_random_weights_hit_the_decoding_cap_and_are_flagged(installed_models: Path) -> None:
    e = engine()
    model = load_model(e.route("en", "sq")[0])
    text = TEXTS[0]
    res = e.translate([text], "en", "sq")[0]
    out_tokens = len(model.encode(res.text))
    assert out_tokens <= decode_cap(len(model.encode(text))) + 5  # decoding stopped at the cap
    assert "truncated" in res.flags  # an untrained model never emits its end token


def test_loaded_models_stay_within_the_memory_bound(installed_models: Path) -> None:
    e = engine()
    infos = {code: e.route(*code.split("_"))[0] for code in ("en_sq", "en_fa", "en_ar")}
    for info in infos.values():
        load_model(info, max_memory_mb=100)
    load_model(infos["en_sq"], max_memory_mb=100)  # used again: most recent
    assert [p.code for p in loaded_models()][-3:] == ["en_fa", "en_ar", "en_sq"]
    load_model(infos["en_fa"], max_memory_mb=0)  # over the bound: only the one in use stays
    assert [p.code for p in loaded_models()] == ["en_fa"]


def test_long_sentences_go_in_smaller_batches() -> None:
    lengths = [3, 5, 10, 20, 40, 40, 41, 60, 180, 180, 180, 180, 300]
    batches = list(token_batches(lengths, 4, key=lambda n: n))
    assert [n for b in batches for n in b] == lengths  # nothing lost, order kept
    assert all(len(b) <= 4 for b in batches)
    budget = 4 * decode_cap(TYPICAL_TOKENS)
    assert all(len(b) * decode_cap(max(b)) <= budget or len(b) == 1 for b in batches)
    assert batches[0] == [3, 5, 10, 20] and [300] in batches


def test_thread_split_follows_the_settings() -> None:
    from workbench.mt.engine import MAX_WORKERS, available_cores, engine_threads

    cores = available_cores()
    assert engine_threads(0, 0) == (min(cores, MAX_WORKERS), max(1, cores // min(cores, 4)))
    assert engine_threads(1, 0) == (1, 1)          # `threads = 1`: one core, whatever else
    assert engine_threads(8, 0) == (4, 2)          # a worker per core up to 4, then threads
    assert engine_threads(6, 2) == (2, 3)          # `mt_workers` fixes the split
    assert engine_threads(2, 5) == (2, 1)          # never more threads than allowed
    assert engine_threads(0, 1) == (1, cores)      # the engine as it was: one worker, all cores


def test_parallel_batches_keep_outputs_and_order(installed_models: Path) -> None:
    texts = TEXTS * 3
    one = engine(batch_size=2, beam_size=1, mt_workers=1, threads=2).translate(texts, "en", "sq")
    two = engine(batch_size=2, beam_size=1, mt_workers=2, threads=2).translate(texts, "en", "sq")
    assert [r.text for r in one] == [r.text for r in two]
    assert len({r.text for r in two}) == len(set(TEXTS))
