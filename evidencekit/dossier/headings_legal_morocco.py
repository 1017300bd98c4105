"""Dossier texts for the Moroccan complaint, e-Blagh, translations and elements (en, fr, ar).

Merged into headings.TEXTS and headings.ERRORS; kept apart so parallel work on headings.py does
not collide. Arabic legal vocabulary: شكاية (plainte), وكيل الملك (procureur du Roi),
المحكمة الابتدائية (tribunal de première instance).
"""

from __future__ import annotations

TEXTS_LEGAL_MOROCCO: dict[str, tuple[str, str, str]] = {
    "r_ma-police": ("Complaint — procureur du Roi or police (Morocco)",
                    "Plainte — procureur du Roi ou police (Maroc)",
                    "شكاية — وكيل الملك أو الشرطة (المغرب)"),
    "letter_ma": ("Complaint to the procureur du Roi", "Plainte au procureur du Roi",
                  "شكاية إلى السيد وكيل الملك"),
    "ma_addressee": ("To the procureur du Roi at the Court of first instance of ……",
                     "À Monsieur le Procureur du Roi près le Tribunal de première instance "
                     "de ……", "إلى السيد وكيل الملك لدى المحكمة الابتدائية بـ ……"),
    "ma_object": ("Subject: complaint for {what}", "Objet : plainte pour {what}",
                  "الموضوع: شكاية من أجل {what}"),
    "ma_object_default": ("online violence (cyberviolence)", "des faits de violence en ligne",
                          "أفعال عنف عبر الإنترنت"),
    "ma_salute": ("Sir,", "Monsieur le Procureur du Roi,", "السيد وكيل الملك المحترم،"),
    "ma_body": (
        "I hereby file a complaint {against} for the facts set out below, which I have suffered "
        "online. The chronological account, the exhibits, their digital fingerprints and, where "
        "needed, my own translations are attached.",
        "J'ai l'honneur de porter plainte {against} pour les faits exposés ci-après, dont je suis "
        "victime en ligne. L'exposé chronologique, les pièces, leurs empreintes numériques et, "
        "le cas échéant, mes propres traductions sont joints.",
        "أتشرف بأن أتقدم إليكم بشكاية {against} من أجل الأفعال المبيَّنة أدناه، التي تعرّضت "
        "لها عبر الإنترنت. وتجدون رفقته العرض الزمني للوقائع والوثائق وبصماتها الرقمية، "
        "وعند الاقتضاء الترجمات التي أنجزتها بنفسي."),
    "ma_civil_party": ("I wish to join the proceedings as a civil party.",
                       "Je déclare me constituer partie civile.",
                       "أصرّح بأنني أنتصب طرفًا مدنيًا."),
    "ma_close": ("Yours faithfully,",
                 "Veuillez agréer, Monsieur le Procureur du Roi, l'expression de mon profond "
                 "respect.", "وتفضلوا، السيد وكيل الملك، بقبول فائق التقدير والاحترام."),
    "ma_made_at": ("Written at {city}, on {date}.", "Fait à {city}, le {date}.",
                   "حُرّر بـ {city}، بتاريخ {date}."),
    "ma_where": (
        "Where to file: the procureur du Roi (public prosecutor's office of the Court of first "
        "instance), the police (19) or the Gendarmerie royale (177); complaints can also be "
        "sent online to the Présidence du Ministère public. Bring an identity card (CNIE).",
        "Où déposer : au parquet (procureur du Roi près le tribunal de première instance), à la "
        "police (19) ou à la Gendarmerie royale (177) ; une plainte peut aussi être adressée en "
        "ligne à la Présidence du Ministère public. Munissez-vous de votre carte d'identité "
        "(CNIE).",
        "أين تُقدَّم الشكاية: لدى النيابة العامة (وكيل الملك لدى المحكمة الابتدائية) أو الشرطة "
        "(19) أو الدرك الملكي (177)؛ ويمكن أيضًا توجيهها عبر الإنترنت إلى رئاسة النيابة العامة. "
        "أحضر البطاقة الوطنية للتعريف الإلكترونية."),
    "ma_prejudice_hint": ("Medical certificates (stating the days of incapacity), costs, effects "
                          "on work and family.",
                          "Certificats médicaux (avec la durée d'incapacité), frais, effets sur "
                          "le travail et la famille.",
                          "الشواهد الطبية (مع تحديد مدة العجز)، المصاريف، الآثار على العمل "
                          "والأسرة."),
    "ma_steps_hint": ("Reports already made: e-Blagh, EMC-Helpline, the platforms (ticket "
                      "numbers), police (19), Gendarmerie royale (177).",
                      "Signalements déjà faits : e-Blagh, EMC-Helpline, plateformes (numéros de "
                      "ticket), police (19), Gendarmerie royale (177).",
                      "التبليغات السابقة: منصة إبلاغ، EMC-Helpline، المنصات (أرقام التذاكر)، "
                      "الشرطة (19)، الدرك الملكي (177)."),
    "ref_unconfirmed": ("reference to check", "référence à vérifier", "مرجع يتعين التحقق منه"),
    "ma_refs_note": (
        "References given for information only, from the Code pénal marocain and the laws "
        "cited; the prosecutor decides the legal qualification.",
        "Références données à titre indicatif, tirées du Code pénal marocain et des lois "
        "citées ; la qualification appartient au parquet.",
        "مراجع مذكورة على سبيل الاستئناس، من مجموعة القانون الجنائي المغربي والقوانين "
        "المذكورة؛ ويعود التكييف القانوني إلى النيابة العامة."),
    "elements_table": ("Elements of each offence and the exhibits that support them "
                       "(for information only)",
                       "Éléments constitutifs et pièces qui les étayent (à titre indicatif)",
                       "العناصر المكوِّنة لكل جريمة والوثائق التي تدعمها (على سبيل الاستئناس)"),
    "col_element": ("Element", "Élément", "العنصر"),
    "col_support": ("Exhibits / source", "Pièces n° / source", "الوثائق / المصدر"),
    "el_to_show": ("to be shown", "à établir", "يتعين إثباته"),
    "el_repetition_to_show": ("repetition to be shown", "répétition à établir",
                              "يتعين إثبات التكرار"),
    "el_count": ("{n} exhibits", "{n} pièces", "{n} وثائق"),
    "el_messages": ("{n} messages in conversation exhibits", "{n} messages dans les "
                    "conversations", "{n} رسالة في المحادثات"),
    "el_messages_author": ("{n} messages from the presumed author in the conversations",
                           "{n} messages de l'auteur présumé dans les conversations",
                           "{n} رسالة من المشتبه فيه في المحادثات"),
    "el_see_prejudice": ("see “Harm suffered”", "voir « Préjudice »", "انظر «الضرر»"),
    "el_harm_to_show": ("to be shown (medical certificate, incapacity, sick leave)",
                        "à établir (certificat médical, ITT, arrêt de travail)",
                        "يتعين إثباته (شهادة طبية، مدة العجز، رخصة مرضية)"),
    "el_relation": ("relationship recorded: {rel} (presumed author)",
                    "lien déclaré : {rel} (auteur présumé)",
                    "العلاقة المصرَّح بها: {rel} (المشتبه فيه)"),
    "el_relation_missing": ("relationship not recorded", "lien non renseigné",
                            "العلاقة غير مذكورة"),
    "el_statement": ("the victim's account (narrative)", "déclaration de la victime (récit)",
                     "تصريح الضحية (سرد الوقائع)"),
    "rel_partner": ("current spouse or partner", "conjoint, concubin ou partenaire de PACS",
                    "زوج أو شريك حالي"),
    "rel_ex_partner": ("former spouse or partner", "ex-conjoint, ex-concubin ou ex-partenaire",
                       "زوج أو شريك سابق"),
    "rel_family": ("family member", "membre de la famille", "أحد أفراد الأسرة"),
    "rel_colleague": ("colleague", "collègue", "زميل في العمل"),
    "rel_acquaintance": ("acquaintance", "connaissance", "معرفة"),
    "rel_stranger": ("stranger", "inconnu", "شخص غريب"),
    "translation_label": ("Translation by the victim (not sworn)",
                          "Traduction non assermentée, faite par la victime",
                          "ترجمة غير محلَّفة أنجزتها الضحية"),
    "translations": ("Translations", "Traductions", "الترجمات"),
    "translations_note_fr": (
        "The translations in this dossier were typed by the victim; they are not sworn. The "
        "court may require a sworn translation (traducteur-interprète, expert judiciaire).",
        "Les traductions figurant dans ce dossier ont été saisies par la victime ; elles ne sont "
        "pas assermentées. La juridiction peut exiger une traduction par un traducteur-interprète "
        "assermenté (expert judiciaire).",
        "الترجمات الواردة في هذا الملف أدخلتها الضحية بنفسها، وهي غير محلَّفة. قد تطلب "
        "المحكمة ترجمة ينجزها مترجم محلَّف (خبير قضائي)."),
    "translations_note_ma": (
        "The translations in this dossier were typed by the victim; they are not sworn. Moroccan "
        "courts may require a sworn translation into Arabic (ترجمان محلف).",
        "Les traductions figurant dans ce dossier ont été saisies par la victime ; elles ne sont "
        "pas assermentées. Les juridictions marocaines peuvent exiger une traduction en arabe "
        "par un traducteur assermenté.",
        "الترجمات الواردة في هذا الملف أدخلتها الضحية بنفسها، وهي غير محلَّفة. قد تطلب "
        "المحاكم المغربية ترجمة إلى العربية ينجزها ترجمان محلَّف لدى المحاكم."),
    "col_to_translate": ("Texts to translate", "Textes à traduire", "نصوص تحتاج إلى ترجمة"),
    "col_translated": ("Translated", "Traduits", "المترجَمة"),
    "col_lacking": ("Still without one", "Encore sans traduction", "ما زالت دون ترجمة"),
    "missing_translations": ("Exhibits still without a translation: {pieces}.",
                             "Pièces encore sans traduction : {pieces}.",
                             "وثائق ما زالت دون ترجمة: {pieces}."),
    "no_missing_translations": ("Every exhibit that needs a translation has one.",
                                "Chaque pièce qui en a besoin a une traduction.",
                                "كل وثيقة تحتاج إلى ترجمة لها ترجمة."),
    "eblagh_what": (
        "e-Blagh is a reporting platform of the Direction générale de la sûreté nationale "
        "(DGSN): a report sets off police checks; it is not a complaint to the procureur du Roi "
        "and does not ask for removal or counselling. The exact fields of its form could not be "
        "checked: copy each value into the matching field.",
        "e-Blagh est une plateforme de signalement de la Direction générale de la sûreté "
        "nationale (DGSN) : un signalement déclenche des vérifications de police ; ce n'est ni "
        "une plainte au procureur du Roi, ni une demande de retrait ou de conseil. Les champs "
        "exacts de son formulaire n'ont pas pu être vérifiés : reportez chaque valeur dans le "
        "champ correspondant.",
        "منصة إبلاغ (e-Blagh) منصة للتبليغ تابعة للمديرية العامة للأمن الوطني: يؤدي التبليغ "
        "إلى أبحاث من طرف الشرطة؛ وهو ليس شكاية إلى وكيل الملك ولا طلبًا لسحب المحتوى أو "
        "الاستشارة. لم يتسنَّ التحقق من حقول استمارتها بدقة: انقل كل قيمة إلى الحقل المقابل."),
    "eblagh_role": ("You report as", "Vous signalez en tant que", "تبلغ بصفتك"),
    "eblagh_role_value": ("victim (a witness may report too)",
                          "victime (un témoin peut aussi signaler)",
                          "ضحية (يمكن للشاهد أيضًا التبليغ)"),
    "eblagh_identity": ("Identity", "Identité", "الهوية"),
    "eblagh_identity_hidden": ("withheld (e-Blagh allows it)",
                               "non communiquée (e-Blagh le permet)",
                               "غير مصرَّح بها (تسمح المنصة بذلك)"),
    "eblagh_category": ("Kind of offence (e-Blagh)", "Type d'infraction (e-Blagh)",
                        "نوع الجريمة (إبلاغ)"),
    "eblagh_cat_sexual_blackmail": ("sexual blackmail", "chantage sexuel", "الابتزاز الجنسي"),
    "eblagh_cat_threats": ("threats", "menaces", "التهديد"),
    "eblagh_cat_hate": ("hate content", "contenus haineux", "خطاب الكراهية"),
    "eblagh_cat_children": ("child sexual exploitation", "exploitation sexuelle d'enfants",
                            "الاستغلال الجنسي للأطفال"),
    "eblagh_cat_other": ("other: choose in the form", "autre : à choisir dans le formulaire",
                         "أخرى: تُختار في الاستمارة"),
    "eblagh_purpose": ("Purpose", "Objet", "الغرض"),
    "eblagh_purpose_value": ("report to the national police for investigation",
                             "signalement à la sûreté nationale pour enquête",
                             "تبليغ الأمن الوطني قصد البحث"),
    "csam_note_ma": ("Child sexual abuse material is never captured, kept or sent: only its "
                     "address and a description are given. Report it to e-Blagh.",
                     "Un contenu pédocriminel n'est jamais capturé, conservé ni transmis : seuls "
                     "son adresse et une description figurent ici. Signalez-le sur e-Blagh.",
                     "لا يُلتقط محتوى الاستغلال الجنسي للأطفال أبدًا، ولا يُحفظ ولا يُرسل: لا يُذكر "
                     "إلا رابطه ووصف له. بلّغ عنه عبر منصة إبلاغ."),
    "eblagh_piece": ("Report {n}", "Signalement {n}", "التبليغ {n}"),
}

ERRORS_LEGAL_MOROCCO: dict[str, tuple[str, str, str]] = {
    "bad_relation": ("Unknown relationship “{r}”; choose one of: {all}.",
                     "Lien inconnu « {r} » ; choisissez parmi : {all}.",
                     "علاقة غير معروفة «{r}»؛ اختر إحدى القيم: {all}."),
}
