"""Custody actions and message kinds in words: the vault keeps its codes, a dossier says what
happened."""

from __future__ import annotations

from evidencekit.dossier.headings import t

ACTIONS: dict[str, tuple[str, str, str]] = {
    "import": ("added to the vault", "ajouté au coffre", "أُضيف إلى الخزنة"),
    "import-duplicate": ("added again (already in the vault)",
                         "ajouté de nouveau (déjà dans le coffre)",
                         "أُضيف مرة أخرى (موجود في الخزنة)"),
    "messages-imported": ("messages read from the export", "messages lus dans l'export",
                          "قُرئت الرسائل من ملف التصدير"),
    "messages-reread": ("messages read again with another date order or time zone (the first "
                        "reading is kept)",
                        "messages relus avec un autre ordre des dates ou un autre fuseau (la "
                        "première lecture est conservée)",
                        "أُعيدت قراءة الرسائل بترتيب تاريخ أو منطقة زمنية أخرى (القراءة الأولى "
                        "محفوظة)"),
    "annotated": ("description changed", "description modifiée", "عُدّل الوصف"),
    "url-recorded": ("address recorded", "adresse enregistrée", "سُجّل الرابط"),
    "derived-created": ("working copy made (thumbnail, text or blurred copy)",
                        "copie de travail créée (vignette, texte ou copie floutée)",
                        "أُنشئت نسخة عمل (صورة مصغّرة أو نص أو نسخة مموّهة)"),
    "removed": ("erased from the vault (its fingerprint is kept)",
                "effacé du coffre (son empreinte est conservée)",
                "حُذف من الخزنة (بصمته محفوظة)"),
    "exhibit-numbered": ("numbered as an exhibit", "numéroté comme pièce", "رُقّم كوثيقة"),
    "exported": ("included in an exported dossier", "inclus dans un dossier exporté",
                 "أُدرج في ملف مُصدَّر"),
    "exported-bundle": ("included in a signed bundle", "inclus dans une archive signée",
                        "أُدرج في حزمة موقَّعة"),
    "translated": ("translation written by the victim (not sworn)",
                   "traduction écrite par la victime (non assermentée)",
                   "ترجمة كتبتها الضحية (غير محلَّفة)"),
    "translation-removed": ("translation removed", "traduction retirée", "حُذفت الترجمة"),
    "verified": ("checked against its fingerprint", "vérifié par son empreinte",
                 "تُحقّق منه ببصمته"),
    "carried-over": ("carried over from a damaged vault", "repris d'un coffre endommagé",
                     "نُقل من خزنة تالفة"),
    "rescue-lost": ("lost with a damaged vault (its fingerprint is kept)",
                    "perdu avec un coffre endommagé (son empreinte est conservée)",
                    "فُقد مع خزنة تالفة (بصمته محفوظة)"),
    "chat-owner-chosen": ("sender marked by the victim as their own messages",
                          "messages désignés par la victime comme les siens",
                          "حدّدت الضحية هذه الرسائل على أنها رسائلها"),
    "chat-owner-cleared": ("that marking withdrawn", "désignation retirée", "أُلغي هذا التحديد"),
    "received-from-device": ("received from a phone over the local network (LocalSend)",
                             "reçu d'un téléphone par le réseau local (LocalSend)",
                             "استُلم من هاتف عبر الشبكة المحلية (LocalSend)"),
    "receive-refused": ("a file sent from a device was refused (nothing kept)",
                        "un fichier envoyé par un appareil a été refusé (rien n'a été gardé)",
                        "رُفض ملف أرسله جهاز (لم يُحفظ شيء)"),
    "web-capture": ("web page captured with a browser (screenshot, server exchanges, "
                    "certificate)",
                    "page web capturée par un navigateur (capture d'écran, échanges avec le "
                    "serveur, certificat)",
                    "التُقطت صفحة الويب بمتصفح (لقطة شاشة، المبادلات مع الخادم، الشهادة)"),
    "timestamp-obtained": ("timestamp obtained (RFC 3161)", "horodatage obtenu (RFC 3161)",
                           "حُصل على ختم زمني (RFC 3161)"),
    "timestamp-queued": ("timestamp requested, waiting for the network",
                         "horodatage demandé, en attente du réseau",
                         "طُلب ختم زمني، في انتظار الشبكة"),
}

# Message kinds the chat importers record (importers/records.py MessageKind).
MESSAGE_KINDS: dict[str, tuple[str, str, str]] = {
    "system": ("system message", "message du système", "رسالة من النظام"),
    "deleted": ("deleted by its sender", "supprimé par l'expéditeur", "حذفه المرسِل"),
    "edited": ("edited", "modifié", "معدَّلة"),
    "media_omitted": ("media not included in the export", "média absent de l'export",
                      "وسائط غير موجودة في التصدير"),
    "call": ("call", "appel", "مكالمة"),
    "unparsed": ("line kept as is (not understood)", "ligne conservée telle quelle (non lue)",
                 "سطر محفوظ كما هو (لم تُفهم صيغته)"),
}

_INDEX = {"en": 0, "fr": 1, "ar": 2}


def action_words(action: str, lang: str) -> str:
    """`exhibit-numbered` -> "numéroté comme pièce"; an action unknown to this version (from a
    newer one) is named with its code, quoted, rather than dropped."""
    words = ACTIONS.get(action)
    if words is not None:
        return words[_INDEX.get(lang, 0)]
    return t("unknown_action", lang).format(code=action)


def kind_words(kind: str, lang: str) -> str:
    words = MESSAGE_KINDS.get(kind)
    return words[_INDEX.get(lang, 0)] if words is not None else kind


def _reading(orders: object, zones: object) -> str:
    """"dmy, Europe/Paris": the options of one reading as the log recorded them (bounded)."""
    parts = [str(v)[:64] for v in (*_listed(orders), *_listed(zones))]
    return ", ".join(parts) or "—"


def _listed(value: object) -> list[object]:
    if isinstance(value, (list, tuple)):
        return [v for v in value[:4] if isinstance(v, str)]
    return [value] if isinstance(value, str) else []


def entry_words(action: str, detail: dict[str, object], lang: str) -> str:
    """An entry's action in words; a re-read also names the reading it replaced and the new
    one, so a reader holding an earlier dossier sees why an exhibit's date moved."""
    words = action_words(action, lang)
    if action != "messages-reread":
        return words
    previous = detail.get("previous")
    requested = detail.get("requested")
    previous = previous if isinstance(previous, dict) else {}
    requested = requested if isinstance(requested, dict) else {}
    before = _reading(previous.get("date_orders"), previous.get("timezones"))
    after = _reading(requested.get("date_order") or detail.get("date_orders"),
                     requested.get("timezone"))
    return f"{words}: {before} → {after}"
