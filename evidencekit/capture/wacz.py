"""A WACZ package (Web Archive Collection Zipped, 1.1.1) that ReplayWeb.page opens.

Layout: archive/data.warc.gz, indexes/index.cdx (CDXJ), pages/pages.jsonl and datapackage.json,
which lists every other file with its SHA-256 and size, and datapackage-digest.json, the SHA-256
of datapackage.json (where a signature would go; the capture's own proof is the manifest's
RFC 3161 token). Entries are stored (no second
compression: the WARC is gzipped already) with the capture's time, so the same capture always
gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any

from evidencekit.capture.warc import WARC_NAME, WarcOutput

WACZ_VERSION = "1.1.1"


def _zip_time(iso: str) -> tuple[int, int, int, int, int, int]:
    try:
        y, mo, d = int(iso[0:4]), int(iso[5:7]), int(iso[8:10])
        h, mi, s = int(iso[11:13]), int(iso[14:16]), int(iso[17:19])
    except ValueError:
        return (1980, 1, 1, 0, 0, 0)
    return (max(y, 1980), mo, d, h, mi, s)


def write_wacz(warc: WarcOutput, *, url: str, title: str, started_at: str,
               software: str) -> bytes:
    pages = [{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"},
             {"id": "main", "url": url, "title": title, "ts": started_at}]
    files: dict[str, bytes] = {
        f"archive/{WARC_NAME}": warc.data,
        "indexes/index.cdx": warc.cdxj,
        "pages/pages.jsonl": "".join(json.dumps(p, ensure_ascii=False) + "\n"
                                     for p in pages).encode(),
    }
    package: dict[str, Any] = {
        "profile": "data-package", "wacz_version": WACZ_VERSION, "title": title or url,
        "created": started_at, "modified": started_at, "software": software,
        "mainPageURL": url, "mainPageDate": started_at,
        "resources": [{"name": name.rsplit("/", 1)[1], "path": name,
                       "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                       "bytes": len(data)} for name, data in files.items()],
    }
    files["datapackage.json"] = json.dumps(package, indent=2, ensure_ascii=False).encode()
    files["datapackage-digest.json"] = json.dumps({
        "path": "datapackage.json",
        "hash": "sha256:" + hashlib.sha256(files["datapackage.json"]).hexdigest()},
        indent=2).encode()
    out = io.BytesIO()
    stamp = _zip_time(started_at)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, data)
    return out.getvalue()
