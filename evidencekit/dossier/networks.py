"""Where content was published, in Pharos's terms: the kind of place and the platform's name.

Pharos asks for the "lieu / support": réseau social, site, messagerie or forum, with its name
("réseau social — Instagram"). That is the network, not what the exhibit is (a screenshot).
"""

from __future__ import annotations

from urllib.parse import urlsplit

# platform key -> (kind, name as the platform writes it)
PLATFORMS: dict[str, tuple[str, str]] = {
    "instagram": ("social", "Instagram"), "facebook": ("social", "Facebook"),
    "tiktok": ("social", "TikTok"), "x": ("social", "X (Twitter)"),
    "twitter": ("social", "X (Twitter)"), "snapchat": ("social", "Snapchat"),
    "youtube": ("social", "YouTube"), "linkedin": ("social", "LinkedIn"),
    "pinterest": ("social", "Pinterest"), "threads": ("social", "Threads"),
    "bluesky": ("social", "Bluesky"), "mastodon": ("social", "Mastodon"),
    "twitch": ("social", "Twitch"), "tumblr": ("social", "Tumblr"),
    "whatsapp": ("messaging", "WhatsApp"), "telegram": ("messaging", "Telegram"),
    "signal": ("messaging", "Signal"), "messenger": ("messaging", "Messenger"),
    "discord": ("messaging", "Discord"), "viber": ("messaging", "Viber"),
    "sms": ("messaging", "SMS"), "imessage": ("messaging", "iMessage"),
    "email": ("messaging", "e-mail"), "e-mail": ("messaging", "e-mail"),
    "reddit": ("forum", "Reddit"), "jeuxvideo.com": ("forum", "jeuxvideo.com"),
    "4chan": ("forum", "4chan"),
}
# host (without "www.") -> platform key
HOSTS: dict[str, str] = {
    "instagram.com": "instagram", "facebook.com": "facebook", "fb.com": "facebook",
    "m.facebook.com": "facebook", "tiktok.com": "tiktok", "x.com": "x",
    "twitter.com": "twitter", "snapchat.com": "snapchat", "youtube.com": "youtube",
    "youtu.be": "youtube", "linkedin.com": "linkedin", "pinterest.com": "pinterest",
    "threads.net": "threads", "bsky.app": "bluesky", "twitch.tv": "twitch",
    "tumblr.com": "tumblr", "wa.me": "whatsapp", "whatsapp.com": "whatsapp",
    "t.me": "telegram", "telegram.org": "telegram", "signal.me": "signal",
    "messenger.com": "messenger", "discord.com": "discord", "discord.gg": "discord",
    "reddit.com": "reddit", "jeuxvideo.com": "jeuxvideo.com", "4chan.org": "4chan",
}


def host_of(url: str) -> str:
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")


def network(platform: str, url: str) -> tuple[str, str]:
    """(kind, name): kind one of social / messaging / forum / site, or "" when nothing is known.

    The platform the user typed wins; else the address's host names it. A host we do not know is
    a website named by its host, or a forum when its host says so.
    """
    key = platform.strip().lower()
    if key in PLATFORMS:
        return PLATFORMS[key]
    host = host_of(url)
    for known, name in HOSTS.items():
        if host == known or host.endswith("." + known):
            kind, shown = PLATFORMS[name]
            return kind, shown
    label = platform.strip() or host
    if not label:
        return "", ""
    if "forum" in key or host.startswith("forum.") or "forum" in host.split(".")[0]:
        return "forum", label
    return "site", label
