"""Dossier texts for dated facts, conversation summaries and uncomputable deadlines (en, fr, ar)."""

from __future__ import annotations

DATES: dict[str, tuple[str, str, str]] = {
    # What a date is: printed before each date in the chronology and the fiches.
    "ev_published": ("published", "publication", "النشر"),
    "ev_sent": ("sent", "envoi", "الإرسال"),
    "ev_occurred": ("incident (victim's account)", "faits (selon la victime)",
                    "وقوع الأفعال (حسب الضحية)"),
    "ev_captured": ("taken by the device (EXIF)", "prise de vue par l'appareil (EXIF)",
                    "الالتقاط بالجهاز (EXIF)"),
    "ev_seen": ("seen", "constatation", "المعاينة"),
    "ev_imported": ("imported into the vault", "import dans le coffre",
                    "الاستيراد إلى الخزنة"),
    "ev_unknown": ("date of the facts unknown", "date des faits inconnue",
                   "تاريخ الوقائع غير معروف"),
    "ev_as_displayed": ("displayed: “{t}”", "affiché : « {t} »", "كما يظهر: «{t}»"),
    "ev_between": ("between {a} and {b}", "entre le {a} et le {b}", "بين {a} و{b}"),
    "ev_between_times": ("{day} between {a} and {b} {off}", "{day} entre {a} et {b} {off}",
                         "{day} بين {a} و{b} {off}"),
    "ev_relative": ("displayed “{t}” when seen", "affiché « {t} » lors de la constatation",
                    "ظهر «{t}» عند المعاينة"),
    "ev_day_only": ("time not shown", "heure non affichée", "الساعة غير ظاهرة"),
    "ev_zone_guessed": ("device clock, zone not recorded", "horloge de l'appareil, fuseau non "
                        "enregistré", "ساعة الجهاز، دون تسجيل المنطقة الزمنية"),
    "zone_note": ("Times are local time ({zone}), each with its offset from UTC. The date a piece "
                  "was imported into the vault is never given as the date of the facts.",
                  "Heures locales ({zone}), chacune avec son décalage par rapport à UTC. La date "
                  "d'import d'une pièce dans le coffre n'est jamais donnée comme date des faits.",
                  "الأوقات بالتوقيت المحلي ({zone})، مع فارق كل منها عن التوقيت العالمي UTC. "
                  "تاريخ استيراد الوثيقة إلى الخزنة لا يُقدَّم أبدًا كتاريخ للوقائع."),
    # Fiche rows.
    "row_sent": ("Date and time sent (as in the export)", "Date et heure d'envoi (selon l'export)",
                 "تاريخ وساعة الإرسال (حسب التصدير)"),
    "row_captured": ("Taken by the device (EXIF DateTimeOriginal)",
                     "Prise de vue par l'appareil (EXIF DateTimeOriginal)",
                     "الالتقاط بالجهاز (EXIF DateTimeOriginal)"),
    "row_occurred": ("Date of the incident (victim's account)", "Date des faits (selon la victime)",
                     "تاريخ الوقائع (حسب الضحية)"),
    "row_time_rule": ("Times in the export", "Heures de l'export", "أوقات التصدير"),
    "rule_read_in": ("no time zone in the export; read as local time in {zone}",
                     "sans fuseau dans l'export ; lues comme heure locale {zone}",
                     "دون منطقة زمنية في التصدير؛ قُرئت بالتوقيت المحلي {zone}"),
    "rule_mismatch": ("No time zone in the export; read as {zone}, not {case}: if the "
                      "phone was set to {case}, every time of this conversation is off by the "
                      "difference. Read it again with: evidencekit reparse {id} --timezone {case}.",
                      "Pas de fuseau dans l'export ; heures lues comme heure {zone}, "
                      "et non {case} : si le téléphone était réglé sur {case}, toutes les heures "
                      "de cette conversation sont décalées d'autant. La relire avec : "
                      "evidencekit reparse {id} --timezone {case}.",
                      "لا توجد منطقة زمنية في التصدير؛ قُرئت الأوقات بتوقيت {zone} "
                      "وليس {case}: إذا كان الهاتف مضبوطًا على {case} فكل أوقات هذه المحادثة "
                      "منزاحة بالفارق. أعد قراءتها بالأمر: "
                      "evidencekit reparse {id} --timezone {case}."),
    "row_reread": ("Messages read again", "Messages relus", "إعادة قراءة الرسائل"),
    "reread_line": ("On {when} (log entry {n}) the messages were read again: first reading with "
                    "{before}; new reading, used in this dossier, with {after}.",
                    "Le {when} (entrée {n} du journal), les messages ont été relus : première "
                    "lecture avec {before} ; nouvelle lecture, utilisée dans ce dossier, avec "
                    "{after}.",
                    "في {when} (القيد {n} في السجل) أُعيدت قراءة الرسائل: القراءة الأولى بـ"
                    "{before}؛ والقراءة الجديدة، المعتمدة في هذا الملف، بـ{after}."),
    "reread_kept": ("The first reading is kept unchanged in the vault (working copy listed "
                    "below) and checked by `evidencekit verify`.",
                    "La première lecture est conservée telle quelle dans le coffre (copie de "
                    "travail citée ci-dessous) et contrôlée par « evidencekit verify ».",
                    "القراءة الأولى محفوظة كما هي في الخزنة (نسخة العمل المذكورة أدناه) "
                    "ويتحقق منها الأمر evidencekit verify."),
    "reread_order": ("date order {order}", "ordre des dates {order}", "ترتيب التاريخ {order}"),
    "reread_zone": ("time zone {zone}", "fuseau {zone}", "المنطقة الزمنية {zone}"),
    "reread_unknown": ("options not recorded", "options non enregistrées", "خيارات غير مسجلة"),
    "order_dmy": ("day/month/year", "jour/mois/année", "يوم/شهر/سنة"),
    "order_mdy": ("month/day/year", "mois/jour/année", "شهر/يوم/سنة"),
    "order_ymd": ("year/month/day", "année/mois/jour", "سنة/شهر/يوم"),
    "row_first_last": ("Messages (first and last)", "Messages (premier et dernier)",
                       "الرسائل (الأولى والأخيرة)"),
    # Conversation summaries in the chronology.
    "chat_span": ("{n} messages, from {first} to {last}", "{n} messages, du {first} au {last}",
                  "{n} رسالة، من {first} إلى {last}"),
    "chat_author": ("Messages from {who}: {n}", "Messages de {who} : {n}", "رسائل {who}: {n}"),
    "chat_per_day": ("per day", "par jour", "حسب اليوم"),
    "chat_per_week": ("per week (week starting)", "par semaine (semaine du)",
                      "حسب الأسبوع (أسبوع يبدأ في)"),
    "chat_per_month": ("per month", "par mois", "حسب الشهر"),
    "chat_no_author": ("The presumed author was not recognised among the senders; messages per "
                       "sender: {list}", "Auteur présumé non reconnu parmi les expéditeurs ; "
                       "messages par expéditeur : {list}", "لم يُتعرَّف على المعتدي المفترض بين "
                       "المرسلين؛ عدد الرسائل حسب المرسل: {list}"),
    "chat_all": ("all messages,", "tous les messages,", "كل الرسائل،"),
    "chat_more": ("… ({n} more)", "… ({n} de plus)", "… ({n} أخرى)"),
    # Deadlines without a date of the facts.
    "basis_sent": ("message sent", "envoi du message", "إرسال الرسالة"),
    "basis_first_sent": ("first message of the conversation", "premier message de la conversation",
                         "أول رسالة في المحادثة"),
    "basis_captured": ("taken by the device (EXIF)", "prise de vue (EXIF)", "الالتقاط (EXIF)"),
    "dl_at_most": ("at the latest {d}", "au plus tard le {d}", "على أبعد تقدير {d}"),
    "dl_unknown": ("CANNOT BE COMPUTED — may already have passed",
                   "IMPOSSIBLE À CALCULER — peut être déjà expiré",
                   "لا يمكن حسابه — قد يكون قد انقضى"),
    "dl_no_start": ("no date of the facts (the import on {d} is not a starting point)",
                    "aucune date des faits (l'import du {d} n'est pas un point de départ)",
                    "لا يوجد تاريخ للوقائع (الاستيراد بتاريخ {d} ليس نقطة انطلاق)"),
    "dl_missing": ("Exhibit no. {n} ({regime}): the deadline cannot be computed, because no date "
                   "of publication or of the facts is recorded; it may already have passed. "
                   "To find out: {what}",
                   "Pièce n° {n} ({regime}) : le délai est impossible à calculer, faute de date "
                   "de publication ou des faits ; il peut être déjà expiré. À rechercher : {what}",
                   "الوثيقة رقم {n} ({regime}): لا يمكن حساب الأجل لعدم تسجيل تاريخ النشر أو "
                   "الوقائع؛ وقد يكون قد انقضى. يجب البحث عن: {what}"),
    "dl_find_press": ("the date of publication shown under the content (hover or open the post), "
                      "an archived copy (Wayback Machine, archive.today), the capture's own date, "
                      "or the account of whoever saw it first; the three months run from the "
                      "first publication.",
                      "la date de publication affichée sous le contenu (survol ou ouverture de "
                      "la publication), une copie archivée (Wayback Machine, archive.today), la "
                      "date de la capture, ou le témoignage de la première personne qui l'a vu ; "
                      "les trois mois courent de la première publication.",
                      "تاريخ النشر الظاهر تحت المحتوى، أو نسخة مؤرشفة (Wayback Machine، "
                      "archive.today)، أو تاريخ لقطة الشاشة، أو شهادة أول من رآه؛ تبدأ الأشهر "
                      "الثلاثة من أول نشر."),
    "dl_find_other": ("the date shown on the content, the message's date in the export, the "
                      "photo's EXIF date, or the day it was first seen.",
                      "la date affichée sur le contenu, la date du message dans l'export, la date "
                      "EXIF de la photo, ou le jour où il a été vu pour la première fois.",
                      "التاريخ الظاهر على المحتوى، أو تاريخ الرسالة في التصدير، أو تاريخ EXIF "
                      "للصورة، أو يوم رؤيته لأول مرة."),
    "dl_upper_note": ("“At the latest”: counted from when the piece was seen or captured; the "
                      "facts came earlier, so the real deadline may be earlier.",
                      "« Au plus tard » : compté depuis la constatation ou la capture ; les faits "
                      "sont antérieurs, le délai réel peut donc être plus court.",
                      "«على أبعد تقدير»: محسوب من تاريخ المعاينة أو الالتقاط؛ الوقائع سابقة، لذا "
                      "قد يكون الأجل الحقيقي أقرب."),
    "dl_undated": ("{k} exhibit(s) without a date of the facts: deadline cannot be computed and "
                   "may already have passed (exhibit no. {pieces}).",
                   "{k} pièce(s) sans date des faits : délai impossible à calculer, peut-être déjà "
                   "expiré (pièce(s) n° {pieces}).",
                   "{k} وثيقة (وثائق) دون تاريخ للوقائع: لا يمكن حساب الأجل وقد يكون قد انقضى "
                   "(الوثيقة رقم {pieces})."),
}

DATE_ERRORS: dict[str, tuple[str, str, str]] = {
    "bad_timezone": ("Unknown time zone “{tz}”; give an IANA name such as Europe/Paris or "
                     "Africa/Casablanca.",
                     "Fuseau horaire inconnu « {tz} » ; donnez un nom IANA comme Europe/Paris ou "
                     "Africa/Casablanca.",
                     "منطقة زمنية غير معروفة «{tz}»؛ اكتب اسمًا وفق IANA مثل Europe/Paris أو "
                     "Africa/Casablanca."),
}
