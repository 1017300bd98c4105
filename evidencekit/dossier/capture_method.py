"""How an exhibit was captured, in words: the device or software the file names (EXIF), the
screenshot tool its name reveals, the app a conversation was exported from, or "not known".

A file name is not a method; it is shown on its own row. What comes from the name alone is said
to come from it, because a name can be changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from evidencekit.core.custody import CustodyEntry
from evidencekit.core.model import Item
from evidencekit.dossier.exhibits import Exhibit
from evidencekit.dossier.headings import t
from evidencekit.dossier.networks import PLATFORMS
from evidencekit.i18n import LANGUAGES, N_, translate

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


def screenshot_by_name(name: str) -> bool:
    """Whether a screenshot tool's naming (Android, macOS, Windows) is the file's name."""
    return bool(_ANDROID.match(name) or _MACOS.match(name) or _WINDOWS.match(name))


# Where the app's own screen capture says an image came from (gui/importing/controller.py),
# in each language the app may have been in when it was taken.
APP_SCREEN_CAPTURE_ORIGIN = N_("(screen capture in EvidenceKit)")


def app_screen_capture(source_path: str) -> bool:
    return source_path in {translate(APP_SCREEN_CAPTURE_ORIGIN, lang) for lang in LANGUAGES}


def image_nature(item: Item) -> str:
    """The heading key for what an image is, said only as far as something shows it.

    A camera in its EXIF makes it a photo; a screenshot tool's file name, or the app's own
    screen capture, a screenshot. Anything else is "an image": a photo received on WhatsApp has
    lost its EXIF, and calling it a screenshot in a dossier would be untrue.
    """
    original = item.original
    if original is None:
        return "n_image"
    if original.facts.get("camera_make"):
        return "n_photo"
    if screenshot_by_name(original.original_name) or app_screen_capture(original.source_path):
        return "n_screenshot"
    return "n_image"


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
