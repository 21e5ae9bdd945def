"""Small parallel passages for the align tests: real English, Albanian, Farsi and Arabic.

Each edition merges English sentences 3 and 4, splits sentence 5 in two and leaves out
sentence 7 — the three things translators do that a sentence aligner must recover.
"""

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
