"""Which parser reads which export: recognition by content, one entry per single-file format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO
from zoneinfo import ZoneInfo

from evidencekit.i18n import N_, _
from evidencekit.importers import (
    calls_xml,
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
    english_label: str  # what the user is told ("WhatsApp chat"), marked with N_()
    recognise: Callable[[bytes], bool]
    parse: Parse

    @property
    def label(self) -> str:
        """The label in the current language (import reports only; never stored)."""
        return _(self.english_label)


def _whatsapp_head(head: bytes) -> bool:
    return whatsapp.looks_like_whatsapp(head.decode("utf-8", errors="replace"))


FORMATS: tuple[ChatFormat, ...] = (
    ChatFormat("whatsapp", N_("WhatsApp chat"), _whatsapp_head,
               lambda s, n, tz, order: whatsapp.parse_whatsapp(s, source_name=n, timezone=tz,
                                                               date_order=order)),
    ChatFormat("sms-backup-restore", N_("Android SMS backup"), sms_xml.looks_like_sms_xml,
               lambda s, n, tz, order: sms_xml.parse_sms_xml(s, source_name=n, timezone=tz)),
    ChatFormat("call-log", N_("Android call log"), calls_xml.looks_like_call_log,
               lambda s, n, tz, order: calls_xml.parse_call_log(s, source_name=n, timezone=tz)),
    ChatFormat("telegram-json", N_("Telegram export"), telegram.looks_like_telegram,
               lambda s, n, tz, order: telegram.parse_telegram(s, source_name=n, timezone=tz)),
    ChatFormat("telegram-html", N_("Telegram HTML export"), telegram_html.looks_like_telegram_html,
               lambda s, n, tz, order: telegram_html.parse_telegram_html(s, source_name=n,
                                                                     zone=tz)),
    ChatFormat("meta-dyi", N_("Instagram/Messenger conversation"), meta_dyi.looks_like_meta_dyi,
               lambda s, n, tz, order: meta_dyi.parse_meta_dyi(s, source_name=n)),
    ChatFormat("snapchat", N_("Snapchat chat history"), snapchat.looks_like_snapchat,
               lambda s, n, tz, order: snapchat.parse_snapchat(s, source_name=n)),
    ChatFormat("discord", N_("Discord messages"), discord.looks_like_discord,
               lambda s, n, tz, order: discord.parse_discord(s, source_name=n, timezone=tz)),
    ChatFormat("tiktok", N_("TikTok direct messages"), tiktok.looks_like_tiktok,
               lambda s, n, tz, order: tiktok.parse_tiktok(s, source_name=n, timezone=tz)),
    ChatFormat("x-dms", N_("X (Twitter) direct messages"), x_dms.looks_like_x_dms,
               lambda s, n, tz, order: x_dms.parse_x_dms(s, source_name=n, timezone=tz)),
    ChatFormat("signal-export", N_("Signal conversation (signal-export)"),
               signal_md.looks_like_signal_md,
               lambda s, n, tz, order: signal_md.parse_signal_md(s, source_name=n, timezone=tz)),
    ChatFormat("email", N_("e-mail"), email_msg.looks_like_email,
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
