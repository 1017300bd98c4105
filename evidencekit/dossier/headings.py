"""Headings and fixed texts of the dossiers in English, French and Arabic, keyed by a short id."""

from __future__ import annotations

from evidencekit.dossier import (
    headings_annex,
    headings_nature,
    headings_pharos_form,
    headings_trust_log,
    headings_trust_time,
    headings_web_capture,
    headings_withheld,
)
from evidencekit.dossier.headings_dossier_dates import DATE_ERRORS as DOSSIER_DATE_ERRORS
from evidencekit.dossier.headings_dossier_dates import DATES as DOSSIER_DATES
from evidencekit.dossier.headings_legal_morocco import ERRORS_LEGAL_MOROCCO, TEXTS_LEGAL_MOROCCO
from evidencekit.dossier.headings_trust_verify import TRUST_VERIFY_TEXTS
from evidencekit.i18n import current_language

# key -> (en, fr, ar). Legal terms stay French in every language where the recipient is French:
# "plainte contre X" is what an officer expects to read.
TEXTS: dict[str, tuple[str, str, str]] = {
    "cover_title": ("Evidence dossier", "Dossier de signalement", "ملف التبليغ"),
    "r_pharos": ("Pharos — report preparation sheet",
                 "Pharos — fiche de préparation du signalement",
                 "فاروس (Pharos) — بطاقة تحضير التبليغ"),
    "r_police": ("Complaint — police, gendarmerie or procureur de la République",
                 "Plainte — police, gendarmerie ou procureur de la République",
                 "شكاية — الشرطة أو الدرك أو وكيل الجمهورية"),
    "r_lawyer": ("File for the lawyer", "Dossier pour l'avocat", "ملف للمحامي"),
    "r_emc": ("EMC-Helpline (Espace Maroc Cyberconfiance)",
              "EMC-Helpline (Espace Maroc Cyberconfiance)",
              "EMC-Helpline (فضاء المغرب للثقة السيبرانية)"),
    "r_eblagh": ("e-Blagh (DGSN) — report", "e-Blagh (DGSN) — signalement",
                 "منصة إبلاغ e-Blagh (المديرية العامة للأمن الوطني) — تبليغ"),
    "recipient": ("Recipient", "Destinataire", "الجهة المرسَل إليها"),
    "case": ("Case", "Affaire", "القضية"),
    "victim": ("Victim", "Plaignant(e)", "الضحية"),
    "anonymous": ("anonymous", "anonyme", "دون ذكر الهوية"),
    "date": ("Date", "Date", "التاريخ"),
    "exhibit_count": ("Exhibits", "Nombre de pièces", "عدد الوثائق"),
    "toc": ("Contents", "Sommaire", "الفهرس"),
    "page": ("Page", "Page", "صفحة"),
    "not_advice": (
        "This document is a preparation aid written with the evidencekit software, not legal "
        "advice. Legal references are given for information only.",
        "Ce document est une aide à la préparation produite avec le logiciel evidencekit, pas un "
        "avis juridique. Les références juridiques sont données à titre indicatif.",
        "هذا المستند أداة مساعدة على التحضير أُعدّت ببرنامج evidencekit، وليس استشارة قانونية. "
        "المراجع القانونية مذكورة على سبيل الاستئناس فقط."),
    "pharos_gate": ("Before reporting", "Avant de signaler", "قبل التبليغ"),
    "gate_1": ("Emergency or danger right now: call 17 or 112, not Pharos.",
               "Urgence ou danger immédiat : appelez le 17 ou le 112, pas Pharos.",
               "في حالة طوارئ أو خطر فوري: اتصل بالرقم 17 أو 112، وليس بفاروس."),
    "gate_2": ("Pharos only takes public content (a post, a page, a profile anyone can see). "
               "Private messages go to the police or gendarmerie.",
               "Pharos ne traite que les contenus publics (publication, page, profil visibles de "
               "tous). Les messages privés relèvent de la police ou de la gendarmerie.",
               "لا يعالج فاروس إلا المحتوى العلني (منشور أو صفحة أو حساب يمكن لأي شخص رؤيته). "
               "أما الرسائل الخاصة فمن اختصاص الشرطة أو الدرك."),
    "gate_3": ("Online scam: report it on THESEE (service-public.gouv.fr).",
               "Escroquerie en ligne : signalez-la sur THESEE (service-public.gouv.fr).",
               "النصب عبر الإنترنت: بلّغ عنه عبر منصة THESEE (service-public.gouv.fr)."),
    "gate_4": ("A Pharos report is not a complaint: file a plainte as well (police, gendarmerie "
               "or letter to the procureur).",
               "Un signalement Pharos n'est pas une plainte : déposez aussi plainte (police, "
               "gendarmerie ou lettre au procureur).",
               "التبليغ لدى فاروس ليس شكاية: قدّم شكاية أيضًا (لدى الشرطة أو الدرك، أو برسالة "
               "إلى وكيل الجمهورية)."),
    "gate_5": ("Do not share the content itself; give the exact address. The URL must still be "
               "online when you report it.",
               "Ne partagez pas le contenu lui-même ; donnez l'adresse exacte. L'URL doit être "
               "encore en ligne au moment du signalement.",
               "لا تشارك المحتوى نفسه؛ قدّم رابطه الدقيق. يجب أن يكون الرابط ما زال منشورًا "
               "عند التبليغ."),
    "pharos_fiches": ("Report sheets — one per address (URL)",
                      "Fiches de signalement — une par adresse (URL)",
                      "بطاقات التبليغ — بطاقة لكل رابط (URL)"),
    "pharos_fiche": ("Sheet {n}", "Fiche {n}", "البطاقة {n}"),
    "pharos_none": ("No exhibit has an address (URL): Pharos needs one per report.",
                    "Aucune pièce n'a d'adresse URL : Pharos en demande une par signalement.",
                    "لا تحمل أي وثيقة رابطًا (URL): يحتاج فاروس إلى رابط لكل تبليغ."),
    "pharos_category": ("Category (Pharos list)", "Catégorie (liste Pharos)",
                        "الفئة (قائمة فاروس)"),
    "support": ("Where (social network, site, messaging, forum)",
                "Lieu / support (réseau social, site, messagerie, forum)",
                "المكان (شبكة اجتماعية، موقع، تطبيق مراسلة، منتدى)"),
    "description": ("Short factual description", "Description courte et factuelle",
                    "وصف موجز للوقائع"),
    "contact": ("Contact details", "Coordonnées", "معلومات الاتصال"),
    "letter": ("Letter of complaint to the procureur de la République",
               "Lettre de plainte au procureur de la République",
               "رسالة شكاية إلى وكيل الجمهورية"),
    "identity": ("Identity and contact details", "État civil et coordonnées",
                 "الهوية ومعلومات الاتصال"),
    "name": ("Name", "Nom et prénom", "الاسم الكامل"),
    "birth": ("Date and place of birth", "Date et lieu de naissance", "تاريخ ومكان الازدياد"),
    "address": ("Address", "Adresse", "العنوان"),
    "phone": ("Telephone", "Téléphone", "الهاتف"),
    "email": ("E-mail", "Courriel", "البريد الإلكتروني"),
    "narrative": ("Account of the facts", "Récit des faits", "سرد الوقائع"),
    "chronology": ("Chronological account of the facts", "Exposé chronologique des faits",
                   "عرض الوقائع حسب تسلسلها الزمني"),
    "col_when": ("Date / time", "Date / heure", "التاريخ / الساعة"),
    "col_platform": ("Platform", "Plateforme", "المنصة"),
    "col_pseudo": ("Pseudonym", "Pseudonyme", "الاسم المستعار"),
    "col_nature": ("Nature", "Nature", "النوع"),
    "col_url": ("URL", "Adresse URL", "الرابط"),
    "col_piece": ("Exhibit", "Pièce n°", "الوثيقة رقم"),
    "col_page": ("Page", "Page", "صفحة"),
    "col_title": ("Title", "Titre", "العنوان"),
    "authors": ("Presumed author(s)", "Auteur(s) présumé(s)", "المشتبه فيه (أو فيهم)"),
    "against_x": ("Complaint against person or persons unknown (plainte contre X).",
                  "Plainte contre X.", "شكاية ضد مجهول (plainte contre X)."),
    "pseudonyms": ("Pseudonyms", "Pseudonymes", "الأسماء المستعارة"),
    "profile_urls": ("Profile links", "Liens du profil", "روابط الحساب"),
    "relationship": ("Relationship to the victim", "Lien avec la victime", "العلاقة بالضحية"),
    "seen_in": ("Seen in exhibits", "Relevé dans les pièces", "ورد في الوثائق"),
    "qualifications": ("Possible offences (for information only)",
                       "Qualifications pénales envisagées (à titre indicatif)",
                       "التكييفات الجنائية الممكنة (على سبيل الاستئناس)"),
    "col_ref": ("Reference", "Référence", "المرجع"),
    "col_offence": ("Offence", "Qualification", "التكييف"),
    "col_elements": ("Elements", "Éléments constitutifs", "العناصر المكوِّنة"),
    "no_qualification": ("No category chosen for the exhibits yet.",
                         "Aucune catégorie n'a encore été choisie pour les pièces.",
                         "لم تُحدَّد بعد أي فئة للوثائق."),
    "prejudice": ("Harm suffered", "Préjudice", "الضرر"),
    "prejudice_hint": ("Medical certificates, ITT, sick leave, costs.",
                       "Certificats médicaux, incapacité totale de travail (ITT), arrêts de "
                       "travail, frais.", "شهادات طبية، مدة العجز الكلي عن العمل (ITT)، رخص "
                                          "مرضية، مصاريف."),
    "witnesses": ("Witnesses", "Témoins", "الشهود"),
    "steps": ("Steps already taken", "Démarches déjà effectuées", "الإجراءات المتخذة سابقًا"),
    "steps_hint": ("Pharos, platform reports and ticket numbers, 3018, main courante.",
                   "Pharos, signalements aux plateformes et numéros de ticket, 3018, mains "
                   "courantes.", "فاروس، التبليغات لدى المنصات وأرقامها، الرقم 3018، التصريحات "
                                 "المسجّلة لدى الشرطة (main courante)."),
    "civil_party": ("Civil party", "Constitution de partie civile", "الانتصاب طرفًا مدنيًا"),
    "civil_party_yes": ("I wish to join the proceedings as a civil party (constitution de partie "
                        "civile).", "Je déclare me constituer partie civile.",
                        "أصرّح بأنني أنتصب طرفًا مدنيًا."),
    "not_given": ("(not given)", "(non renseigné)", "(غير مذكور)"),
    "inventory": ("Inventory of exhibits", "Inventaire des pièces", "جرد الوثائق"),
    "exhibits": ("Exhibits", "Pièces", "الوثائق"),
    "piece": ("Exhibit no. {n}", "Pièce n° {n}", "الوثيقة رقم {n}"),
    "annex": ("Technical annex", "Annexe technique", "الملحق التقني"),
    "synthesis": ("Summary", "Synthèse", "الملخص"),
    "prescription": ("Time limits (prescription)", "Délais de prescription", "آجال التقادم"),
    "col_start": ("Counted from", "Point de départ", "يُحتسب ابتداءً من"),
    "col_deadline": ("Deadline", "Prescription", "تاريخ انقضاء الأجل"),
    "regime_press3": ("Insult or defamation (loi 1881): 3 months",
                      "Injure ou diffamation (loi 1881) : 3 mois", "السب أو القذف (قانون "
                                                                   "1881): 3 أشهر"),
    "regime_press12": ("Discriminatory insult or defamation: 1 year",
                       "Injure ou diffamation à caractère discriminatoire : 1 an",
                       "السب أو القذف التمييزي: سنة واحدة"),
    "regime_delit6": ("Other offences (délits): 6 years", "Autres délits : 6 ans",
                      "الجنح الأخرى: 6 سنوات"),
    "basis_published": ("publication", "publication", "النشر"),
    "basis_seen": ("seen or captured", "constatation", "المعاينة"),
    "basis_occurred": ("incident", "faits", "وقوع الأفعال"),
    "basis_imported": ("import into the vault", "import dans le coffre", "الاستيراد إلى الخزنة"),
    "earliest": ("Earliest deadline: {d} (exhibit no. {n}).",
                 "Échéance la plus proche : {d} (pièce n° {n}).",
                 "أقرب أجل: {d} (الوثيقة رقم {n})."),
    "prescription_note": (
        "Computed from the dates recorded, for information only; repeated acts (harassment) may "
        "start the time limit at the last act. A lawyer must confirm each date.",
        "Calcul indicatif à partir des dates enregistrées ; pour des faits répétés (harcèlement) "
        "le délai peut courir du dernier acte. Chaque date est à confirmer par l'avocat.",
        "حساب على سبيل الاستئناس انطلاقًا من التواريخ المسجّلة؛ في الأفعال المتكررة (التحرش) "
        "قد يبدأ احتساب الأجل من آخر فعل. يجب أن يؤكد المحامي كل تاريخ."),
    # Said only when no exhibit has a category (recipients.deadlines): the dates may well be
    # there, it is the offence that is missing.
    "no_dates": ("No exhibit has a category yet: the time limit depends on the offence, so none "
                 "is computed. Choose a category for each exhibit.",
                 "Aucune pièce n'a encore de catégorie : le délai dépend de l'infraction, il "
                 "n'est donc pas calculé. Choisissez une catégorie pour chaque pièce.",
                 "لا تحمل أي وثيقة صنفًا بعد: يتوقف الأجل على الجريمة، فلم يُحتسب. اختر صنفًا "
                 "لكل وثيقة."),
    "bordereau": ("Bordereau de pièces communiquées", "Bordereau de pièces communiquées",
                  "جدول الوثائق المدلى بها"),
    "jurisdiction": ("Court", "Juridiction", "المحكمة"),
    "rg": ("Case number (RG)", "N° RG", "رقم الملف"),
    "parties": ("Parties", "Parties", "الأطراف"),
    "bordereau_files": ("Also written beside this PDF as CSV and ODT files the lawyer can edit.",
                        "Également fourni à côté de ce PDF en CSV et ODT modifiables.",
                        "متوفر أيضًا بجانب ملف PDF هذا بصيغتي CSV وODT، ويمكن للمحامي "
                        "تعديلهما."),
    "constat": ("Content still online — worth a constat de commissaire de justice",
                "Contenus encore en ligne — à faire constater par commissaire de justice",
                "محتوى ما زال منشورًا — يُستحسن إثباته بمحضر معاينة من مفوض قضائي"),
    "constat_text": ("A screenshot is admissible but can be contested; for key content still "
                     "online, a procès-verbal de constat is much stronger.",
                     "Une capture d'écran est recevable mais contestable ; pour les contenus clés "
                     "encore en ligne, un procès-verbal de constat est bien plus solide.",
                     "لقطة الشاشة مقبولة لكن يمكن الطعن فيها؛ أما المحتوى الأساسي الذي ما زال "
                     "منشورًا، فمحضر المعاينة الذي يحرره مفوض قضائي (constat) أقوى بكثير."),
    "constat_none": ("No exhibit is marked as still online.",
                     "Aucune pièce n'est indiquée comme encore en ligne.",
                     "لا توجد وثيقة مُشار إلى أنها ما زالت منشورة."),
    "emc_fiche": ("EMC-Helpline sheet", "Fiche EMC-Helpline", "بطاقة EMC-Helpline"),
    "emc_intro": (
        "EMC-Helpline gets content removed through trusted partnerships and offers legal and "
        "psychological support; it does not replace a complaint. Anonymous form: "
        "cyberconfiance.ma/helpline — WhatsApp and telephone +212 6 24 40 58 89.",
        "EMC-Helpline obtient le retrait de contenus grâce à ses partenariats et offre un soutien "
        "juridique et psychologique ; elle ne remplace pas une plainte. Formulaire anonyme : "
        "cyberconfiance.ma/helpline — WhatsApp et téléphone +212 6 24 40 58 89.",
        "يعمل خط المساعدة EMC-Helpline على سحب المحتوى بفضل شراكات موثوقة، ويقدّم دعمًا "
        "قانونيًا ونفسيًا، لكنه لا يعوّض الشكاية. الاستمارة (دون ذكر الهوية): "
        "cyberconfiance.ma/helpline — واتساب والهاتف: +212 6 24 40 58 89."),
    "eblagh_fiche": ("e-Blagh sheet", "Fiche e-Blagh", "بطاقة إبلاغ (e-Blagh)"),
    "eblagh_intro": (
        "e-Blagh (DGSN) takes reports from victims or witnesses 24/7, in Arabic, French, English "
        "or Spanish; identity can be withheld. It covers sexual blackmail, threats, hate and "
        "child sexual exploitation. For a complaint: police (19), Gendarmerie royale (177) or "
        "the procureur du Roi.",
        "e-Blagh (DGSN) reçoit les signalements des victimes ou témoins 24 h/24, en arabe, "
        "français, anglais ou espagnol ; l'identité peut rester confidentielle. Il couvre le "
        "chantage sexuel, les menaces, la haine et l'exploitation sexuelle d'enfants. Pour une "
        "plainte : police (19), Gendarmerie royale (177) ou procureur du Roi.",
        "تستقبل منصة إبلاغ (e-Blagh) التابعة للمديرية العامة للأمن الوطني تبليغات الضحايا أو "
        "الشهود على مدار الساعة وطيلة أيام الأسبوع، بالعربية أو الفرنسية أو الإنجليزية أو "
        "الإسبانية، ويمكن عدم الكشف عن الهوية. وتشمل الابتزاز الجنسي والتهديد والكراهية "
        "والاستغلال الجنسي للأطفال. لتقديم شكاية: الشرطة (19) أو الدرك الملكي (177) أو وكيل "
        "الملك."),
    "translation_note": ("Courts may require a sworn Arabic translation of French or darija "
                         "content.", "Les juridictions peuvent exiger une traduction assermentée "
                         "en arabe.", "قد تطلب المحاكم ترجمة محلَّفة إلى العربية للمحتوى "
                                      "المكتوب بالفرنسية أو بالدارجة."),
    "platform": ("Platform", "Plateforme", "المنصة"),
    "content_link": ("Link to the content", "Lien du contenu", "رابط المحتوى"),
    "account_link": ("Link to the account", "Lien du compte", "رابط الحساب"),
    "type": ("Type", "Type", "النوع"),
    "dates": ("Dates", "Dates", "التواريخ"),
    "request": ("Request", "Demande", "الطلب"),
    "request_default": ("removal / advice / support", "retrait / conseil / soutien",
                        "سحب المحتوى / استشارة / دعم"),
    "offences_ma": ("Legal references (Morocco, for information only)",
                    "Références juridiques (Maroc, à titre indicatif)",
                    "المراجع القانونية (المغرب، على سبيل الاستئناس)"),
    "nature": ("Nature", "Nature", "النوع"),
    "visibility": ("Public or private", "Public ou privé", "علني أو خاص"),
    "public": ("public", "public", "علني"),
    "private": ("private", "privé", "خاص"),
    "url": ("Address (URL)", "Adresse URL", "الرابط"),
    "author": ("Author (pseudonym)", "Auteur (pseudonyme)", "الناشر (الاسم المستعار)"),
    "author_id": ("Account id", "Identifiant de compte", "معرّف الحساب"),
    "author_url": ("Profile link", "Lien du profil", "رابط الحساب"),
    "published": ("Date and time of publication (as displayed)",
                  "Date et heure de publication (telles qu'affichées)",
                  "تاريخ وساعة النشر (كما تظهر)"),
    "seen": ("Date and time seen or captured", "Date et heure de constatation",
             "تاريخ وساعة المعاينة أو الالتقاط"),
    "imported": ("Imported into the vault", "Importé dans le coffre",
                 "تاريخ الاستيراد إلى الخزنة"),
    "method": ("Capture method", "Méthode de capture", "طريقة الالتقاط"),
    "context": ("Context", "Contexte", "السياق"),
    "category": ("Category", "Catégorie", "الفئة"),
    "sha256": ("Digital fingerprint (SHA-256)", "Empreinte numérique (SHA-256)",
               "البصمة الرقمية (SHA-256)"),
    "derived": ("Derived copies", "Copies dérivées (copies de travail)", "النسخ المشتقة"),
    "timestamp": ("Timestamp token (RFC 3161)", "Jeton d'horodatage (RFC 3161)",
                  "رمز الختم الزمني (RFC 3161)"),
    "none": ("none", "aucun", "لا يوجد"),
    "status": ("Status", "Statut", "الحالة"),
    "status_online": ("still online", "encore en ligne", "ما زال منشورًا"),
    "status_removed": ("removed", "retiré", "محذوف"),
    "status_unknown": ("unknown", "inconnu", "غير معروف"),
    "last_checked": ("last checked", "dernière vérification", "آخر تحقق"),
    "notes": ("Notes", "Notes", "ملاحظات"),
    "custody": ("Custody entries", "Chaîne de traçabilité (journal)", "قيود سجل الحيازة"),
    "verbatim": ("Exact text", "Texte exact", "النص الحرفي"),
    "ocr": ("Text read from the image (OCR)", "Texte lu sur l'image (OCR)",
            "النص المقروء من الصورة (OCR)"),
    "conversation": ("Conversation", "Conversation", "المحادثة"),
    "attachment_missing": ("attachment not in the export: {name}",
                           "pièce jointe absente de l'export : {name}",
                           "مرفق غير موجود في التصدير: {name}"),
    "more_messages": ("… {n} more messages in the original (see the bundle).",
                      "… {n} autres messages dans l'original (voir l'archive).",
                      "… وفي الأصل رسائل أخرى عددها {n} (انظر الحزمة)."),
    "sensitive_note": ("Sensitive image: blurred on purpose. The original is in the signed "
                       "bundle; its SHA-256 is above.",
                       "Image sensible : floutée volontairement. L'original est dans l'archive "
                       "signée ; son empreinte SHA-256 figure ci-dessus.",
                       "صورة حساسة: مموّهة عمدًا. الأصل موجود في الحزمة الموقّعة، وبصمته "
                       "SHA-256 مذكورة أعلاه."),
    "csam_note": ("Child sexual abuse material is never captured, kept or sent (art. 227-23 "
                  "C. pén.): only its address and a description are given.",
                  "Un contenu pédocriminel n'est jamais capturé, conservé ni transmis (art. "
                  "227-23 C. pén.) : seuls son adresse et une description figurent ici.",
                  "لا يُلتقط محتوى الاستغلال الجنسي للأطفال أبدًا، ولا يُحفظ ولا يُرسل (المادة "
                  "227-23 من القانون الجنائي الفرنسي): لا يُذكر إلا رابطه ووصف له."),
    "unreadable_image": ("The image could not be displayed; the original is in the bundle.",
                         "L'image n'a pas pu être affichée ; l'original est dans l'archive.",
                         "تعذّر عرض الصورة؛ الأصل موجود في الحزمة."),
    "removed_item": ("Erased from the vault at the user's request ({reason}); its hash is kept.",
                     "Effacée du coffre à la demande de l'utilisatrice ou l'utilisateur "
                     "({reason}) ; son empreinte est conservée.",
                     "حُذف هذا العنصر من الخزنة بطلب من المستخدم ({reason})؛ وبصمته محفوظة."),
    "n_local": ("local", "heure locale", "التوقيت المحلي"),
    "vault_id": ("Vault", "Coffre", "الخزنة"),
    "id_document": ("Bring an identity document when filing in person.",
                    "Munissez-vous d'une pièce d'identité pour un dépôt sur place.",
                    "أحضر ما يثبت هويتك عند تقديم الشكاية حضوريًا."),
    "made_at": ("Written at {city}, on {date}.", "Fait à {city}, le {date}.",
                "حُرّر في {city}، بتاريخ {date}."),
    "signature": ("Signature", "Signature", "التوقيع"),
    "pharos_pick": ("to choose in the form's list (our category: {c})",
                    "à choisir dans la liste du formulaire (notre catégorie : {c})",
                    "يُختار من قائمة الاستمارة (فئتنا: {c})"),
    "in_chat": ("message {i} of the conversation in exhibit item #{item}",
                "message {i} de la conversation (élément #{item})",
                "الرسالة {i} من المحادثة (العنصر #{item})"),
    "attached_to": ("attachment of item #{item}", "pièce jointe de l'élément #{item}",
                    "مرفق بالعنصر #{item}"),
    "more_custody": ("… {n} more entries (complete log in the bundle).",
                     "… {n} autres entrées (journal complet dans l'archive).",
                     "… قيود أخرى عددها {n} (السجل الكامل في الحزمة)."),
    "size": ("Size and type", "Taille et type", "الحجم والنوع"),
    "original_name": ("Original file name", "Nom du fichier d'origine", "اسم الملف الأصلي"),
    "letter_body": (
        "I hereby file a complaint {against} for the facts set out below, which I have suffered "
        "online. The chronological account, the exhibits and their digital fingerprints are "
        "attached.",
        "J'ai l'honneur de porter plainte {against} pour les faits exposés ci-après, dont je suis "
        "victime en ligne. L'exposé chronologique, les pièces et leurs empreintes numériques sont "
        "joints.",
        "أتشرف بأن أتقدم بشكاية {against} بشأن الوقائع المبيَّنة أدناه، التي تعرّضت لها عبر "
        "الإنترنت. وتجدون رفقته العرض الزمني للوقائع والوثائق وبصماتها الرقمية."),
    "against_named": ("against {names}", "contre {names}", "ضد {names}"),
    "against_unknown": ("against person or persons unknown (contre X)", "contre X", "ضد مجهول"),
    "letter_close": ("Yours faithfully,", "Je vous prie d'agréer, Madame, Monsieur le Procureur "
                     "de la République, l'expression de ma haute considération.",
                     "وتقبلوا، السيد وكيل الجمهورية، فائق التقدير والاحترام."),
    "letter_salute": ("Dear Sir or Madam,", "Madame, Monsieur le Procureur de la République,",
                      "السيد وكيل الجمهورية المحترم،"),
}
TEXTS.update(headings_pharos_form.TEXTS)
TEXTS.update(TRUST_VERIFY_TEXTS)
TEXTS.update(DOSSIER_DATES)
TEXTS.update(headings_trust_log.TEXTS)
TEXTS.update(TEXTS_LEGAL_MOROCCO)
TEXTS.update(headings_trust_time.TEXTS)
TEXTS.update(headings_web_capture.TEXTS)
TEXTS.update(headings_withheld.TEXTS)
TEXTS.update(headings_annex.TEXTS)
TEXTS.update(headings_nature.TEXTS)

# Our categories -> Pharos's own list (the form's wording, kept in French for every language).
# Category labels per language (the ids are those of core/categories.py).
CATEGORY_LABELS: dict[str, tuple[str, str]] = {  # id -> (fr, ar); English comes from core
    "webcam_blackmail": ("chantage à la webcam (sextorsion)", "ابتزاز جنسي عبر كاميرا الويب"),
    "intimate_images": ("diffusion d'images intimes", "نشر صور حميمة"),
    "threats": ("menaces", "تهديدات"),
    "impersonation": ("usurpation d'identité", "انتحال الهوية"),
    "doxxing": ("divulgation de données personnelles", "نشر معطيات شخصية"),
    "account_hacking": ("piratage de compte", "قرصنة حساب"),
    "hate_humiliation": ("propos haineux ou humiliants", "عبارات كراهية أو إهانة"),
    "harassment": ("harcèlement répété", "تحرش متكرر"),
    "sexual_harassment": ("harcèlement sexuel", "تحرش جنسي"),
    "defamation": ("injure ou diffamation", "سب أو قذف"),
    "deepfake": ("montage ou hypertrucage", "تركيب أو تزييف عميق"),
    "scam": ("escroquerie", "نصب واحتيال"),
    "child_sexual_abuse": ("contenu pédocriminel (URL et description seulement)",
                           "محتوى استغلال جنسي للأطفال (الرابط والوصف فقط)"),
    "other": ("autre", "أخرى"),
}

# Only clear matches; the others ask the victim to choose in the form rather than guess.
PHAROS_CATEGORIES = {
    "threats": "Menaces ou incitation à la violence",
    "webcam_blackmail": "Menaces ou incitation à la violence",
    "defamation": "Injure ou diffamation",
    "hate_humiliation": "Injure ou diffamation",
    "child_sexual_abuse": "Pédophilie ou corruption de mineur — URL uniquement",
    "scam": "Escroquerie",
}

ERRORS: dict[str, tuple[str, str, str]] = {
    "choose_case": ("The vault holds several cases; choose one with --case.",
                    "Le coffre contient plusieurs affaires ; choisissez-en une avec --case.",
                    "تحتوي الخزنة على عدة قضايا؛ اختر واحدة بواسطة --case."),
    "other_case": ("Item {id} is not in the case “{case}”.",
                   "L'élément {id} n'appartient pas à l'affaire « {case} ».",
                   "العنصر {id} لا ينتمي إلى القضية «{case}»."),
    "no_message": ("There is no message {id} in this vault.",
                   "Il n'y a pas de message {id} dans ce coffre.",
                   "لا توجد رسالة رقم {id} في هذه الخزنة."),
    "field_too_long": ("A field of the dossier information is longer than {n} characters.",
                       "Un champ des informations du dossier dépasse {n} caractères.",
                       "أحد حقول معلومات الملف يتجاوز {n} حرفًا."),
    "bad_recipient": ("Unknown recipient “{r}”; choose one of: {all}.",
                      "Destinataire inconnu « {r} » ; choisissez parmi : {all}.",
                      "جهة غير معروفة «{r}»؛ اختر إحدى الجهات: {all}."),
    "bad_lang": ("Unknown language “{l}”; choose fr, en or ar.",
                 "Langue inconnue « {l} » ; choisissez fr, en ou ar.",
                 "لغة غير معروفة «{l}»؛ اختر fr أو en أو ar."),
    "bad_birth_date": ("“{d}” is not a birth date; write it as YEAR-MONTH-DAY, for example "
                       "2009-04-23.",
                       "« {d} » n'est pas une date de naissance ; écrivez-la ANNÉE-MOIS-JOUR, "
                       "par exemple 2009-04-23.",
                       "«{d}» ليس تاريخ ازدياد؛ اكتبه بالشكل سنة-شهر-يوم، مثلًا 2009-04-23."),
    "cancelled": ("Export cancelled; no dossier was written.",
                  "Export annulé ; aucun dossier n'a été écrit.", "أُلغي التصدير؛ لم يُنشأ أي "
                                                                  "ملف."),
}
ERRORS.update(DOSSIER_DATE_ERRORS)
ERRORS.update(ERRORS_LEGAL_MOROCCO)

_INDEX = {"en": 0, "fr": 1, "ar": 2}


def t(key: str, lang: str) -> str:
    """The fixed text `key` in `lang` (English when the language is unknown)."""
    return TEXTS[key][_INDEX.get(lang, 0)]


def bilingual(key: str, lang: str) -> list[str]:
    """Arabic and French versions for Moroccan recipients (plus the dossier language if other)."""
    out = [t(key, "ar"), t(key, "fr")]
    if lang == "en":
        out.append(t(key, "en"))
    return list(dict.fromkeys(out))


def error(key: str) -> str:
    """An error sentence in the interface language."""
    return ERRORS[key][_INDEX.get(current_language(), 0)]
