"""Moroccan legal references per category (à titre indicatif), never mixed with the French code.

Confirmed against the project's research notes: CP 447-1, 447-2, 447-3 and 503-1-1, 503-1-2
(added by loi 103-13), loi 103-13 itself, loi 09-08 (CNDP) and CPP 286. The others are in
UNCONFIRMED: they come from the usual numbering of the Code pénal marocain (threats 425 to 429,
extortion 537 and chantage 538, defamation and insult 442 to 444, fraud 540, computer systems
607-3, minors 503-2) and the press code (loi 88-13), but could not be checked against a primary
text here; the dossier marks each of them "référence à vérifier" so nobody relies on them blindly.
"""

from __future__ import annotations

# key -> (reference, {lang: label}, {lang: elements separated by ";"}), like legal.OFFENCES.
OFFENCES_MA: dict[str, tuple[str, dict[str, str], dict[str, str]]] = {
    "ma_447_1": ("CP art. 447-1", {
        "fr": "Captation ou diffusion de paroles ou d'images privées sans consentement",
        "en": "Recording or spreading private words or images without consent",
        "ar": "التقاط أو تسجيل أو بث أقوال أو صور خاصة دون موافقة"}, {
        "fr": "paroles ou informations privées, ou image d'une personne dans un lieu privé ; "
              "captation, enregistrement, diffusion ou distribution ; sans le consentement de "
              "la personne",
        "en": "private words or information, or the image of a person in a private place; "
              "recorded, spread or distributed; without the person's consent",
        "ar": "أقوال أو معلومات خاصة، أو صورة شخص يوجد في مكان خاص؛ الالتقاط أو التسجيل أو "
              "البث أو التوزيع؛ دون موافقة الشخص"}),
    "ma_447_2": ("CP art. 447-2", {
        "fr": "Diffusion d'un montage ou d'allégations mensongères (vie privée, diffamation)",
        "en": "Spreading a montage or false allegations (privacy, defamation)",
        "ar": "بث تركيبة أو ادعاءات كاذبة (المس بالحياة الخاصة أو التشهير)"}, {
        "fr": "montage des paroles ou de l'image d'une personne, ou allégations mensongères ; "
              "diffusion par tout moyen, y compris informatique ; pour porter atteinte à la vie "
              "privée ou diffamer",
        "en": "montage of a person's words or image, or false allegations; spread by any means, "
              "computers included; to invade privacy or defame",
        "ar": "تركيبة من أقوال شخص أو صورته، أو ادعاءات كاذبة؛ البث بأي وسيلة بما فيها "
              "الأنظمة المعلوماتية؛ بقصد المس بالحياة الخاصة أو التشهير"}),
    # Whether 447-3 names the former spouse (الطليق) could not be confirmed: worded "à
    # vérifier" in every language rather than left out or asserted.
    "ma_447_3": ("CP art. 447-3", {
        "fr": "Circonstances aggravantes des art. 447-1 et 447-2",
        "en": "Aggravating circumstances of art. 447-1 and 447-2",
        "ar": "ظروف التشديد في الفصلين 447-1 و447-2"}, {
        "fr": "auteur conjoint (ancien conjoint : à vérifier), fiancé, ascendant, descendant, "
              "tuteur ou ayant autorité ; ou victime visée en tant que femme, ou mineure ; ou "
              "récidive",
        "en": "author a spouse (former spouse: to check), fiancé, relative, guardian or person "
              "in authority; or the victim targeted as a woman, or a minor; or a repeat offence",
        "ar": "الفاعل زوج (الطليق: يتعين التحقق) أو خاطب أو أحد الأصول أو الفروع أو وصي أو ذو "
              "سلطة؛ أو ارتكاب الفعل ضد امرأة بسبب جنسها أو ضد قاصر؛ أو حالة العود"}),
    "ma_503_1_1": ("CP art. 503-1-1", {
        "fr": "Harcèlement sexuel, y compris par messages", "en": "Sexual harassment, messages "
        "included", "ar": "التحرش الجنسي، بما في ذلك عبر الرسائل"}, {
        "fr": "insistance, actes répétés ; messages écrits, téléphoniques ou électroniques, "
              "enregistrements ou images ; à caractère sexuel ou à des fins sexuelles",
        "en": "persistence, repeated acts; written, telephone or electronic messages, "
              "recordings or images; sexual in nature or purpose",
        "ar": "الإمعان في المضايقة بأفعال متكررة؛ رسائل مكتوبة أو هاتفية أو إلكترونية أو "
              "تسجيلات أو صور؛ ذات طبيعة أو أغراض جنسية"}),
    "ma_503_1_2": ("CP art. 503-1-2", {
        "fr": "Harcèlement sexuel aggravé", "en": "Aggravated sexual harassment",
        "ar": "التحرش الجنسي المشدد"}, {
        "fr": "auteur ascendant, proche, tuteur ou ayant autorité sur la victime ; ou victime "
              "mineure",
        "en": "author a relative, guardian or person in authority over the victim; or the "
              "victim a minor",
        "ar": "الفاعل من الأصول أو المحارم أو وصي أو ذو سلطة على الضحية؛ أو الضحية قاصر"}),
    "ma_menaces": ("CP art. 425 à 429", {
        "fr": "Menaces", "en": "Threats", "ar": "التهديد"}, {
        "fr": "menace d'attentat contre les personnes ou les biens ; par écrit, message, image "
              "ou de vive voix ; avec ou sans ordre ou condition",
        "en": "threat of an attack on persons or property; in writing, by message, image or "
              "orally; with or without an order or condition",
        "ar": "التهديد بارتكاب اعتداء على الأشخاص أو الأموال؛ كتابةً أو برسالة أو صورة أو "
              "شفويًا؛ مع أمر أو شرط أو بدونهما"}),
    "ma_chantage": ("CP art. 538 (chantage) ; art. 537 (extorsion)", {
        "fr": "Chantage", "en": "Blackmail", "ar": "الابتزاز"}, {
        "fr": "menace de révéler des faits ou des images ; pour obtenir des fonds, des valeurs "
              "ou une signature (pour obtenir des images ou des actes : qualification à discuter "
              "avec un avocat)",
        "en": "threat to reveal facts or images; to obtain money, valuables or a signature "
              "(for images or acts: to discuss with a lawyer)",
        "ar": "التهديد بكشف وقائع أو صور؛ للحصول على أموال أو قيم أو توقيع (إن كان المطلوب صورًا "
              "أو أفعالًا: يُناقش التكييف مع محامٍ)"}),
    "ma_diffamation": ("CP art. 442 à 444 ; loi n° 88-13 (presse et édition)", {
        "fr": "Diffamation ou injure", "en": "Defamation or insult", "ar": "القذف أو السب"}, {
        "fr": "allégation portant atteinte à l'honneur, ou expression outrageante ; publique "
              "(code de la presse) ou non publique",
        "en": "allegation harming honour, or outrageous words; public (press code) or not",
        "ar": "ادعاء يمس بالشرف أو الاعتبار، أو عبارة مهينة؛ علني (قانون الصحافة) أو غير علني"}),
    "ma_103_13": ("Loi n° 103-13", {
        "fr": "Violences faites aux femmes (lorsque la victime est une femme)",
        "en": "Violence against women (when the victim is a woman)",
        "ar": "محاربة العنف ضد النساء (إذا كانت الضحية امرأة)"}, {
        "fr": "violence psychologique, sexuelle ou économique, y compris par voie électronique ; "
              "mesures de protection possibles (interdiction de contact, éloignement)",
        "en": "psychological, sexual or economic violence, electronic means included; protection "
              "orders possible (no contact, keeping away)",
        "ar": "عنف نفسي أو جنسي أو اقتصادي، بما في ذلك بالوسائل الإلكترونية؛ إمكانية تدابير "
              "الحماية (منع الاتصال، الإبعاد)"}),
    "ma_09_08": ("Loi n° 09-08 (CNDP)", {
        "fr": "Données personnelles traitées ou diffusées sans consentement",
        "en": "Personal data processed or spread without consent",
        "ar": "معالجة أو نشر المعطيات ذات الطابع الشخصي دون موافقة"}, {
        "fr": "données personnelles (nom, adresse, téléphone, images) ; traitées ou diffusées "
              "sans consentement",
        "en": "personal data (name, address, phone, images); processed or spread without consent",
        "ar": "معطيات شخصية (الاسم، العنوان، الهاتف، الصور)؛ معالجتها أو نشرها دون موافقة"}),
    "ma_stad": ("CP art. 607-3 (loi n° 07-03)", {
        "fr": "Accès frauduleux à un système informatique", "en": "Unauthorised account access",
        "ar": "الدخول الاحتيالي إلى نظام للمعالجة الآلية للمعطيات"}, {
        "fr": "accès ou maintien frauduleux dans un compte ou un appareil",
        "en": "getting into or staying in an account or device without right",
        "ar": "الدخول أو البقاء عن طريق الاحتيال في حساب أو جهاز"}),
    "ma_escroquerie": ("CP art. 540", {
        "fr": "Escroquerie", "en": "Fraud", "ar": "النصب"}, {
        "fr": "manœuvres frauduleuses ; remise de fonds", "en": "deception; money handed over",
        "ar": "وسائل احتيالية؛ تسليم أموال"}),
    "ma_mineurs": ("CP art. 503-2", {
        "fr": "Exploitation sexuelle d'enfants (pornographie)", "en": "Child sexual exploitation",
        "ar": "الاستغلال الجنسي للأطفال (المواد الإباحية)"}, {
        "fr": "signaler l'adresse seulement : ne jamais détenir ni transmettre le contenu",
        "en": "report the address only: never keep or pass on the content",
        "ar": "الإبلاغ عن الرابط فقط: لا تحتفظ بالمحتوى ولا ترسله"}),
}

# References that could not be confirmed against a primary source (see the module docstring).
UNCONFIRMED = frozenset({"ma_menaces", "ma_chantage", "ma_diffamation", "ma_stad",
                         "ma_escroquerie", "ma_mineurs"})

ELEMENT_RULES_MA: dict[str, tuple[str, ...]] = {
    "ma_447_1": ("acts", "acts", "statement"),
    "ma_447_2": ("acts", "online", "acts"),
    "ma_447_3": ("relation", "statement", "note"),
    "ma_503_1_1": ("repeated", "online", "acts"),
    "ma_503_1_2": ("relation", "statement"),
    "ma_menaces": ("acts", "online", "note"),
    "ma_chantage": ("acts", "acts"),
    "ma_diffamation": ("acts", "public"),
    "ma_103_13": ("acts", "note"),
    "ma_09_08": ("acts", "statement"),
    "ma_stad": ("acts",),
    "ma_escroquerie": ("acts", "harm"),
    "ma_mineurs": ("note",),
}

MOROCCO: dict[str, tuple[str, ...]] = {
    "webcam_blackmail": ("ma_chantage", "ma_menaces", "ma_447_1", "ma_103_13"),
    "intimate_images": ("ma_447_1", "ma_103_13"),
    "threats": ("ma_menaces",),
    "impersonation": ("ma_09_08",),
    "doxxing": ("ma_09_08",),
    "account_hacking": ("ma_stad",),
    "hate_humiliation": ("ma_diffamation",),
    "harassment": ("ma_503_1_1", "ma_103_13"),
    "sexual_harassment": ("ma_503_1_1", "ma_503_1_2", "ma_103_13"),
    "defamation": ("ma_diffamation",),
    "deepfake": ("ma_447_2",),
    "scam": ("ma_escroquerie",),
    "child_sexual_abuse": ("ma_mineurs",),
}

# Evidence is free in Moroccan criminal procedure: what the dossier's pieces rest on.
GENERAL_MA = ("CPP art. 286", {
    "fr": "Les infractions peuvent être établies par tout mode de preuve",
    "en": "Offences may be proved by any means of evidence",
    "ar": "يمكن إثبات الجرائم بأية وسيلة من وسائل الإثبات"})


def offences_ma_for(categories: list[str], partner: bool = False) -> list[str]:
    """Moroccan reference keys for the categories present, stable order, no repeats.

    A (former) spouse or fiancé as presumed author brings 447-3 beside 447-1 or 447-2.
    """
    keys: list[str] = []
    for cat in categories:
        keys += [k for k in MOROCCO.get(cat, ()) if k not in keys]
    if partner and any(k in keys for k in ("ma_447_1", "ma_447_2")):
        keys.append("ma_447_3")
    return keys
