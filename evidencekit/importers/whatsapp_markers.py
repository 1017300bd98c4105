"""Lookup tables of the phrases WhatsApp writes into chat exports, built from the per-language
lists of `whatsapp_languages`.

Keys of the exact-match tables are in the form `marker_key()` produces, so a message body is looked
up with one dictionary access instead of a scan over every language.
"""

from __future__ import annotations

import re

from evidencekit.i18n import N_
from evidencekit.importers.whatsapp_languages import LANGUAGES

# Directional and zero-width marks WhatsApp sprinkles around markers; ignored only for matching.
INVISIBLE = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_STRIP = INVISIBLE + " \t\u00a0\u202f.。।<>‹›"  # ideographic and Devanagari full stops too


def marker_key(body: str) -> str:
    """A short body's matching form: marks, brackets, spaces, final dots dropped; casefolded."""
    return body.strip(_STRIP).casefold()


def _keys(*phrases: str) -> frozenset[str]:
    return frozenset(marker_key(p) for p in phrases)


def _each(attribute: str) -> list[str]:
    """One field of every language, in table order."""
    return [p for lang in LANGUAGES.values() for p in getattr(lang, attribute)]


def _alternatives(phrases: list[str]) -> str:
    """A regular expression matching any of the plain phrases, longest first."""
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))


DELETED = _keys(*_each("deleted"))

# Body (whole message) → media hint, for exports made "without media".
MEDIA_OMITTED: dict[str, str] = {
    marker_key(phrase): hint
    for lang in LANGUAGES.values()
    for hint, phrases in lang.omitted.items()
    for phrase in phrases
} | {marker_key(p): "file" for p in _each("media_omitted")}

# iOS puts a document's name (and page count) before its marker: matched as a suffix.
DOCUMENT_OMITTED = tuple(sorted({
    marker_key(p) for lang in LANGUAGES.values() for p in lang.omitted.get("file", ())}))
# Their last four characters: one set look-up spares most bodies the suffix scan.
DOCUMENT_TAILS = frozenset(k[-4:] for k in DOCUMENT_OMITTED)

CALLS = _keys(*_each("missed_calls"))

EDITED = re.compile(r"[<‹]\s*(?:" + _alternatives(_each("edited")) + r")\.?\s*[>›]")

# iOS `<attached: x>` and its translations; the name stops at the closing bracket.
_ATTACHED_WORDS = _alternatives(_each("attached"))
ATTACHED_TAG = re.compile(
    r"[<‹][" + INVISIBLE + r"]*\s*(?:" + _ATTACHED_WORDS + r")\s*:\s*"
    r"(?P<name>[^<>‹›\n]+?)\s*[>›]"
)
# Old iOS (2015-2016) wrote the name first: `2015-08-04-PHOTO-00004762.jpg <‎attached>`.
ATTACHED_AFTER = re.compile(
    r"^[" + INVISIBLE + r"]*(?P<name>[^<>‹›\n]+?\.[A-Za-z0-9]{1,5})\s*[<‹][" + INVISIBLE
    + r"]*\s*(?:"
    + _ATTACHED_WORDS + r")\s*[>›]"
)

# Android `NAME (file attached)` and its translations, on the first line of the body.
FILE_ATTACHED = re.compile(
    r"^[" + INVISIBLE + r"]*(?P<name>[^\n]+?)\s\((?:" + _alternatives(_each("file_attached"))
    + r")\)"
)

# System phrases that open an authored body (the iOS group name, or in a two-person chat the
# other person's name, stands as author). Specific phrases only: a person's own message must
# not be taken for a system line.
SYSTEM_BODY = re.compile(
    r"[" + INVISIBLE + r"]*(?:" + _alternatives(_each("system_openings")) + ")"
)
# The first characters those phrases can start with, to skip the pattern cheaply.
SYSTEM_LEADS = frozenset(INVISIBLE + "".join(p[0] for p in _each("system_openings")))

# "X created group …" in each language; only tried on bodies that name a group (grou/grup/Grup/
# مجموعة), because the open-ended prefix makes this pattern slow to try on every message.
SYSTEM_CREATED = re.compile(
    r"[" + INVISIBLE + r"]*[^\n]{1,80}?(?: created (?:the |this )?group\b"
    r"| a créé (?:le |ce )?groupe\b| creó el grupo\b| hat die Gruppe [^\n]{1,80}? erstellt"
    r"| criou o grupo\b| ha creato il gruppo\b|أنشأ (?:ال)?مجموعة)"
)


# The same verbs after an invisible mark only: iOS prefixes its own system lines with U+200E.
SYSTEM_MARKED_VERBS = re.compile("(?:" + "|".join(_each("system_verbs")) + ")")

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
