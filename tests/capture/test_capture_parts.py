"""A capture of the local HTTPS site (own CA, a redirect, two image hosts) holds every part."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from PIL import Image
from warcio.archiveiterator import ArchiveIterator

from evidencekit.capture.session import WebCapture, capture
from tests.capture.conftest import parts
from tests.capture.site import PUBLISHED, LocalSite


def test_every_part_is_there(captured: WebCapture, site: LocalSite) -> None:
    roles = parts(captured)
    assert set(roles) == {"screenshot", "warc", "wacz", "dom", "headers", "certificates", "log"}
    assert captured.final_url == f"https://localhost:{site.port}/page"
    assert captured.title == "Harassing post"
    assert captured.published == PUBLISHED
    assert captured.server["ip"] == "127.0.0.1" and captured.certificate_ok
    assert "You will regret it." in roles["dom"].decode()
    shot = Image.open(io.BytesIO(roles["screenshot"]))
    # Full page: the 1800-pixel spacer makes the page taller than the 900-pixel window.
    assert shot.height > 1900 and shot.width >= 1280
    # The red image of the page is in the screenshot (pixel colour), not only in the DOM.
    rgb = shot.convert("RGB")
    assert any(rgb.getpixel((x, y))[0] > 180 and rgb.getpixel((x, y))[2] < 80
               for x in range(0, 120, 4) for y in range(80, 200, 4))


def test_warc_replays_every_exchange(captured: WebCapture, site: LocalSite) -> None:
    records = {}
    for record in ArchiveIterator(io.BytesIO(parts(captured)["warc"])):
        if record.rec_type == "response":
            records[record.rec_headers.get_header("WARC-Target-URI")] = (
                record.http_headers.get_statuscode(), record.content_stream().read(),
                record.rec_headers.get_header("WARC-IP-Address"))
    base = f"https://localhost:{site.port}"
    assert records[base + "/"][0] == "302"
    assert records[base + "/page"][0] == "200" and b"Public post" in records[base + "/page"][1]
    assert records[base + "/img/red.png"][1] == site.red
    assert records[f"https://127.0.0.1:{site.port}/img/blue.png"][1] == site.blue
    assert {ip for _s, _b, ip in records.values()} == {"127.0.0.1"}


def test_wacz_lists_its_files_with_their_hashes(captured: WebCapture) -> None:
    with zipfile.ZipFile(io.BytesIO(parts(captured)["wacz"])) as archive:
        package = json.loads(archive.read("datapackage.json"))
        for resource in package["resources"]:
            data = archive.read(resource["path"])
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert archive.read("archive/data.warc.gz") == parts(captured)["warc"]
        index = archive.read("indexes/index.cdx").decode().splitlines()
        pages = archive.read("pages/pages.jsonl").decode().splitlines()
    assert package["mainPageURL"] == captured.final_url
    assert any("/page" in line and '"status":"200"' in line for line in index)
    # The offsets of the index point at the response records in the WARC.
    warc = parts(captured)["warc"]
    for line in index:
        fields = json.loads(line.split(" ", 2)[2])
        chunk = warc[int(fields["offset"]):int(fields["offset"]) + int(fields["length"])]
        record = next(iter(ArchiveIterator(io.BytesIO(chunk))))
        assert record.rec_headers.get_header("WARC-Target-URI") == fields["url"]
    assert json.loads(pages[1])["url"] == captured.final_url


def test_certificate_is_the_servers(captured: WebCapture, site: LocalSite) -> None:
    chain = x509.load_pem_x509_certificates(parts(captured)["certificates"])
    assert chain[0].public_bytes(serialization.Encoding.DER) == \
        site.certificate.public_bytes(serialization.Encoding.DER)
    assert chain[1].subject == site.ca_certificate.subject


def test_log_says_how_it_was_captured(captured: WebCapture) -> None:
    log = json.loads(parts(captured)["log"])
    assert log["browser"].startswith("QtWebEngine") and "Chrome/" in log["user_agent"]
    assert log["started_at"] <= log["ended_at"]
    assert "127.0.0.1" in log["proxy"] and log["user_logged_in"] is False
    steps = " ".join(s["step"] for s in log["steps"])
    assert "full-page screenshot taken" in steps and "recording proxy stopped" in steps
    headers = json.loads(parts(captured)["headers"])
    assert ["X-Site", "local-test"] in next(h["response_headers"] for h in headers
                                             if h["url"].endswith("/page"))


def test_a_bad_certificate_is_recorded_and_flagged(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with LocalSite(tmp_path, trusted=False) as rogue:
        result = capture(rogue.url, timeout=30, site_ca=str(rogue.ca_file))
    assert not result.certificate_ok
    assert "certificate" in result.server["error"] or "verify" in result.server["error"]
    # Recorded as presented, even though it did not verify.
    chain = x509.load_pem_x509_certificates(parts(result)["certificates"])
    assert chain[0].public_bytes(serialization.Encoding.DER) == \
        rogue.certificate.public_bytes(serialization.Encoding.DER)
    assert b"Public post" in parts(result)["dom"]


def test_login_inside_the_window_is_said(site: LocalSite) -> None:
    login = ({"note": "log in", "wait_load": True,
              "js": "document.querySelector('input[name=user]').value='me';"
                    "document.querySelector('input[name=password]').value='pw';"
                    "document.querySelector('form').submit();"},
             {"capture": True})
    result = capture(site.url, window=True, timeout=30, site_ca=str(site.ca_file),
                     script=login)
    assert result.user_logged_in
    assert result.final_url.endswith("/private")
    assert b"Members-only message" in parts(result)["dom"]
    log = json.loads(parts(result)["log"])
    assert any("inside the capture window" in s["step"] for s in log["steps"])
    posts = [h for h in json.loads(parts(result)["headers"]) if h["method"] == "POST"]
    assert posts and posts[0]["status"] == 303


def test_after_logging_in_the_user_reaches_the_content_by_its_address(site: LocalSite) -> None:
    """The login window has an address line: typed addresses are followed and logged, and an
    address that is not http(s) is refused."""
    steps = ({"note": "log in", "wait_load": True,
              "js": "document.querySelector('input[name=user]').value='me';"
                    "document.querySelector('input[name=password]').value='pw';"
                    "document.querySelector('form').submit();"},
             {"address": "file:///etc/passwd"},
             {"address": site.url + "page", "wait_load": True},
             {"capture": True})
    result = capture(site.url, window=True, timeout=30, site_ca=str(site.ca_file),
                     script=steps)
    assert result.final_url.endswith("/page")
    assert b"Public post" in parts(result)["dom"]
    log = [s["step"] for s in json.loads(parts(result)["log"])["steps"]]
    assert any(s.startswith("address refused") and "file:///etc/passwd" in s for s in log)
    assert any(s == f"the user went to {site.url}page from the address line" for s in log), log


def test_a_page_that_never_finishes_is_captured_as_it_stands(site: LocalSite) -> None:
    result = capture(site.url + "hang", timeout=4, site_ca=str(site.ca_file))
    assert b"Still loading" in parts(result)["dom"]
    log = json.loads(parts(result)["log"])
    assert any("still loading after 4" in s["step"] for s in log["steps"])


def test_warc_digests_check_with_warcio(captured: WebCapture, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import gzip
    import subprocess
    import sys

    code = "import sys; from warcio.cli import main; sys.exit(main(['check', sys.argv[1]]))"

    def check(data: bytes, name: str) -> int:
        path = tmp_path / name  # the test's own copy of a synthetic page, outside any vault
        path.write_bytes(data)
        return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                              check=False).returncode

    warc = parts(captured)["warc"]
    assert check(warc, "page.warc.gz") == 0
    # One flipped letter in a body fails the same check: the test can fail.
    plain = bytearray(gzip.decompress(warc))
    plain[plain.find(b"You will regret it.")] ^= 0x20
    assert check(gzip.compress(bytes(plain)), "bad.warc.gz") != 0
