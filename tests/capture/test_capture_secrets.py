"""Attack: a bundle's recipient takes over the victim's account with what a login capture kept.

The local site's login form receives a password, answers with a random session cookie, and its
members' page calls an API with that session as a bearer token. Nothing stored in the vault may
hold the password or the session; the record must still read back and replay the page.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from evidencekit.capture.session import WebCapture, capture
from evidencekit.capture.store import store_capture
from evidencekit.capture.withhold import MARKER_PREFIX
from evidencekit.core.blobreader import open_reader
from evidencekit.core.vault import Vault
from evidencekit.core.web_capture_record import read_manifest
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from tests.capture.conftest import PASSWORD, parts
from tests.capture.site import LocalSite

TAG = re.compile(r"hmac-sha256 ([0-9a-f]{16})")


def plain(data: bytes) -> list[bytes]:
    """The bytes and everything inside them (zip members, gzip members), to search."""
    found = [data]
    if data[:2] == b"\x1f\x8b":
        found += plain(gzip.decompress(data))
    elif data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                found += plain(archive.read(name))
    return found


def records(warc: bytes) -> list[tuple[str, str, Any, bytes]]:
    out = []
    for record in ArchiveIterator(io.BytesIO(warc)):
        if record.rec_type in ("request", "response"):
            out.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI"),
                        record.http_headers, record.content_stream().read()))
    return out


def test_the_site_really_got_the_secrets(logged_in: WebCapture, site: LocalSite) -> None:
    """Without this the searches below could pass on a capture that never logged in."""
    assert any(PASSWORD.encode() in body for body in site.posted)
    assert logged_in.final_url.endswith("/private")
    assert b"Feed: the threat posted at 21:05" in parts(logged_in)["dom"]


def test_nothing_stored_holds_the_password_or_the_session(vault: Vault, logged_in: WebCapture,
                                                          site: LocalSite) -> None:
    stored = store_capture(vault, logged_in, "Web")
    assert stored.parts
    secrets = (PASSWORD.encode(), site.session.encode(),
               # A plain digest of the password would be as good as the password.
               hashlib.sha256(PASSWORD.encode()).hexdigest().encode()[:16])
    for item_id in [stored.item_id] + [p["item_id"] for p in stored.parts]:
        with open_reader(vault.conn, item_id) as stream:
            data = stream.read()
        for chunk in plain(data):
            for secret in secrets:
                assert secret not in chunk, (item_id, secret)
    logged = json.dumps([e.detail for e in vault.custody.entries(stored.item_id)]).encode()
    assert "web-capture" in [e.action for e in vault.custody.entries(stored.item_id)]
    assert not any(secret in logged for secret in secrets)


def test_the_record_says_what_was_withheld(logged_in: WebCapture) -> None:
    by_kind = {(kind, url.rsplit("/", 1)[1]): (headers, body)
               for kind, url, headers, body in records(parts(logged_in)["warc"])}
    login_headers, login_body = by_kind[("request", "login")]
    assert login_body.startswith(MARKER_PREFIX.encode() + b"request body")
    assert b"login-phase" in login_body or b"credential-field" in login_body
    assert login_headers.get_header("Content-Length") == str(len(login_body))
    set_cookie = by_kind[("response", "login")][0].get_header("Set-Cookie")
    assert set_cookie.startswith("session=" + MARKER_PREFIX) and set_cookie.endswith(
        "; Path=/; Secure")
    cookie = by_kind[("request", "private")][0].get_header("Cookie")
    bearer = by_kind[("request", "feed")][0].get_header("Authorization")
    assert bearer.startswith("Bearer " + MARKER_PREFIX)
    # One session, one fingerprint: the record still shows the API call used the login's cookie.
    tags = {TAG.search(value).group(1) for value in (set_cookie, cookie, bearer)}  # type: ignore[union-attr]
    assert len(tags) == 1
    log = json.loads(parts(logged_in)["log"])
    assert log["withheld"]["request_bodies"] >= 1 and log["withheld"]["headers"] >= 3
    assert "sign in as the user" in log["withheld"]["why"]
    assert log["withheld"]["content_phase_from"] >= log["started_at"]
    assert any(s["step"].startswith("withheld from the record:") for s in log["steps"])
    assert logged_in.withheld["request_bodies"] >= 1


def test_the_content_phase_starts_after_the_login(logged_in: WebCapture) -> None:
    """The browser's navigations put the line between the login's POST and the members' page."""
    summaries = json.loads(parts(logged_in)["headers"])
    login = next(h["started_at"] for h in summaries if h["url"].endswith("/login"))
    members = next(h["started_at"] for h in summaries if h["url"].endswith("/private"))
    assert login < json.loads(parts(logged_in)["log"])["withheld"]["content_phase_from"] <= members


def test_a_login_field_with_any_name_is_withheld(site: LocalSite) -> None:
    """The form's fields are not named like a password: the login phase alone withholds it."""
    login = ({"note": "log in", "wait_load": True,
              "js": "const box = document.querySelector('input[name=password]');"
                    f"box.value = 'Zq{PASSWORD[::-1]}'; box.name = 'field';"
                    "document.querySelector('form').submit();"},
             {"capture": True})
    result = capture(site.url, window=True, timeout=30, site_ca=str(site.ca_file), script=login)
    assert any(f"Zq{PASSWORD[::-1]}".encode() in body for body in site.posted)
    body = next(body for kind, url, _h, body in records(parts(result)["warc"])
                if kind == "request" and url.endswith("/login"))
    assert body.startswith(MARKER_PREFIX.encode()) and b"login-phase" in body
    assert f"Zq{PASSWORD[::-1]}".encode() not in gzip.decompress(parts(result)["warc"])


def test_the_content_still_replays(logged_in: WebCapture, tmp_path: Path) -> None:
    by_kind = {(kind, url.rsplit("/", 1)[1]): (headers, body)
               for kind, url, headers, body in records(parts(logged_in)["warc"])}
    headers, body = by_kind[("response", "private")]
    assert headers.get_statuscode() == "200" and b"Members-only message" in body
    # The page's own API call keeps its body (ReplayWeb.page matches a POST by it) and answer.
    assert by_kind[("request", "feed")][1] == b'{"page":1}'
    assert by_kind[("response", "feed")][1] == b"Feed: the threat posted at 21:05"
    path = tmp_path / "logged-in.warc.gz"
    path.write_bytes(parts(logged_in)["warc"])
    code = "import sys; from warcio.cli import main; sys.exit(main(['check', sys.argv[1]]))"
    assert subprocess.run([sys.executable, "-c", code, str(path)], check=False).returncode == 0


def test_the_dossier_says_it_in_words(vault: Vault, logged_in: WebCapture,
                                      tmp_path: Path) -> None:
    stored = store_capture(vault, logged_in, "Web")
    manifest = read_manifest(vault.conn, stored.item_id)
    assert manifest is not None and manifest["withheld"]["headers"] >= 3
    out = tmp_path / "police.pdf"
    render_dossier(vault, DossierRequest("police", "en", case="Web"), out)
    text = "".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert "Keptoutoftherecord" in text and "signintotheaccountused" in text


def _french_dossier(vault: Vault, capture: WebCapture, recipient: str, folder: Path) -> str:
    """The capture stored, its French dossier for `recipient` made and read back as text."""
    store_capture(vault, capture, "Web")
    out = folder / f"{recipient}-fr.pdf"
    render_dossier(vault, DossierRequest(recipient, "fr", case="Web"), out)
    return " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def test_a_french_officer_reads_what_was_withheld_and_that_the_page_was_not_public(
        vault: Vault, logged_in: WebCapture, tmp_path: Path) -> None:
    """Read as a French officer would: the page was behind a login, so not "public" (an address
    alone once made it so); the counts read as French, not "1 formulaires"; and the capture is
    not passed off as a constat, nor as proof of who wrote the page."""
    text = _french_dossier(vault, logged_in, "police", tmp_path)
    assert "Nature capture web" in text and "Nature fichier" not in text
    assert "Public ou privé privé (vu après connexion)" in text
    assert "Public ou privé public" not in text
    assert "1 formulaires" not in text
    assert "formulaires de connexion et leurs réponses : 1" in text
    assert "Comme un constat" not in text
    assert "ce n'est pas un constat de commissaire de justice" in text
    assert "pas qui a écrit la page" in text


def test_the_dossier_says_when_nothing_was_withheld(vault: Vault, captured: WebCapture,
                                                   tmp_path: Path) -> None:
    store_capture(vault, captured, "Public")
    out = tmp_path / "public.pdf"
    render_dossier(vault, DossierRequest("police", "fr", case="Public"), out)
    text = "".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert "Écartédel'enregistrementrien(aucuncookie" in text


def test_a_public_capture_withholds_nothing(captured: WebCapture) -> None:
    assert captured.withheld["headers"] == 0 and captured.withheld["request_bodies"] == 0
    assert captured.withheld["content_phase_from"] == ""


def test_the_pharos_fiche_of_a_page_seen_after_signing_in_says_pharos_wants_public_content(
        vault: Vault, logged_in: WebCapture, tmp_path: Path) -> None:
    """Pharos handles public content only; a members' page went on its fiche as if public."""
    text = _french_dossier(vault, logged_in, "pharos", tmp_path)
    assert "vue après connexion (page réservée aux membres)" in text
    fiches = (tmp_path / "pharos-fr-fiches.txt").read_text(encoding="utf-8")
    assert "Accès :\nvue après connexion" in fiches

