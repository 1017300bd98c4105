"""End to end: exports imported into a real vault become messages with linked media."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekit.core import search
from evidencekit.core.messages import list_messages
from evidencekit.core.vault import Vault
from evidencekit.importers.batch import ImportOptions, import_one

WHATSAPP_FR = (
    "\u200e[12/11/2026 21:05:01] Karim: Je sais où tu habites 🔪\n"
    "[12/11/2026 21:05:40] Karim: Tu vas voir\n"
    "demain à la sortie du lycée\n"
    "\u200e[12/11/2026 21:06:02] Karim: \u200e<pièce jointe : 00000012-PHOTO-2026-11-12-21-06-02.jpg>\n"
    "\u200e[12/11/2026 21:07:00] Karim: \u200e<pièce jointe : 00000013-VIDEO-2026-11-12-21-07-00.mp4>\n"
    "[13/11/2026 08:00:00] Lina: Arrête, je vais porter plainte\n"
    "[13/11/2026 08:01:00] Karim: سأنشر صورك\n"
)


def _whatsapp_zip(tmp_path: Path) -> Path:
    path = tmp_path / "WhatsApp Chat - Karim.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("_chat.txt", WHATSAPP_FR.encode("utf-8"))
        zf.writestr("00000012-PHOTO-2026-11-12-21-06-02.jpg", b"\xff\xd8\xff\xe0fake jpeg bytes")
    return path


def _options(**kw: object) -> ImportOptions:
    return ImportOptions(case="Karim", timezone="Europe/Paris", **kw)  # type: ignore[arg-type]


def _state(vault: Vault) -> tuple[int, int, int]:
    c = vault.conn
    return tuple(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                 for t in ("items", "messages", "custody"))


def test_whatsapp_zip_messages_media_and_missing(vault: Vault, tmp_path: Path) -> None:
    outcome = import_one(vault, _whatsapp_zip(tmp_path), _options())
    assert outcome.status == "imported", outcome.message
    zip_id = outcome.item_id
    report = " ".join(outcome.extra["report_lines"])
    assert "6 messages" in report and "2 attachments (1 named but missing" in report
    assert "00000013-VIDEO" in report
    messages = list_messages(vault.conn, item_id=zip_id)
    assert [m["sender"] for m in messages] == ["Karim"] * 4 + ["Lina", "Karim"]
    assert messages[0]["text"] == "Je sais où tu habites 🔪"
    assert messages[1]["text"] == "Tu vas voir\ndemain à la sortie du lycée"
    assert messages[1]["span"] == {"kind": "lines", "start": 2, "end": 3, "part": "_chat.txt"}
    assert messages[0]["sent_at"] == "2026-11-12T21:05:01+01:00"
    assert messages[0]["sent_at_source"] == "12/11/2026 21:05:01"
    photo = messages[2]["attachment_names"][0]
    assert photo["missing"] is False and photo["item_id"] in messages[2]["attachments"]
    video = messages[3]["attachment_names"][0]
    assert video["missing"] is True and messages[3]["attachments"] == []
    children = vault.conn.execute("SELECT original_name FROM originals o JOIN items i"
                                  " ON i.id = o.item_id WHERE i.parent_id = ?", (zip_id,))
    assert {r[0] for r in children} == {"_chat.txt", "00000012-PHOTO-2026-11-12-21-06-02.jpg"}


def test_search_accents_case_and_arabic(vault: Vault, tmp_path: Path) -> None:
    import_one(vault, _whatsapp_zip(tmp_path), _options())
    conn = vault.conn
    assert len(search.search(conn, "LYCEE")) == 1
    assert len(search.search(conn, "arrete")) == 1
    assert len(search.search(conn, "plainte")) == 1
    # Arabic: the query typed with a different alef/diacritics still finds the message.
    assert len(search.search(conn, "سأنشر")) == 1
    assert len(search.search(conn, "ساَنشر")) == 1
    assert search.search(conn, '"') == [] and search.search(conn, "NEAR(a b) OR *") is not None


def test_sms_backup_with_mms_media(vault: Vault, tmp_path: Path) -> None:
    import base64

    png = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
        '<smses count="3">\n'
        '<sms address="+33612345678" date="1731441900000" type="1" body="Réponds &#55357;&#56398;"'
        ' readable_date="12 nov. 2024" contact_name="null" />\n'
        '<sms address="+33612345678" date="1731441960000" type="2" body="Laisse-moi" />\n'
        '<mms date="1731442000000" msg_box="1" address="+33612345678"><parts>'
        '<part ct="application/smil" text="&lt;smil/&gt;" />'
        f'<part ct="image/png" name="photo.png" data="{png}" />'
        '<part ct="text/plain" text="regarde" /></parts>'
        '<addrs><addr address="+33612345678" type="137" /></addrs></mms>\n'
        "</smses>\n"
    )
    path = tmp_path / "sms-20241112.xml"
    path.write_text(xml, encoding="utf-8")
    outcome = import_one(vault, path, _options())
    assert outcome.status == "imported", outcome.message
    messages = list_messages(vault.conn, item_id=outcome.item_id)
    assert len(messages) == 3
    assert messages[0]["text"] == "Réponds 👎"
    assert messages[0]["sent_at_utc"] == "2024-11-12T20:05:00.000000Z"
    assert messages[2]["text"] == "regarde" and len(messages[2]["attachments"]) == 1


def test_a_truncated_sms_backup_is_stored_with_its_complete_records(vault: Vault,
                                                                     tmp_path: Path) -> None:
    records = "".join(
        f'<sms address="+33612345678" date="{1731441900000 + i * 60000}" type="1" '
        f'body="message {i}" />\n' for i in range(5))
    data = ("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"9\">\n"
            + records + '<sms address="+336123').encode("utf-8")
    path = tmp_path / "sms-cut.xml"
    path.write_bytes(data)
    outcome = import_one(vault, path, _options())
    assert outcome.status == "imported", outcome.message
    assert outcome.sha256 == hashlib.sha256(data).hexdigest()  # the original, byte for byte
    messages = list_messages(vault.conn, item_id=outcome.item_id)
    assert [m["text"] for m in messages] == [f"message {i}" for i in range(5)]
    lines = " ".join(outcome.extra["report_lines"])
    assert "cut short or damaged at line 8" in lines and "5 complete records" in lines


def test_unrecognised_text_kept_as_plain_file(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("juste une note\n", encoding="utf-8")
    outcome = import_one(vault, path, _options())
    assert outcome.status == "imported"
    assert "kept as a plain file" in " ".join(outcome.extra["report_lines"])


def _zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("kind", ["truncated", "bomb", "not-a-zip-inside", "json-too-deep"])
def test_hostile_exports_refused_vault_unchanged(vault: Vault, tmp_path: Path, kind: str) -> None:
    if kind == "truncated":
        data = _zip_bytes([("_chat.txt", WHATSAPP_FR.encode() * 50)])[:-60]
        name = "chat.zip"
    elif kind == "bomb":
        data = _zip_bytes([("_chat.txt", WHATSAPP_FR.encode()), ("big.bin", b"\0" * 300_000_000)])
        name = "bomb.zip"
    elif kind == "not-a-zip-inside":
        data = b"PK\x03\x04" + b"\x00" * 100
        name = "broken.zip"
    else:
        data = b'{"name": "x", "type": "personal_chat", "id": 1, "messages": ' + b"[" * 5000 \
            + b"]" * 5000 + b"}"
        name = "result.json"
    path = tmp_path / name
    path.write_bytes(data)
    before = _state(vault)
    outcome = import_one(vault, path, _options())
    assert outcome.status == "refused", outcome.message
    assert name in outcome.message and "\n" not in outcome.message
    assert _state(vault) == before


def test_zip_slip_names_are_labels_only(vault: Vault, tmp_path: Path) -> None:
    data = _zip_bytes([("../../evil.txt", b"x"), ("/etc/passwd_copy", b"y"),
                       ("..\\win.txt", b"z"), ("_chat.txt", WHATSAPP_FR.encode())])
    path = tmp_path / "slip.zip"
    path.write_bytes(data)
    outcome = import_one(vault, path, _options())
    assert outcome.status == "imported"
    assert not (tmp_path.parent / "evil.txt").exists() and not Path("/etc/passwd_copy").exists()
    names = {r[0] for r in vault.conn.execute("SELECT original_name FROM originals")}
    assert {"evil.txt", "passwd_copy"} <= names


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=1, max_size=3000))
def test_fuzz_import_only_refuses_or_imports(vault: Vault, tmp_path: Path, blob: bytes) -> None:
    """Any bytes, as a zip member or a file: imported or refused in one sentence, nothing else."""
    for name, data in (("fuzz.json", blob), ("fuzz.zip", _zip_bytes([("_chat.txt", blob)])),
                       ("fuzz.txt", WHATSAPP_FR.encode()[:50] + blob)):
        path = tmp_path / name
        path.write_bytes(data)
        outcome = import_one(vault, path, _options())
        assert outcome.status in ("imported", "duplicate", "refused")
        json.dumps(outcome.message)
