"""Which parser reads which export: recognition by content, one entry per single-file format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO
from zoneinfo import ZoneInfo

from evidencekit.importers import (
    discord,
    email_msg,
    meta_dyi,
    signal_md,
    sms_xml,
    snapchat,
    telegram,
    telegram_html,
    tiktok,
    whatsapp,
    x_dms,
)
from evidencekit.importers.records import ParseResult

Parse = Callable[[BinaryIO, str, ZoneInfo, str | None], ParseResult]


@dataclass(frozen=True)
class ChatFormat:
    name: str  # stable identifier, stored in the custody log
    label: str  # what the user is told ("WhatsApp chat")
    recognise: Callable[[bytes], bool]
    parse: Parse


def _whatsapp_head(head: bytes) -> bool:
    return whatsapp.looks_like_whatsapp(head.decode("utf-8", errors="replace"))


FORMATS: tuple[ChatFormat, ...] = (
    ChatFormat("whatsapp", "WhatsApp chat", _whatsapp_head,
               lambda s, n, tz, order: whatsapp.parse_whatsapp(s, source_name=n, timezone=tz,
                                                               date_order=order)),
    ChatFormat("sms-backup-restore", "Android SMS backup", sms_xml.looks_like_sms_xml,
               lambda s, n, tz, order: sms_xml.parse_sms_xml(s, source_name=n, timezone=tz)),
    ChatFormat("telegram-json", "Telegram export", telegram.looks_like_telegram,
               lambda s, n, tz, order: telegram.parse_telegram(s, source_name=n)),
    ChatFormat("telegram-html", "Telegram HTML export", telegram_html.looks_like_telegram_html,
               lambda s, n, tz, order: telegram_html.parse_telegram_html(s, source_name=n)),
    ChatFormat("meta-dyi", "Instagram/Messenger conversation", meta_dyi.looks_like_meta_dyi,
               lambda s, n, tz, order: meta_dyi.parse_meta_dyi(s, source_name=n)),
    ChatFormat("snapchat", "Snapchat chat history", snapchat.looks_like_snapchat,
               lambda s, n, tz, order: snapchat.parse_snapchat(s, source_name=n)),
    ChatFormat("discord", "Discord messages", discord.looks_like_discord,
               lambda s, n, tz, order: discord.parse_discord(s, source_name=n, timezone=tz)),
    ChatFormat("tiktok", "TikTok direct messages", tiktok.looks_like_tiktok,
               lambda s, n, tz, order: tiktok.parse_tiktok(s, source_name=n, timezone=tz)),
    ChatFormat("x-dms", "X (Twitter) direct messages", x_dms.looks_like_x_dms,
               lambda s, n, tz, order: x_dms.parse_x_dms(s, source_name=n, timezone=tz)),
    ChatFormat("signal-export", "Signal conversation (signal-export)",
               signal_md.looks_like_signal_md,
               lambda s, n, tz, order: signal_md.parse_signal_md(s, source_name=n, timezone=tz)),
    ChatFormat("email", "e-mail", email_msg.looks_like_email,
               lambda s, n, tz, order: email_msg.parse_email(s, source_name=n, timezone=tz)),
)


def recognise(head: bytes) -> ChatFormat | None:
    """The format whose content cues match the first bytes, or None (a plain file)."""
    for fmt in FORMATS:
        try:
            if fmt.recognise(head):
                return fmt
        except (ValueError, UnicodeError):
            continue
    return None
