"""The lawyer's bordereau de pièces communiquées, also as CSV and ODT files the lawyer can edit."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from evidencekit.core.atomicfile import write_atomic
from evidencekit.dossier.capture_method import image_nature
from evidencekit.dossier.exhibits import Exhibit
from evidencekit.dossier.headings import t
from evidencekit.dossier.legal import parse_when

KIND = {"capture": ("screenshot", "capture", "لقطة شاشة"), "copie": ("copy", "copie", "نسخة"),
        "original": ("original", "original", "أصل"),
        # A minor's intimate image (or the export holding one): listed so the numbering and the
        # fingerprint stay, but the lawyer must see at once that its file is not communicated.
        "withheld": ("withheld, not joined (intimate image of a minor)",
                     "retenue, non jointe (image intime d'une mineure)",
                     "محجوبة، غير مرفقة (صورة حميمة لقاصر)")}
COLUMNS = {"en": ("Exhibit no.", "Short title", "Date", "Nature", "Original / copy / screenshot",
                  "SHA-256"),
           "fr": ("Pièce n°", "Titre court", "Date", "Nature", "Original / copie / capture",
                  "SHA-256"),
           "ar": ("الوثيقة رقم", "العنوان", "التاريخ", "النوع", "أصل / نسخة / لقطة", "SHA-256")}
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Line:
    number: int
    title: str
    date: str
    nature: str
    kind: str
    sha256: str


def _kind(ex: Exhibit, lang: str, withheld: bool = False) -> str:
    media = ex.item.original.media_type if ex.item.original else ""
    if withheld:
        key = "withheld"
    elif ex.item.kind == "url":
        key = "copie"
    elif media.startswith("image/") and image_nature(ex.item) == "n_screenshot":
        key = "capture"  # only where something shows it was one (capture_method.image_nature)
    else:
        key = "original"
    return KIND[key][{"en": 0, "fr": 1, "ar": 2}.get(lang, 1)]


def _date(ex: Exhibit) -> str:
    a = ex.item.annotations
    texts = [a.published_at, a.seen_at, a.occurred_at]
    if ex.message is not None:
        texts.insert(0, str(ex.message.get("sent_at") or ""))
    for text in texts:
        moment = parse_when(text)
        if moment is not None:
            return f"{moment:%d/%m/%Y}"
    return ""  # never the import date: it is not the date of the piece


def lines(exhibits: list[Exhibit], lang: str, nature_of: Callable[[Exhibit], str],
          date_of: Callable[[Exhibit], str] | None = None,
          withheld: Callable[[int], bool] | None = None) -> list[Line]:
    """`date_of` gives the date of the facts, labelled (dossiers pass the case's event date);
    `withheld(item_id)` tells which items' files are not joined (a minor's intimate images)."""
    return [Line(ex.number, _short(ex.title), (date_of or _date)(ex), nature_of(ex),
                 _kind(ex, lang, ex.message is None and withheld is not None
                       and withheld(ex.item.id)),
                 ex.item.original.sha256 if ex.item.original else "")
            for ex in exhibits]


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= 80 else title[:79] + "…"


def _cell(value: str) -> str:
    # A title such as "=HYPERLINK(…)" must stay text when the CSV is opened in a spreadsheet.
    return "'" + value if value.startswith(_FORMULA) else value


def write_csv(path: Path, rows: list[Line], lang: str) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS.get(lang, COLUMNS["fr"]))
    for r in rows:
        writer.writerow([str(r.number), _cell(r.title), r.date, _cell(r.nature), r.kind,
                         r.sha256])
    # A BOM lets spreadsheet programs read the UTF-8 accents and Arabic correctly.
    write_atomic(path, ("\ufeff" + buf.getvalue()).encode("utf-8"))


_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" \
manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
       'office:version="1.2"')
_STYLES = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {_NS}>'
           '<office:styles><style:style style:name="Standard" style:family="paragraph">'
           '<style:text-properties fo:font-size="10pt"/></style:style>'
           '<style:style style:name="Title" style:family="paragraph">'
           '<style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>'
           '</office:styles>'
           '</office:document-styles>\n')


def _p(text: str, style: str = "Standard") -> str:
    return f"<text:p text:style-name={quoteattr(style)}>{escape(_xml_safe(text))}</text:p>"


def _xml_safe(text: str) -> str:
    # XML 1.0 forbids most control characters; exports do contain them.
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)


# Arabic runs right to left: each paragraph style says so (ODF writing-mode), so a word
# processor lays the bordereau out from the right and keeps each line's order.
_RTL_STYLES = ('<office:automatic-styles>'
               '<style:style style:name="StandardRtl" style:family="paragraph" '
               'style:parent-style-name="Standard"><style:paragraph-properties '
               'style:writing-mode="rl-tb" fo:text-align="start"/></style:style>'
               '<style:style style:name="TitleRtl" style:family="paragraph" '
               'style:parent-style-name="Title"><style:paragraph-properties '
               'style:writing-mode="rl-tb" fo:text-align="start"/></style:style>'
               '</office:automatic-styles>')


def odt_bytes(rows: list[Line], lang: str, case_name: str) -> bytes:
    rtl = lang == "ar"
    body_style, title_style = ("StandardRtl", "TitleRtl") if rtl else ("Standard", "Title")
    colon = ":" if rtl else " :"
    body = [_p(t("bordereau", lang), title_style),
            _p(f"{t('case', lang)}{colon} {case_name}", body_style)]
    body += [_p(f"{t(key, lang)}{colon} ", body_style) for key in ("jurisdiction", "rg", "parties")]
    body.append(_p("", body_style))
    body += [_p(f"{t('piece', lang).format(n=r.number)} — {r.title} — {r.date or '—'} — "
                f"{r.kind}", body_style) for r in rows]
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NS}>'
               f'{_RTL_STYLES if rtl else ""}'
               f'<office:body><office:text>{"".join(body)}</office:text></office:body>'
               '</office:document-content>\n')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        # ODF requires "mimetype" first and uncompressed, so tools can sniff the type.
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", _MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("styles.xml", _STYLES, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def write_odt(path: Path, rows: list[Line], lang: str, case_name: str) -> None:
    write_atomic(path, odt_bytes(rows, lang, case_name))
