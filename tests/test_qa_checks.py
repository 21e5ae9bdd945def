"""QA checks on crafted good and bad pairs in Albanian, Farsi and Arabic (real words)."""

from __future__ import annotations

import pytest

from workbench.qa.checks import number_value, run_checks


def codes(source: str, target: str, lang: str, conn=None) -> set[str]:
    return {f.code for f in run_checks(source, target, "en", lang, conn=conn)}


GOOD = [
    ("Maryam Rajavi visited Ashraf 3 in Manez in 2019.",
     {"sq": "Maryam Rajavi vizitoi Ashraf 3 në Manëz në vitin 2019.",
      "fa": "مریم رجوی در سال ۲۰۱۹ از اشرف ۳ در مانز دیدار کرد.",
      "ar": "زارت مريم رجوي أشرف 3 في مانيز عام ٢٠١٩."}),
    ("Why did the MEK leave Camp Liberty?",
     {"sq": "Pse e la MEK-u Kampin Liberty?",
      "fa": "چرا مجاهدین خلق کمپ لیبرتی را ترک کردند؟",
      "ar": "لماذا غادرت مجاهدي خلق مخيم ليبرتي؟"}),
    ("The families said: “We want to see our children in Tirana.”",
     {"sq": "Familjet thanë: “Duam të shohim fëmijët tanë në Tiranë.”",
      "fa": "خانواده‌ها گفتند: «می‌خواهیم فرزندانمان را در تیرانا ببینیم.»",
      "ar": "قالت العائلات: «نريد أن نرى أبناءنا في تيرانا.»"}),
    ("The MEK paid 1,000 dollars to 300 members (in cash).",
     {"sq": "MEK-u pagoi 1.000 dollarë për 300 anëtarë (në para në dorë).",
      "fa": "مجاهدین خلق ۱٬۰۰۰ دلار به ۳۰۰ عضو پرداخت کرد (نقدی).",
      "ar": "دفعت مجاهدي خلق ١٬٠٠٠ دولار لـ٣٠٠ عضو (نقداً)."}),
]


@pytest.mark.parametrize("lang", ["sq", "fa", "ar"])
@pytest.mark.parametrize("source, targets", GOOD)
def test_good_translations_have_no_findings(project, source: str, targets: dict[str, str],
                                            lang: str) -> None:
    assert run_checks(source, targets[lang], "en", lang, conn=project.db) == []


def test_forbidden_rendering_is_an_error_with_the_approved_rendering(project) -> None:
    findings = run_checks("Maryam Rajavi spoke in Paris.",
                          "مريم رجوي در باريس سخنرانی کرد.", "en", "fa", conn=project.db)
    forbidden = [f for f in findings if f.code == "term-forbidden"]
    assert {f.suggestion for f in forbidden} == {"مریم رجوی", "پاریس"}
    assert all(f.severity == "error" for f in forbidden)
    # the same letters are right in Arabic
    assert "term-forbidden" not in codes("Maryam Rajavi spoke in Paris.",
                                         "تحدثت مريم رجوي في باريس.", "ar", project.db)


def test_missing_term_suggests_the_approved_rendering(project) -> None:
    [finding] = [f for f in run_checks("Maryam Rajavi visited the camp.",
                                       "Ajo vizitoi kampin.", "en", "sq", conn=project.db)
                 if f.code == "term-missing"]
    assert finding.severity == "error" and finding.suggestion == "Maryam Rajavi"
    # an inflected Albanian form counts as present
    assert "term-missing" not in codes("They met Maryam Rajavi.", "Ata takuan Maryam Rajavin.",
                                       "sq", project.db)
    # with an Arabic proclitic attached
    assert "term-missing" not in codes("Mossad and the CIA", "الموساد ووكالة المخابرات المركزية",
                                       "ar", project.db)


def test_term_occurring_twice_but_rendered_once(project) -> None:
    found = codes("Rajavi said Rajavi would stay.", "رجوی گفت که می‌ماند.", "fa", project.db)
    assert "term-count" in found


def test_do_not_translate_term_must_stay_as_is(project) -> None:
    assert "term-missing" not in codes("ASILA wrote to BIRN.", "ASILA i shkroi BIRN-it.", "sq",
                                       project.db)
    assert "term-missing" in codes("ASILA wrote to BIRN.", "Shoqata i shkroi rrjetit.", "sq",
                                   project.db)


@pytest.mark.parametrize("lang, target", [
    ("sq", "Në vitin 2018 ata ishin 3.000."),
    ("fa", "در سال ۲۰۱۸ آنها ۳٬۰۰۰ نفر بودند."),
    ("ar", "في عام ٢٠١٨ كانوا ٣٬٠٠٠."),
])
def test_number_differs_across_digit_scripts(lang: str, target: str) -> None:
    findings = run_checks("In 2019 they were 3,000.", target, "en", lang)
    [missing] = [f for f in findings if f.code == "number-missing"]
    assert "2019" in missing.message and "3000" not in missing.message
    assert any(f.code == "number-extra" and "2018" in f.message for f in findings)


@pytest.mark.parametrize("written, value", [
    ("2019", "2019"), ("۲۰۱۹", "2019"), ("٢٠١٩", "2019"), ("1,000", "1000"),
    ("1.000", "1000"), ("١٬٠٠٠", "1000"), ("1 000", "1000"), ("2.5", "2.5"), ("2,5", "2.5"),
    ("٢٫٥", "2.5"), ("1,000.50", "1000.5"),
])
def test_number_values(written: str, value: str) -> None:
    assert number_value(written) == value


@pytest.mark.parametrize("lang, target", [
    ("sq", "Maryam Rajavi visited Ashraf 3 in 2019."),
    ("fa", "Maryam Rajavi visited Ashraf 3 in 2019."),
])
def test_target_equal_to_source_is_untranslated(project, lang: str, target: str) -> None:
    # only that finding: terms and punctuation of an untranslated target are noise
    assert codes("Maryam Rajavi visited Ashraf 3 in 2019.", target, lang, project.db) == {
        "untranslated"}


def test_target_in_the_wrong_script() -> None:
    found = codes("The families wrote an open letter to the government.",
                  "The families wrote a letter نامه to the government.", "ar")
    assert "wrong-script" in found or "untranslated" in found
    assert "wrong-script" in codes("The families wrote an open letter.",
                                   "خانواده‌ها نامه‌ای سرگشاده نوشتند.", "sq")


@pytest.mark.parametrize("lang, target, fixed", [
    ("fa", "چرا آنها رفتند؟?", "چرا آنها رفتند؟"),
    ("ar", "لماذا غادروا؟؟", "لماذا غادروا؟"),
    ("sq", "Pse ikën ata??", "Pse ikën ata?"),
])
def test_doubled_end_punctuation(lang: str, target: str, fixed: str) -> None:
    [f] = [f for f in run_checks("Why did they leave?", target, "en", lang)
           if f.code == "punctuation-doubled"]
    assert f.severity == "error" and f.suggestion == fixed


def test_doubled_full_stop_but_ellipsis_is_fine() -> None:
    assert "punctuation-doubled" in codes("They left.", "Ata ikën..", "sq")
    assert codes("They left...", "Ata ikën...", "sq") == set()


@pytest.mark.parametrize("lang, target, fixed", [
    ("fa", "چرا آنها رفتند?", "چرا آنها رفتند؟"),
    ("ar", "لماذا غادروا?", "لماذا غادروا؟"),
    ("sq", "Pse ikën ata؟", "Pse ikën ata?"),
])
def test_question_mark_in_the_targets_script(lang: str, target: str, fixed: str) -> None:
    [f] = [f for f in run_checks("Why did they leave?", target, "en", lang)
           if f.code == "punctuation-script"]
    assert f.suggestion == fixed


def test_end_punctuation_differs() -> None:
    [f] = [f for f in run_checks("Why did they leave?", "Ata ikën.", "en", "sq")
           if f.code == "punctuation-end"]
    assert f.suggestion == "Ata ikën?"
    [f] = [f for f in run_checks("They left.", "آنها رفتند", "en", "fa")
           if f.code == "punctuation-end"]
    assert f.suggestion == "آنها رفتند."


def test_inner_comma_and_semicolon_in_the_targets_script() -> None:
    [f] = [f for f in run_checks("Tehran, Tabriz; Paris.", "تهران, تبریز; پاریس.", "en", "fa")
           if f.code == "punctuation-script"]
    assert f.suggestion == "تهران، تبریز؛ پاریس."
    # a comma inside a number is not punctuation
    assert "punctuation-script" not in codes("They paid 1,000 dollars.", "دفعوا 1,000 دولار.",
                                             "ar")


@pytest.mark.parametrize("lang, target", [
    ("fa", "آنها گفتند: «می‌خواهیم فرزندانمان را ببینیم."),
    ("ar", "قالت العائلات (في رسالة: نريد أن نرى أبناءنا."),
    ("sq", "Familjet thanë: “Duam të shohim fëmijët.””"),
])
def test_unbalanced_quotes_and_brackets(lang: str, target: str) -> None:
    assert "unbalanced" in codes("The families said: “We want to see our children.”", target,
                                 lang)


def test_source_split_inside_a_quote_is_not_flagged() -> None:
    assert "unbalanced" not in codes("“We want to see them.", "«می‌خواهیم آنها را ببینیم.", "fa")
    assert "unbalanced" not in codes('"We want to see them.', "«نريد أن نراهم.", "ar")
    assert "unbalanced" not in codes('He said "no" twice.', "Ai tha «jo» dy herë.", "sq")


def test_double_space_and_edge_whitespace() -> None:
    findings = {f.code: f for f in run_checks("They met in Tirana.", " Ata u takuan  në Tiranë. ",
                                              "en", "sq")}
    assert findings["double-space"].suggestion == " Ata u takuan në Tiranë. "
    assert findings["whitespace"].suggestion == "Ata u takuan  në Tiranë."


def test_length_ratio_out_of_range() -> None:
    source = "The families of the members have been waiting for years in front of the camp."
    assert "length" in codes(source, "Familjet.", "sq")
    assert "length" in codes(source, "خانواده‌ها " * 40 + ".", "fa")
    assert "length" not in codes(source, "Familjet e anëtarëve presin prej vitesh para kampit.",
                                 "sq")


def test_empty_target() -> None:
    [f] = run_checks("They left.", "  ", "en", "ar")
    assert (f.code, f.severity) == ("empty", "error")


def test_persian_text_typed_with_arabic_letters_and_digits() -> None:
    [f] = [f for f in run_checks("In 2014 they left.", "در سال ٢٠١٤ آنها رفتند و يك نامه نوشتند.",
                                 "en", "fa") if f.code == "letter-forms"]
    assert f.suggestion == "در سال ۲۰۱۴ آنها رفتند و یک نامه نوشتند."


def test_arabic_text_typed_with_persian_letters() -> None:
    [f] = [f for f in run_checks("They wrote a letter.", "كتبوا رسالهٔ واحدی.", "en", "ar")
           if f.code == "letter-forms"]
    assert f.suggestion == "كتبوا رسالهٔ واحدي."
    assert "letter-forms" not in codes("They left.", "Ata ikën.", "sq")


@pytest.mark.parametrize("lang, target, fixed", [
    ("sq", "Ata u takuan në në Tiranë.", "Ata u takuan në Tiranë."),
    ("fa", "آنها در در تهران دیدار کردند.", "آنها در تهران دیدار کردند."),
    ("ar", "التقوا في في طهران.", "التقوا في طهران."),
])
def test_repeated_word(lang: str, target: str, fixed: str) -> None:
    [f] = [f for f in run_checks("They met in Tehran.", target, "en", lang)
           if f.code == "repeated-word"]
    assert f.suggestion == fixed
    assert "repeated-word" not in codes("He said no no.", "Ai tha jo jo.", "sq")
    assert "repeated-word" not in codes("In 2019 2019 copies.", "Në 2019 2019 kopje.", "sq")


def test_lower_case_start_in_albanian() -> None:
    [f] = [f for f in run_checks("They met in Tirana.", "ata u takuan në Tiranë.", "en", "sq")
           if f.code == "capital"]
    assert f.suggestion == "Ata u takuan në Tiranë."
    assert "capital" not in codes("They met in Tirana.", "آنها در تیرانا دیدار کردند.", "fa")
    assert "capital" not in codes("“They met.”", "“Ata u takuan.”", "sq")


# ---------------------------------------------------------------------------- inline codes

def test_a_deleted_code_is_a_qa_error() -> None:
    from workbench.text.codes import from_tokens

    source = from_tokens("A ⟨1⟩BBC report⟨/1⟩ said the leak was ⟨2⟩very large⟨/2⟩.⟨3/⟩")
    good = from_tokens("Një ⟨1⟩raport i BBC-së⟨/1⟩ tha se rrjedhja ishte ⟨2⟩shumë e madhe⟨/2⟩.⟨3/⟩")
    assert [f.code for f in run_checks(source, good, "en", "sq")] == []
    deleted = good.replace(from_tokens("⟨2⟩"), "")
    findings = {f.code: f for f in run_checks(source, deleted, "en", "sq")}
    assert findings["code-missing"].severity == "error"
    assert "⟨2⟩" in findings["code-missing"].message
    assert findings["code-unbalanced"].severity == "error"


def test_extra_and_moved_codes() -> None:
    from workbench.text.codes import from_tokens

    source = from_tokens("See ⟨1⟩the report⟨/1⟩ and ⟨2/⟩.")
    extra = from_tokens("Shih ⟨1⟩raportin⟨/1⟩ dhe ⟨2/⟩ ⟨2/⟩.")
    assert [(f.code, f.severity) for f in run_checks(source, extra, "en", "sq")] == [
        ("code-extra", "error")]
    moved = from_tokens("⟨2/⟩ بنگرید به ⟨1⟩گزارش⟨/1⟩.")
    assert [(f.code, f.severity) for f in run_checks(source, moved, "en", "fa")] == [
        ("code-order", "warning")]


def test_codes_do_not_hide_punctuation_or_make_double_spaces() -> None:
    from workbench.text.codes import from_tokens

    source = from_tokens("Read ⟨1/⟩ today.")
    assert run_checks(source, from_tokens("Lexoni ⟨1/⟩ sot."), "en", "sq") == []
    codes = [f.code for f in run_checks(source, from_tokens("Lexoni ⟨1/⟩ sot"), "en", "sq")]
    assert codes == ["punctuation-end"]
    assert run_checks(source, "", "en", "sq")[0].code == "empty"
