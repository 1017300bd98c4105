"""The session certificate: made in memory, its key never written to a file."""

from __future__ import annotations

import datetime
import hashlib
import os
import tempfile
from pathlib import Path

import pytest
from cryptography import x509

from evidencekit.receive import tlscert


def test_the_key_is_loaded_without_touching_the_disk(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    cert = tlscert.make_certificate()
    assert sorted(tmp_path.rglob("*")) == before  # no file, not even for an instant in TMPDIR
    assert hasattr(os, "memfd_create")  # Linux: the path taken above
    parsed = x509.load_der_x509_certificate(cert.der)
    assert cert.fingerprint == hashlib.sha256(cert.der).hexdigest()
    assert len(cert.fingerprint) == 64
    assert (parsed.not_valid_after_utc - parsed.not_valid_before_utc).days <= 3


def test_without_memfd_the_temporary_file_is_gone_at_once(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "memfd_create")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    cert = tlscert.make_certificate()
    assert list(tmp_path.iterdir()) == []
    assert cert.context.get_ca_certs() == []  # a server context with our chain, nothing else


def test_each_session_has_its_own_certificate() -> None:
    assert tlscert.make_certificate().fingerprint != tlscert.make_certificate().fingerprint


def test_a_phone_whose_clock_is_hours_behind_still_accepts_it() -> None:
    # LocalSend's Rust core (core/src/crypto/cert.rs, verify_cert_from_cert) refuses a
    # certificate outside its validity period, then checks its self-signature. A phone set by
    # hand may be hours behind: the period starts a day back.
    parsed = x509.load_der_x509_certificate(tlscert.make_certificate().der)
    now = datetime.datetime.now(datetime.UTC)
    assert parsed.not_valid_before_utc <= now - datetime.timedelta(hours=23)
    assert parsed.not_valid_after_utc >= now + datetime.timedelta(days=1)
    parsed.verify_directly_issued_by(parsed)  # self-signed, the signature holds
