"""What a rendered page says about itself: its publication date, when it declares one.

Pharos asks for the date the content was published. Pages state it in several ways: Open Graph
and article meta tags, schema.org's datePublished, or an HTML <time datetime>. The first found
is kept as the page wrote it (never reinterpreted); none found means "unknown", said as such.
"""

from __future__ import annotations

import re

MAX_SCAN = 2 * 1024 * 1024
MAX_VALUE = 64

_META_NAMES = ("article:published_time", "og:published_time", "datepublished",
               "pubdate", "publishdate", "date", "dc.date.issued", "dcterms.created")
_TAG = re.compile(r"<(meta|time)\b([^>]{0,2000})>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z_:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_JSON_LD = re.compile(r'"datePublished"\s*:\s*"([^"]{1,64})"')
_DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?$")


def _attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTR.finditer(text):
        value = next((g for g in match.groups()[1:] if g is not None), "")
        found.setdefault(match.group(1).lower(), value.strip())
    return found


def _clean(value: str) -> str:
    value = value.strip()[:MAX_VALUE]
    return value if _DATE_LIKE.match(value) else ""


def published_date(html: str) -> str:
    """The publication date the page declares (ISO 8601 text as written), or ""."""
    html = html[:MAX_SCAN]
    times: list[str] = []
    for match in _TAG.finditer(html):
        attrs = _attributes(match.group(2))
        if match.group(1).lower() == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "")
            if key.lower() in _META_NAMES:
                value = _clean(attrs.get("content", ""))
                if value:
                    return value
        elif "datetime" in attrs:
            value = _clean(attrs["datetime"])
            if value:
                times.append(value)
    ld = _JSON_LD.search(html)
    if ld and _clean(ld.group(1)):
        return _clean(ld.group(1))
    return times[0] if times else ""
