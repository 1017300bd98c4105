"""How an exhibit was captured, in words: the device or software the file names (EXIF), the
screenshot tool its name reveals, the app a conversation was exported from, or "not known".

A file name is not a method; it is shown on its own row. What comes from the name alone is said
to come from it, because a name can be changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from evidencekit.core.custody import CustodyEntry
from evidencekit.dossier.exhibits import Exhibit
from evidencekit.dossier.headings import t
from evidencekit.dossier.networks import PLATFORMS

# Chat formats recognised by the importers -> the app they come from.
CHAT_APPS = {
    "whatsapp": "WhatsApp", "sms-backup-restore": "SMS Backup & Restore (Android)",
    "telegram-json": "Telegram", "telegram-html": "Telegram", "meta-dyi": "Instagram / Messenger",
    "snapchat": "Snapchat", "discord": "Discord", "tiktok": "TikTok", "x-dms": "X (Twitter)",
    "signal-export": "Signal (signal-export)", "email": "e-mail",
    # A call log is saved by the same Android app as the SMS backup; a crypt15 file is
    # WhatsApp's own encrypted backup of its database.
    "call-log": "SMS Backup & Restore (Android)",
    "whatsapp-msgstore-crypt15": "WhatsApp (msgstore.db.crypt15)",
}
_ANDROID = re.compile(r"^Screenshot_(?:\d{8}[-_]\d{6}|\d{4}(?:-\d{2}){5})(?:[-_](?P<app>.+?))?"
                      r"\.(?:png|jpe?g|webp)$", re.IGNORECASE)
_MACOS = re.compile(r"^(?:Screenshot|Screen Shot|Capture d['’]écran|Bildschirmfoto) "
                    r"\d{4}-\d{2}-\d{2} (?:at|à|um) \d", re.IGNORECASE)
_SCREEN_RECORDING = re.compile(r"^Screen_?Recording_\d{8}[-_]\d{6}(?:[-_](?P<app>.+?))?\.mp4$",
                               re.IGNORECASE)
_PHONE_CAMERA = re.compile(r"^(?:IMG|VID|PXL)_\d{8}_\d{6,9}(?:_\d+)?\.(?:jpe?g|heic|mp4|3gp)$",
                           re.IGNORECASE)
_WINDOWS = re.compile(r"^(?:Screenshot|Capture d['’]écran) \d{4}-\d{2}-\d{2} \d{6}\.png$",
                      re.IGNORECASE)


def _app_name(raw: str) -> str:
    """`Instagram` or `com.instagram.android` -> `Instagram`."""
    parts = [p for p in raw.split(".") if p and p.lower() not in ("com", "org", "android", "app")]
    key = (parts[0] if parts else raw).lower()
    return PLATFORMS[key][1] if key in PLATFORMS else raw


def _chat_formats(entries: Iterable[CustodyEntry]) -> list[str]:
    """The formats the importer recognised, as its custody entries recorded them."""
    found: list[str] = []
    for entry in entries:
        formats = entry.detail.get("formats") if entry.action == "messages-imported" else None
        if isinstance(formats, list):
            found += [f for f in formats if isinstance(f, str)]
    return list(dict.fromkeys(found))


def _from_name(name: str, lang: str) -> str:
    android = _ANDROID.match(name)
    if android:
        app = android.group("app")
        return t("m_android", lang).format(
            app=t("m_app", lang).format(a=_app_name(app)) if app else "")
    recording = _SCREEN_RECORDING.match(name)
    if recording:
        app = recording.group("app")
        return t("m_recording", lang).format(
            app=t("m_app", lang).format(a=_app_name(app)) if app else "")
    if _PHONE_CAMERA.match(name):
        return t("m_camera", lang)
    if _MACOS.match(name):
        return t("m_macos", lang)
    if _WINDOWS.match(name):
        return t("m_windows", lang)
    return ""


def capture_method(ex: Exhibit, lang: str, *, is_chat: bool,
                   entries: Iterable[CustodyEntry]) -> str:
    item, o = ex.item, ex.item.original
    if item.kind == "journal":
        return t("m_journal", lang)
    if item.kind == "paste":
        return t("m_paste", lang)
    if item.kind == "url" or o is None:
        return t("m_url", lang) if item.kind == "url" else t("m_unknown", lang)
    entries = list(entries)
    # A web capture is one only if the capture step logged it, with this very manifest's hash.
    if any(e.action == "web-capture" and e.detail.get("sha256") == o.sha256 for e in entries):
        return t("m_web_capture", lang)
    formats = _chat_formats(entries)
    if formats == ["email"] or o.media_type in ("message/rfc822", "application/vnd.ms-outlook"):
        return t("m_email", lang)
    if ex.message is not None or is_chat:
        apps = [CHAT_APPS.get(f, f) for f in formats]
        if not apps and item.annotations.platform:
            apps = [PLATFORMS.get(item.annotations.platform.lower(),
                                  ("", item.annotations.platform))[1]]
        return (t("m_chat", lang).format(app=", ".join(dict.fromkeys(apps))) if apps
                else t("m_chat_unknown", lang))
    facts = o.facts
    parts: list[str] = []
    device = " ".join(str(facts[k]) for k in ("camera_make", "camera_model") if facts.get(k))
    if device:
        parts.append(t("m_device", lang).format(d=device))
    if facts.get("software"):
        parts.append(t("m_software", lang).format(s=str(facts["software"])))
    if not parts:
        named = _from_name(o.original_name, lang)
        if named:
            parts.append(named)
    return " · ".join(parts) or t("m_unknown", lang)
