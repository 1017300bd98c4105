"""Texts for the Pharos fiches, the capture method, empty rows, the PDF image and the letter.

key -> (en, fr, ar), merged into headings.TEXTS.
"""

from __future__ import annotations

FORM_URL = "https://www.internet-signalement.gouv.fr"

TEXTS: dict[str, tuple[str, str, str]] = {
    # -- Pharos ----------------------------------------------------------------------------------
    "pharos_form": ("Pharos form (one report per address):",
                    "Formulaire Pharos (un signalement par adresse URL) :",
                    "استمارة فاروس (تبليغ واحد لكل رابط):"),
    "pharos_copy": ("Copy each sheet below into the form.",
                    "Recopiez chaque fiche ci-dessous dans le formulaire.",
                    "انسخ كل بطاقة أدناه في الاستمارة."),
    "pharos_copy_file": ("The same sheets as plain text, for copying: {file}.",
                         "Les mêmes fiches en texte brut, pour copier-coller : {file}.",
                         "البطاقات نفسها في ملف نصي للنسخ واللصق: {file}."),
    "pharos_text_file": ("the file “{name}” beside this PDF (also in the bundle)",
                         "le fichier « {name} » à côté de ce PDF (également dans l'archive)",
                         "الملف «{name}» بجانب ملف PDF هذا (وفي الحزمة أيضًا)"),
    "pharos_removed": (
        "{piece}: no sheet. The content is marked as removed{checked}; Pharos can only act on "
        "content still online. If it reappears, report the new address. The exhibit stays in the "
        "complaint.",
        "{piece} : pas de fiche. Le contenu est indiqué comme retiré{checked} ; Pharos ne peut "
        "agir que sur un contenu encore en ligne. S'il réapparaît, signalez la nouvelle adresse. "
        "La pièce reste utile pour la plainte.",
        "{piece}: لا توجد بطاقة. المحتوى مُشار إلى أنه حُذف{checked}؛ ولا يستطيع فاروس التدخل إلا "
        "في محتوى ما زال منشورًا. إذا ظهر من جديد، فبلّغ عن رابطه الجديد. وتبقى الوثيقة مفيدة "
        "للشكاية."),
    "pharos_removed_checked": (" (last checked {d})", " (dernière vérification : {d})",
                               " (آخر تحقق: {d})"),
    "pharos_text_title": ("Pharos report sheets — plain text to copy into the form",
                          "Fiches de signalement Pharos — texte brut à recopier dans le "
                          "formulaire", "بطاقات التبليغ لدى فاروس — نص خام للنسخ في الاستمارة"),
    "pharos_pick_none": ("to choose in the form's list", "à choisir dans la liste du formulaire",
                         "يُختار من قائمة الاستمارة"),
    "pharos_date_unknown": ("not recorded: note the date shown under the post before reporting",
                            "non relevée : notez la date affichée sous la publication avant de "
                            "signaler", "غير مسجَّل: دوّن التاريخ الظاهر تحت المنشور قبل التبليغ"),
    "pharos_describe": ("to write in the form: quote the unlawful words, say who is targeted",
                        "à rédiger dans le formulaire : citez les propos illicites, dites qui est "
                        "visé", "يُحرَّر في الاستمارة: انقل العبارات المخالفة للقانون واذكر "
                              "المستهدَف"),
    "net_social": ("social network", "réseau social", "شبكة اجتماعية"),
    "net_messaging": ("messaging", "messagerie", "تطبيق مراسلة"),
    "net_forum": ("forum", "forum", "منتدى"),
    "net_site": ("website", "site web", "موقع إلكتروني"),
    # -- Capture method --------------------------------------------------------------------------
    "m_device": ("device: {d} (EXIF)", "appareil : {d} (EXIF)", "الجهاز: {d} (EXIF)"),
    "m_software": ("software: {s} (EXIF)", "logiciel : {s} (EXIF)", "البرنامج: {s} (EXIF)"),
    "m_android": ("Android screenshot{app} (from the file name)",
                  "capture d'écran Android{app} (d'après le nom du fichier)",
                  "لقطة شاشة أندرويد{app} (حسب اسم الملف)"),
    "m_app": (", app {a}", ", application {a}", "، تطبيق {a}"),
    "m_recording": ("Android screen recording{app} (from the file name)",
                    "enregistrement d'écran Android{app} (d'après le nom du fichier)",
                    "تسجيل شاشة أندرويد{app} (حسب اسم الملف)"),
    "m_camera": ("phone camera (from the file name)",
                 "appareil photo d'un téléphone (d'après le nom du fichier)",
                 "كاميرا هاتف (حسب اسم الملف)"),
    "m_email": ("e-mail saved from the mail program (file imported as is)",
                "e-mail enregistré depuis la messagerie (fichier importé tel quel)",
                "بريد إلكتروني محفوظ من برنامج البريد (ملف مستورد كما هو)"),
    "m_macos": ("macOS screenshot (from the file name)",
                "capture d'écran macOS (d'après le nom du fichier)",
                "لقطة شاشة macOS (حسب اسم الملف)"),
    "m_windows": ("Windows screenshot tool (from the file name)",
                  "outil Capture d'écran de Windows (d'après le nom du fichier)",
                  "أداة لقطة الشاشة في ويندوز (حسب اسم الملف)"),
    "m_chat": ("conversation exported from {app} (export file imported as is)",
               "export de conversation de l'application {app} (fichier d'export importé tel "
               "quel)", "محادثة مصدَّرة من تطبيق {app} (ملف التصدير مستورد كما هو)"),
    "m_chat_unknown": ("conversation export (file imported as is)",
                       "export de conversation (fichier importé tel quel)",
                       "تصدير محادثة (ملف مستورد كما هو)"),
    "m_journal": ("account typed by the victim in evidencekit",
                  "récit saisi par la victime dans evidencekit",
                  "رواية كتبتها الضحية في evidencekit"),
    "m_paste": ("text typed or pasted into evidencekit", "texte saisi ou collé dans evidencekit",
                "نص كُتب أو أُلصق في evidencekit"),
    "m_url": ("address noted by hand; nothing captured",
              "adresse notée à la main ; rien n'a été capturé",
              "رابط سُجّل يدويًا؛ لم يُلتقط أي شيء"),
    "m_unknown": ("not known", "non connue", "غير معروفة"),
    # -- Rows left empty -------------------------------------------------------------------------
    "missing": ("Not given: {fields}.", "Non renseigné : {fields}.", "غير مذكور: {fields}."),
    "missing_why": (
        "Courts have set aside screenshots without the full address (URL) or whose author, date "
        "or capture conditions were unknown: add what you can.",
        "Des tribunaux ont écarté des captures sans adresse URL complète, ou dont l'auteur, la "
        "date ou les conditions de capture étaient inconnus : complétez ce que vous pouvez.",
        "رفضت محاكم لقطات شاشة دون رابط كامل، أو لم يُعرف ناشرها أو تاريخها أو ظروف التقاطها: "
        "أكمل ما تستطيع."),
    "missing_harm": (
        "Not given. Attach medical certificates (with the ITT), sick-leave notices and receipts "
        "for costs: they found the claim for damages.",
        "Non renseigné. Joignez les certificats médicaux (avec l'ITT), arrêts de travail et "
        "justificatifs de frais : ils fondent la demande de réparation.",
        "غير مذكور. أرفق الشهادات الطبية (مع مدة العجز ITT) ورخص المرض ووصولات المصاريف: فهي "
        "أساس طلب التعويض."),
    "missing_steps": (
        "None recorded. Note any Pharos report, platform report (with its number), call to "
        "3018 or main courante: they show the facts were reported early.",
        "Aucune démarche enregistrée. Indiquez tout signalement Pharos, signalement à la "
        "plateforme (avec son numéro), appel au 3018 ou main courante : ils montrent que les "
        "faits ont été signalés tôt.",
        "لم يُسجَّل أي إجراء. اذكر كل تبليغ لدى فاروس أو لدى المنصة (مع رقمه) أو اتصال بالرقم "
        "3018 أو تصريح لدى الشرطة: فهي تبيّن أن الوقائع بُلّغ عنها مبكرًا."),
    "missing_witnesses": ("None named.", "Aucun témoin indiqué.", "لم يُذكر أي شاهد."),
    "missing_narrative": (
        "Not written yet: the chronological account below and the exhibits set out the facts.",
        "Pas encore rédigé : l'exposé chronologique et les pièces ci-après présentent les faits.",
        "لم يُحرَّر بعد: العرض الزمني والوثائق أدناه تبيّن الوقائع."),
    "fill_by_hand": (
        "Fields left blank are to be filled in by hand before sending: the prosecutor's office "
        "must be able to identify and reach you.",
        "Les champs laissés en blanc sont à compléter à la main avant l'envoi : le parquet doit "
        "pouvoir vous identifier et vous joindre.",
        "الخانات الفارغة تُملأ باليد قبل الإرسال: يجب أن تتمكن النيابة العامة من التعرف عليك "
        "والاتصال بك."),
    # -- The image shown in the PDF --------------------------------------------------------------
    "pdf_image": (
        "Image shown here: a copy re-encoded for the PDF (JPEG, scaled down{blur}). The "
        "evidentiary copy is the original, SHA-256 {sha}.",
        "Image affichée ici : copie ré-encodée pour le PDF (JPEG, réduite{blur}). La copie de "
        "preuve est l'original, SHA-256 {sha}.",
        "الصورة المعروضة هنا: نسخة أُعيد ترميزها لملف PDF (JPEG، مصغّرة{blur}). نسخة الإثبات "
        "هي الأصل، وبصمته SHA-256 هي {sha}."),
    "pdf_image_too_large": (
        "This image has {mpx} million pixels: too many to draw here without exhausting the "
        "computer's memory. The original, SHA-256 {sha}, is unchanged in the vault and the bundle.",
        "Cette image compte {mpx} millions de pixels : trop pour l'afficher ici sans épuiser la "
        "mémoire de l'ordinateur. L'original, SHA-256 {sha}, est intact dans le coffre et dans "
        "l'archive.",
        "تضم هذه الصورة {mpx} مليون بكسل: وهو عدد أكبر من أن تُعرض هنا دون استنفاد ذاكرة "
        "الحاسوب. الأصل، وبصمته SHA-256 هي {sha}، سليم في الخزنة وفي الحزمة."),
    "pdf_image_blur": (", blurred on purpose because it is sensitive",
                       ", floutée volontairement car sensible", "، ومموّهة عمدًا لأنها حساسة"),
    # -- Derived copies --------------------------------------------------------------------------
    "d_ocr": ("text read from the image (OCR)", "texte lu sur l'image (OCR)",
              "نص مقروء من الصورة (OCR)"),
    "d_thumbnail": ("thumbnail", "vignette", "صورة مصغّرة"),
    "d_blurred": ("blurred copy", "copie floutée", "نسخة مموّهة"),
    "d_superseded-reading": ("first reading of the messages, kept when they were read again",
                             "première lecture des messages, conservée lors de leur relecture",
                             "القراءة الأولى للرسائل، محفوظة عند إعادة قراءتها"),
    "d_other": ("derived copy ({k})", "copie dérivée ({k})", "نسخة مشتقة ({k})"),
    # -- The letter to the procureur -------------------------------------------------------------
    "addressee": ("The Public Prosecutor (Madame or Monsieur le procureur de la République)",
                  "Madame ou Monsieur le procureur de la République",
                  "السيد(ة) وكيل(ة) الجمهورية (procureur de la République)"),
    "court_of": ("Tribunal judiciaire de {court}", "Tribunal judiciaire de {court}",
                 "المحكمة القضائية (Tribunal judiciaire) بـ {court}"),
    "court_blank": ("Tribunal judiciaire de ……………………………………",
                    "Tribunal judiciaire de ……………………………………",
                    "المحكمة القضائية (Tribunal judiciaire) بـ ……………………………………"),
    "court_hint": (
        "Send it to the tribunal judiciaire of the place of the facts or of your home "
        "(address on justice.fr), by registered letter with acknowledgement of receipt.",
        "À adresser au tribunal judiciaire du lieu des faits ou de votre domicile (adresse sur "
        "justice.fr), par lettre recommandée avec accusé de réception.",
        "تُوجَّه إلى المحكمة القضائية لمكان الوقائع أو لمحل سكنك (العنوان على justice.fr)، "
        "برسالة مضمونة مع إشعار بالتوصل."),
    "objet": ("Subject: complaint {against}{offences} — {n} exhibits attached",
              "Objet : plainte {against}{offences} — {n} pièces jointes",
              "الموضوع: شكاية {against}{offences} — {n} وثائق مرفقة"),
    "objet_for": (" for {what}", " pour {what}", " من أجل {what}"),
    "drafted": ("{city}, {date}", "{city}, le {date}", "{city}، في {date}"),
    "signature_room": ("Signature:", "Signature :", "التوقيع:"),
    "pieces_list": ("Exhibits attached", "Pièces jointes", "الوثائق المرفقة"),
    "blank_line": ("……………………………………", "……………………………………", "……………………………………"),
    "not_given_row": ("Not given", "Non renseigné", "غير مذكور"),
    "col_action": ("Action", "Action", "الإجراء"),
    "unknown_action": ("action “{code}”", "action « {code} »", "إجراء «{code}»"),
    # A capture made after signing in: Pharos handles public content only (gate_2).
    "pharos_access": ("Access", "Accès", "الوصول"),
    "pharos_login_note": (
        "seen after signing in (a members' page). Pharos handles public content only: if only "
        "people the author chose can see it, report it to the police or the gendarmerie "
        "instead.",
        "vue après connexion (page réservée aux membres). Pharos ne traite que les contenus "
        "publics : si seules des personnes choisies par l'auteur peuvent la voir, signalez-la "
        "plutôt à la police ou à la gendarmerie.",
        "شوهدت بعد تسجيل الدخول (صفحة خاصة بالأعضاء). لا تعالج Pharos إلا المحتوى العلني: "
        "فإن لم يكن يراها إلا أشخاص اختارهم الناشر، فبلّغ عنها الشرطة أو الدرك بدلًا من ذلك."),
}
