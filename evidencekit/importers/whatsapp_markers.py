"""Per-language phrases WhatsApp writes into chat exports (en, fr, ar, es, de, pt), as tables.

Keys of the exact-match tables are in the form `marker_key()` produces, so a message body is looked
up with one dictionary access instead of a scan over every language.
"""

from __future__ import annotations

import re

from evidencekit.i18n import N_

# Directional and zero-width marks WhatsApp sprinkles around markers; ignored only for matching.
INVISIBLE = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_STRIP = INVISIBLE + " \t\u00a0\u202f.<>‹›"


def marker_key(body: str) -> str:
    """A short body's matching form: marks, brackets, spaces, final dots dropped; casefolded."""
    return body.strip(_STRIP).casefold()


def _keys(*phrases: str) -> frozenset[str]:
    return frozenset(marker_key(p) for p in phrases)


DELETED = _keys(
    "This message was deleted",
    "You deleted this message",
    "Ce message a été supprimé",
    "Vous avez supprimé ce message",
    "تم حذف هذه الرسالة.",
    "لقد حذفت هذه الرسالة",
    "حذفت هذه الرسالة",
    "Se eliminó este mensaje.",
    "Eliminaste este mensaje.",
    "Este mensaje fue eliminado",
    "Diese Nachricht wurde gelöscht.",
    "Du hast diese Nachricht gelöscht.",
    "Esta mensagem foi apagada",
    "Você apagou esta mensagem",
    "Mensagem apagada",
    "Apagaste esta mensagem",
)

# Body (whole message) → media hint, for exports made "without media".
MEDIA_OMITTED: dict[str, str] = {
    marker_key(k): v
    for k, v in {
        "<Media omitted>": "file",
        "<Médias omis>": "file",
        "<Fichier omis>": "file",
        "‹تم استبعاد الوسائط>": "file",
        "<تم استبعاد الوسائط>": "file",
        "<Multimedia omitido>": "file",
        "<Archivo omitido>": "file",
        "<Medien ausgeschlossen>": "file",
        "<Medien weggelassen>": "file",
        "<Mídia oculta>": "file",
        "<Arquivo de mídia oculto>": "file",
        "<Multimédia omitido>": "file",
        "image omitted": "photo",
        "video omitted": "video",
        "audio omitted": "audio",
        "sticker omitted": "sticker",
        "GIF omitted": "video",
        "document omitted": "file",
        "Contact card omitted": "file",
        "image absente": "photo",
        "vidéo absente": "video",
        "audio omis": "audio",
        "autocollant omis": "sticker",
        "GIF retiré": "video",
        "document omis": "file",
        "imagen omitida": "photo",
        "video omitido": "video",
        "audio omitido": "audio",
        "sticker omitido": "sticker",
        "documento omitido": "file",
        "Bild weggelassen": "photo",
        "Video weggelassen": "video",
        "Audio weggelassen": "audio",
        "Sticker weggelassen": "sticker",
        "Dokument weggelassen": "file",
        "imagem ocultada": "photo",
        "vídeo omitido": "video",
        "áudio ocultado": "audio",
        "figurinha omitida": "sticker",
        "documento ocultado": "file",
        "تم استبعاد الصورة": "photo",
        "تم استبعاد الفيديو": "video",
        "تم استبعاد الصوت": "audio",
        "تم استبعاد الملصق": "sticker",
    }.items()
}

CALLS = _keys(
    "Missed voice call",
    "Missed video call",
    "Voice call",
    "Video call",
    "Appel vocal manqué",
    "Appel vidéo manqué",
    "Appel vocal",
    "Appel vidéo",
    "مكالمة صوتية فائتة",
    "مكالمة فيديو فائتة",
    "Llamada perdida",
    "Videollamada perdida",
    "Verpasster Sprachanruf",
    "Verpasster Videoanruf",
    "Chamada de voz perdida",
    "Chamada de vídeo perdida",
)

EDITED = re.compile(
    r"[<‹]\s*(?:This message was edited|Ce message a été modifié|تم تعديل هذه الرسالة"
    r"|Se editó este mensaje|Este mensaje fue editado|Diese Nachricht wurde bearbeitet"
    r"|Esta mensagem foi editada|Mensagem editada)\.?\s*[>›]"
)

# iOS `<attached: x>` and its translations; the name stops at the closing bracket.
ATTACHED_TAG = re.compile(
    r"[<‹]\s*(?:attached|pièce jointe|adjunto|Anhang|anexado|anexo|مرفق)\s*:\s*"
    r"(?P<name>[^<>‹›\n]+?)\s*[>›]"
)

# Android `NAME (file attached)` and its translations, on the first line of the body.
FILE_ATTACHED = re.compile(
    r"^[" + INVISIBLE + r"]*(?P<name>[^\n]+?)\s\((?:file attached|fichier joint|archivo adjunto"
    r"|Datei angehängt|arquivo anexado|ficheiro anexado|ملف مرفق)\)"
)

# System phrases that open an authored body (the iOS group name stands as author). Specific
# phrases only: a person's own message must not be taken for a system line.
SYSTEM_BODY = re.compile(
    r"[" + INVISIBLE + r"]*(?:"
    r"Messages and calls are end-to-end encrypted|Messages you send to this (?:group|chat)"
    r"|This business uses a secure service|Your security code with"
    r"|Les messages et les appels sont chiffrés de bout en bout"
    r"|Les messages envoyés dans ce groupe|Votre code de sécurité avec"
    r"|الرسائل والمكالمات مشفرة تمامًا|الرسائل والمكالمات مشفّرة"
    r"|Los mensajes y las llamadas están cifrados|Los mensajes y llamadas están cifrados"
    r"|Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt"
    r"|As mensagens e as chamadas são protegidas|As mensagens e chamadas são protegidas)"
)

# "X created group …" in each language; only tried on bodies that name a group (grou/grup/Grup/
# مجموعة), because
# the open-ended prefix makes this pattern slow to try on every message.
SYSTEM_CREATED = re.compile(
    r"[" + INVISIBLE + r"]*[^\n]{1,80}?(?: created (?:the |this )?group\b"
    r"| a créé (?:le |ce )?groupe\b| creó el grupo\b| hat die Gruppe [^\n]{1,80}? erstellt"
    r"| criou o grupo\b|أنشأ (?:ال)?مجموعة)"
)


# The same verbs after an invisible mark only: iOS prefixes its own system lines with U+200E.
SYSTEM_MARKED_VERBS = re.compile(
    r"(?:\badded\b|\bremoved\b|\bleft\b|\bjoined\b|\bchanged\b"
    r"|\bcreated\b|a ajouté|a retiré|est parti|a quitté|a changé|a modifié|a rejoint|a créé"
    r"|أضاف|أزال|غادر|انضم|غيّر|غير|أنشأ|añadió|eliminó|salió|se unió|cambió|creó"
    r"|hinzugefügt|entfernt|verlassen|beigetreten|geändert|erstellt"
    r"|adicionou|removeu|saiu|entrou|mudou|alterou|criou)"
)

# When the text before the first ":" of an Android line reads as a system sentence, the ":"
# belongs to the sentence (a quoted group name, a description), not to an author.
SYSTEM_IN_AUTHOR = re.compile(
    r" (?:changed|created|added|removed|left|joined|deleted|pinned|a changé|a créé|a ajouté"
    r"|a retiré|a modifié|a supprimé|a épinglé|cambió|creó|añadió|änderte|hat |mudou|criou"
    r"|alterou|adicionou)\b|[\"“”«»]|غيّر|أنشأ|أضاف"
)

# Words and markers that betray a day-first locale when no date settles the order.
DAY_FIRST_CUES = re.compile(
    r"(?P<fr>Médias omis|pièce jointe|fichier joint|a été supprimé|Vous avez supprimé"
    r"|a été modifié|image absente|\bBonjour\b|\bbonjour\b|\bmerci\b|\bMerci\b|\bSalut\b"
    r"|\bd'accord\b|\bça va\b|\bc'est\b)"
    r"|(?P<ar>[\u0600-\u06ff])"
    r"|(?P<es>\b[ap]\. m\.|Multimedia omitido|\badjunto\b|archivo adjunto|\bHola\b|\bhola\b"
    r"|\bgracias\b|\bGracias\b)"
    r"|(?P<de>Medien ausgeschlossen|Datei angehängt|\bAnhang\b|wurde gelöscht|\bDanke\b"
    r"|\bdanke\b|\bHallo\b)"
    r"|(?P<pt>Mídia oculta|arquivo anexado|\banexado\b|mensagem foi apagada|\bobrigad[oa]\b"
    r"|\bOlá\b|\bolá\b|\bvocê\b)"
)

# Language names for the date-order reason; marked here, translated where the reason is written.
CUE_LANGUAGE = {
    "fr": N_("French"),
    "ar": N_("Arabic"),
    "es": N_("Spanish"),
    "de": N_("German"),
    "pt": N_("Portuguese"),
}

# "WhatsApp Chat with X.txt" in the export languages; X is the chat's title.
TITLE_FROM_NAME = re.compile(
    r"(?:WhatsApp Chat (?:with|-) |Discussion WhatsApp avec |Chat de WhatsApp con "
    r"|WhatsApp-Chat mit |Conversa do WhatsApp com |دردشة واتساب مع )(?P<title>.+?)(?:\.txt)?$"
)

# iOS names look like 00000012-PHOTO-2026-…; Android ones like IMG-20261112-WA0003.
_MEDIA_BY_PREFIX = re.compile(
    r"[" + INVISIBLE + r" ]*(?:[0-9]+-)?(?P<p>IMG|PHOTO|VID|VIDEO|PTT|AUD|AUDIO|STK|STICKER|GIF)-",
    re.IGNORECASE,
)
_PREFIX_HINT = {
    "IMG": "photo",
    "PHOTO": "photo",
    "VID": "video",
    "VIDEO": "video",
    "PTT": "audio",
    "AUD": "audio",
    "AUDIO": "audio",
    "STK": "sticker",
    "STICKER": "sticker",
    "GIF": "video",
}

MEDIA_BY_EXTENSION = {
    "jpg": "photo",
    "jpeg": "photo",
    "png": "photo",
    "heic": "photo",
    "gif": "video",
    "mp4": "video",
    "mov": "video",
    "3gp": "video",
    "opus": "audio",
    "ogg": "audio",
    "m4a": "audio",
    "mp3": "audio",
    "aac": "audio",
    "webp": "sticker",
}


def media_hint(name: str) -> str:
    """Guess photo/video/audio/sticker/file from an attachment's file name."""
    m = _MEDIA_BY_PREFIX.match(name)
    if m is not None:
        return _PREFIX_HINT[m.group("p").upper()]
    dot = name.rfind(".")
    return MEDIA_BY_EXTENSION.get(name[dot + 1 :].strip().lower(), "file") if dot >= 0 else "file"
