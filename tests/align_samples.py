"""Small parallel passages for the align tests: real English, Albanian, Farsi and Arabic.

Each edition merges English sentences 3 and 4, splits sentence 5 in two and leaves out
sentence 7 — the three things translators do that a sentence aligner must recover.
`site_pages` cuts page pairs for batch tests out of the hand-translated texts in data/align.
"""

from pathlib import Path

EN = [
    "Amnesty International published a new report on Monday.",
    "The report documents 120 cases of arbitrary detention in 2023.",
    "Most of the detainees were held without charge.",
    "Families waited for months without any news.",
    "They were not allowed to visit their relatives.",
    "The organisation called on the authorities to release all prisoners of conscience "
    "immediately and to allow independent monitors into the prisons in Tehran.",
    "\"We will continue to document every case,\" said the director of the research team.",
    "The full report, with the testimonies of former detainees and of their families, is "
    "available in English on the organisation's website.",
    "The UN Human Rights Council will discuss the report on 15 March.",
    "Will the government respond?",
]

SQ = [
    "Amnesty International publikoi një raport të ri të hënën.",
    "Raporti dokumenton 120 raste të ndalimit arbitrar në vitin 2023.",
    "Shumica e të ndaluarve u mbajtën pa akuzë.",
    "Familjet pritën me muaj pa asnjë lajm dhe nuk u lejuan të vizitonin të afërmit e tyre.",
    "Organizata u bëri thirrje autoriteteve që të lirojnë menjëherë të gjithë të burgosurit "
    "e ndërgjegjes.",
    "Ajo kërkoi gjithashtu që vëzhguesve të pavarur t'u lejohet hyrja në burgjet e Teheranit.",
    "„Ne do të vazhdojmë të dokumentojmë çdo rast\", tha drejtori i ekipit kërkimor.",
    "Këshilli i të Drejtave të Njeriut i OKB-së do ta diskutojë raportin më 15 mars.",
    "A do të përgjigjet qeveria?",
]

FA = [
    "عفو بین‌الملل روز دوشنبه گزارش تازه‌ای منتشر کرد.",
    "این گزارش ۱۲۰ مورد بازداشت خودسرانه در سال ۲۰۲۳ را مستند می‌کند.",
    "بیشتر بازداشت‌شدگان بدون اتهام نگهداری می‌شدند.",
    "خانواده‌ها ماه‌ها بدون هیچ خبری منتظر ماندند و اجازه ملاقات با بستگان خود را نداشتند.",
    "این سازمان از مقامات خواست همه زندانیان عقیدتی را فوراً آزاد کنند.",
    "همچنین خواستار اجازه ورود ناظران مستقل به زندان‌های تهران شد.",
    "مدیر تیم تحقیقاتی گفت: «ما به مستندسازی تک‌تک موارد ادامه خواهیم داد».",
    "شورای حقوق بشر سازمان ملل متحد در ۱۵ مارس درباره این گزارش بحث خواهد کرد.",
    "آیا دولت پاسخ خواهد داد؟",
]

AR = [
    "نشرت منظمة العفو الدولية تقريراً جديداً يوم الاثنين.",
    "يوثق التقرير ١٢٠ حالة احتجاز تعسفي في عام ٢٠٢٣.",
    "احتُجز معظم المعتقلين دون توجيه أي تهمة إليهم.",
    "انتظرت العائلات شهوراً دون أي أخبار، ولم يُسمح لها بزيارة أقاربها.",
    "ودعت المنظمة السلطات إلى الإفراج فوراً عن جميع سجناء الرأي.",
    "كما طالبت بالسماح للمراقبين المستقلين بدخول السجون في طهران.",
    "وقال مدير فريق البحث: «سنواصل توثيق كل حالة».",
    "سيناقش مجلس حقوق الإنسان التابع للأمم المتحدة التقرير في ١٥ مارس.",
    "هل ستردّ الحكومة؟",
]

GOLD = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3, 4), (3,)), ((5,), (4, 5)),
        ((6,), (6,)), ((7,), ()), ((8,), (7,)), ((9,), (8,))]


# -- a small site: page pairs cut from the hand-translated regression texts -------------------

REAL = Path(__file__).parent / "data" / "align"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def real_text(name: str, lang: str) -> tuple[list[str], list[str], list[tuple[list[int], list[int]]]]:
    """English sentences, the edition's sentences and the gold links of a regression text."""
    from workbench.align.links import parse_links

    gold = parse_links(_lines(REAL / f"{name}.en-{lang}.links"))
    return (_lines(REAL / f"{name}.en"), _lines(REAL / f"{name}.{lang}"),
            [(list(s), list(t)) for s, t in gold])


def site_pages(root: Path, count: int = 20) -> list[tuple[Path, Path, str]]:
    """`count` page pairs (English page, edition, language) under root/en and root/xx.

    Page k is a run of consecutive gold links of one regression text in one language (the
    languages take turns), written as paragraphs on each side, so every page pair is real
    translated text with merges, splits and omissions where the editions have them.
    """
    (root / "en").mkdir(parents=True, exist_ok=True)
    (root / "xx").mkdir(parents=True, exist_ok=True)
    out = []
    langs, names = ("sq", "fa", "ar"), ("drin", "heat")
    for k in range(count):
        lang, name = langs[k % 3], names[(k // 3) % 2]
        en, xx, gold = real_text(name, lang)
        start = (k // 6 * 4) % max(1, len(gold) - 8)  # each (text, language) every 6th page
        links = gold[start:start + 8]
        heading = links[:1] if links[0][0] and en[links[0][0][0]][-1] not in ".?!\"" else []
        rest = links[len(heading):]
        paragraphs = [p for p in (heading, rest[:4], rest[4:]) if p]  # a title stands alone
        src = "\n\n".join(" ".join(en[i] for s, _ in p for i in s) for p in paragraphs) + "\n"
        tgt = "\n\n".join(" ".join(xx[j] for _, t in p for j in t) for p in paragraphs) + "\n"
        src_path = root / "en" / f"page-{k + 1:02d}.en.txt"
        tgt_path = root / "xx" / f"page-{k + 1:02d}.{lang}.txt"
        src_path.write_text(src, encoding="utf-8")
        tgt_path.write_text(tgt, encoding="utf-8")
        out.append((src_path, tgt_path, lang))
    return out
