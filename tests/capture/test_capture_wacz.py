"""The WACZ opens in ReplayWeb.page: checked with webrecorder's own validator and indexer.

ReplayWeb.page cannot run here, so its reference tools stand in: `wacz validate` (py-wacz), the
reference CDXJ indexer (cdxj-indexer, which keys POSTs by their body as replay does) and SURT.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import surt as reference_surt  # type: ignore[import-untyped]
from cdxj_indexer.main import CDXJIndexer  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.capture.session import WebCapture
from evidencekit.capture.warc import surt
from tests.capture.conftest import parts


def validate(wacz: bytes, path: Path) -> subprocess.CompletedProcess[str]:
    path.write_bytes(wacz)  # the test site's synthetic page, in the test's own folder
    return subprocess.run([sys.executable, "-m", "wacz", "validate", "-f", str(path)],
                          capture_output=True, text=True, check=False)


def test_the_reference_validator_accepts_it(captured: WebCapture, logged_in: WebCapture,
                                            tmp_path: Path) -> None:
    for name, capture in (("public", captured), ("logged-in", logged_in)):
        done = validate(parts(capture)["wacz"], tmp_path / f"{name}.wacz")
        # Its exit code is 0 even when it refuses a file: the verdict is in what it prints.
        assert "Validation succeeded" in done.stdout, done.stdout + done.stderr


def test_the_validator_can_fail(captured: WebCapture, tmp_path: Path) -> None:
    """A WACZ whose index was changed after packing is refused (its size and hash differ)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(parts(captured)["wacz"])) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data + b"\n" if info.filename.endswith(".cdx") else data)
    done = validate(out.getvalue(), tmp_path / "changed.wacz")
    assert "Validation failed" in done.stdout and "Validation succeeded" not in done.stdout


def reference_index(warc: bytes, tmp_path: Path) -> dict[str, str]:
    """url key -> url of each response line, as the reference indexer writes them."""
    path = tmp_path / "data.warc.gz"
    path.write_bytes(warc)
    out = io.StringIO()
    CDXJIndexer(inputs=[str(path)], output=out, post_append=True).process_all()
    keys = {}
    for line in out.getvalue().splitlines():
        key, _ts, fields = line.split(" ", 2)
        keys[key] = json.loads(fields)["url"]
    return keys


def test_the_index_is_the_reference_index_sorted(logged_in: WebCapture, tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(parts(logged_in)["wacz"])) as archive:
        lines = archive.read("indexes/index.cdx").decode().splitlines()
        pages = [json.loads(p) for p in archive.read("pages/pages.jsonl").decode().splitlines()]
        package = json.loads(archive.read("datapackage.json"))
        names = archive.namelist()
        digest = json.loads(archive.read("datapackage-digest.json"))
    assert lines == sorted(lines) and lines
    ours = {line.split(" ", 1)[0]: json.loads(line.split(" ", 2)[2]) for line in lines}
    reference = reference_index(parts(logged_in)["warc"], tmp_path)
    assert set(ours) == set(reference), set(ours) ^ set(reference)
    # The POSTs are keyed by their body, as replay looks them up.
    feed = next(k for k in ours if "/api/feed" in k)
    assert feed.endswith("/api/feed?__wb_method=post&page=1")
    assert ours[feed]["method"] == "POST" and ours[feed]["requestBody"] == "page=1"
    login = next(k for k in ours if "/login" in k)
    assert "__wb_method=post" in login and "correct7horse" not in login
    # The pages list names the captured page with its title and time.
    assert pages[0]["format"] == "json-pages-1.0"
    assert pages[1]["url"] == logged_in.final_url and pages[1]["title"] == logged_in.title
    assert pages[1]["ts"] == logged_in.started_at
    assert {r["path"] for r in package["resources"]} | {"datapackage.json",
                                                        "datapackage-digest.json"} == set(names)
    assert digest["path"] == "datapackage.json" and digest["hash"].startswith("sha256:")


def test_our_surt_is_the_reference_surt() -> None:
    for url in ("https://127.0.0.1:8443/a", "http://127.0.0.1:80/x", "https://WWW.Example.com/P?Q=1#f",
                "https://www2.example.com/a?b&a=", "https://e.com/a?a0=1&a=0", "https://e.com",
                "https://e.com:443/p?", "https://[::1]:8080/x"):
        assert surt(url) == reference_surt.surt(url), url


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["http", "https"]), st.from_regex(r"(www\.)?[a-z0-9]{1,8}(\.[a-z]{2,5}){1,3}",
                                                         fullmatch=True),
       st.one_of(st.none(), st.integers(1, 65535)), st.from_regex(r"(/[A-Za-z0-9_~ -]{1,6}){0,3}",
                                                                  fullmatch=True),
       st.lists(st.from_regex(r"[A-Za-z0-9_]{1,4}(=[A-Za-z0-9_]{0,4})?", fullmatch=True),
                max_size=4))
def test_surt_agrees_with_the_reference(scheme: str, host: str, port: int | None, path: str,
                                        arguments: list[str]) -> None:
    url = f"{scheme}://{host}{f':{port}' if port else ''}{path}"
    if arguments:
        url += "?" + "&".join(arguments)
    assert surt(url) == reference_surt.surt(url)
