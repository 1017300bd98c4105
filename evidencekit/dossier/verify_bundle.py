"""Offline verification of an export bundle (zip): no vault, no passphrase, every file named.

What is checked, in order: the archive itself (refused when hostile, see bundle_screen: not a
zip, names that are paths, links, encrypted entries, a member compressed like a zip bomb whose
size the signed manifest does not pin; a name given twice is named, not refused: it is a
tampered bundle); every
entry's compressed data (CRC); `SHA256SUMS` and its signature against every file, with no file
missing or extra; `manifest.json`'s Ed25519 signature with the included `signing-key.pem`; every
hash the manifest lists; the custody excerpt against the manifest's RFC 9162 Merkle root (each
entry's inclusion proof and each earlier export's consistency proof, custody_proofs.py; the
whole hash chain for bundles written before excerpts carried proofs); and the RFC 3161 tokens
of timestamps/ (or an older bundle's `manifest.tsr`) against the trust store (tsa_bundle). A
bundle that passes all of that is then cross-checked (`verify_checks`: the PDF against the
manifest and the key, the originals against the custody log). A file that fails any check is
named.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from evidencekit.core.custody import GENESIS, CustodyEntry
from evidencekit.core.errors import Cancelled
from evidencekit.core.merkle import leaf_hash, root_from_leaf_hashes
from evidencekit.dossier import signing
from evidencekit.dossier.bundle_screen import BundleRefused, looks_like_bomb, screen
from evidencekit.dossier.bundle_stamps import is_manifest_token, is_timestamp_file
from evidencekit.dossier.custody_proofs import EXCERPT_FORMAT, check_excerpt
from evidencekit.dossier.verify_checks import cross_check
from evidencekit.i18n import _

FORMAT = "evidencekit-bundle/1"
MANIFEST = "manifest.json"
MANIFEST_SIG = "manifest.sig"
SUMS = "SHA256SUMS"
SUMS_SIG = "SHA256SUMS.sig"
KEY = "signing-key.pem"
TSR = "manifest.tsr"
CUSTODY = "custody.jsonl"
PDF = "dossier.pdf"
README = "README.txt"
LISEZMOI = "LISEZMOI.txt"
# Files the manifest cannot list by hash: itself, what signs it, and SHA256SUMS with its
# signature (written after it). The dossier files carry the manifest's hash, so they cannot be
# listed in it either; SHA256SUMS and its signature cover them.
OUTSIDE_MANIFEST = frozenset({MANIFEST, MANIFEST_SIG, SUMS, SUMS_SIG, TSR})

MAX_SMALL = {MANIFEST: 64 * 1024**2, SUMS: 16 * 1024**2, MANIFEST_SIG: 1024, SUMS_SIG: 1024,
             KEY: 16 * 1024, TSR: 1024**2}
MAX_CUSTODY_LINE = 4 * 1024**2
# A vault's whole log in old bundles, an exhibit's entries in new ones: far fewer lines than
# this. Beyond it the log is not read on (its leaves are kept to compute the root).
MAX_CUSTODY_LINES = 2_000_000
# About forty per exhibit: a bundle of 20,000 exhibits stays far below.
MAX_MANIFEST_VALUES = 2_000_000
BLOCK = 1024 * 1024
_SUM_LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*")

Progress = Callable[[int, int, str], None]


@dataclass
class BundleReport:
    path: str
    files: dict[str, str] = field(default_factory=dict)  # name -> sha256 of what was read
    bad: dict[str, list[str]] = field(default_factory=dict)  # file -> what is wrong with it
    general: list[str] = field(default_factory=list)  # problems not tied to one file
    manifest_sha256: str = ""
    exhibits: int = 0
    custody_entries: int = 0
    merkle_root: str = ""
    signing_key_sha256: str = ""
    timestamp: dict[str, Any] | None = None
    timestamps: list[dict[str, Any]] = field(default_factory=list)  # every token, checked
    recipient: str = ""
    created_at: str = ""
    vault_id: str = ""
    # (size, root) of each earlier export's log this bundle's log provably extends.
    log_extends: list[tuple[int, str]] = field(default_factory=list)
    case: str = ""
    key_trust: dict[str, Any] | None = None  # set by key_trust.check_bundle

    @property
    def ok(self) -> bool:
        return not self.bad and not self.general

    def flag(self, name: str, reason: str) -> None:
        reasons = self.bad.setdefault(name, [])
        if reason not in reasons:
            reasons.append(reason)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok, "path": self.path, "intact": self.ok,
            "bad_files": {name: reasons for name, reasons in sorted(self.bad.items())},
            "problems": self.general, "files_checked": len(self.files),
            "manifest_sha256": self.manifest_sha256, "exhibits": self.exhibits,
            "custody_entries": self.custody_entries, "custody_merkle_root": self.merkle_root,
            "signing_key_sha256": self.signing_key_sha256, "timestamp": self.timestamp,
            "timestamps": self.timestamps,
            "recipient": self.recipient, "created_at": self.created_at,
            "custody_extends": [{"entries": n, "merkle_root": r} for n, r in self.log_extends],
            "vault_id": self.vault_id, "case": self.case, "key_trust": self.key_trust,
        }


def verify_bundle(path: Path, progress: Progress | None = None,
                  cancel: threading.Event | None = None, *, tsa_ca: Sequence[Path] = (),
                  data: IO[bytes] | None = None) -> BundleReport:
    """Check a bundle; raises BundleRefused for hostile or non-bundle input.

    `tsa_ca`: CA files trusted for timestamp tokens besides the public store; `data`: the zip
    already in memory (a decrypted bundle), `path` then only names it.
    """
    path = Path(path)
    report = BundleReport(str(path))
    try:
        archive = zipfile.ZipFile(data if data is not None else path)
    except FileNotFoundError:
        raise BundleRefused(_("{path}: the file does not exist.").format(path=path)) from None
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        # NotImplementedError: an entry asks for a newer zip version than Python reads.
        raise BundleRefused(_("{path}: is not a zip archive, so it is not an evidencekit bundle.")
                            .format(path=path)) from None
    with archive:
        infos = screen(archive, path, lambda: _pinned_sizes(archive))
        small = _read_all(archive, infos, report, progress, cancel)
        _name_duplicates(infos, report)
        if MANIFEST not in small or KEY not in small:
            if MANIFEST in report.bad or KEY in report.bad:
                return report  # there, but damaged: named, not refused
            raise BundleRefused(_("{path}: has no manifest.json or no signing-key.pem, so it is "
                                  "not an evidencekit bundle.").format(path=path))
        _check(archive, small, report, tsa_ca)
    return report


def _pinned_sizes(archive: zipfile.ZipFile) -> dict[str, int]:
    """The sizes manifest.json gives its files, once its signature checks with signing-key.pem;
    empty when it does not, or when a control file is itself suspect (given twice, too large,
    compressed like a bomb), so that nothing hostile is decompressed to read the pins."""
    controls: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        if info.filename in (MANIFEST, MANIFEST_SIG, KEY):
            if info.filename in controls or info.file_size > MAX_SMALL[info.filename] \
                    or looks_like_bomb(info):
                return {}
            controls[info.filename] = info
    if len(controls) < 3:
        return {}
    try:
        raw = {name: archive.read(info) for name, info in controls.items()}
        if not signing.verify_signature(signing.load_public_pem(raw[KEY]), raw[MANIFEST],
                                        raw[MANIFEST_SIG]):
            return {}
        files = _load_manifest(raw[MANIFEST]).get("files")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            ValueError, RecursionError, AttributeError):
        return {}
    if not isinstance(files, dict):
        return {}
    return {str(name): facts["size"] for name, facts in files.items()
            if isinstance(facts, dict) and type(facts.get("size")) is int}


def _load_manifest(raw: bytes) -> Any:
    """manifest.json parsed, unless it holds more values than any bundle's (a comma or colon
    per value, counted before parsing): 40 MB of empty objects parse into a gigabyte."""
    if raw.count(b",") + raw.count(b":") > MAX_MANIFEST_VALUES:
        raise ValueError("more values than a manifest has")
    return json.loads(raw.decode("utf-8"))


def _name_duplicates(infos: list[zipfile.ZipInfo], report: BundleReport) -> None:
    """A name given twice is a tampered bundle, not a foreign file: named, exit 1.

    Tools disagree on which of the two entries they show (Python and unzip take the last one,
    some file managers the first), so a second entry can show the recipient other bytes than
    the ones checked. Both entries are hashed; neither is trusted.
    """
    counts: dict[str, int] = {}
    for info in infos:
        counts[info.filename] = counts.get(info.filename, 0) + 1
    for name, count in counts.items():
        if count > 1:
            report.flag(name, _("appears {n} times in the archive: programs disagree on which "
                                "one they show").format(n=count))


def _read_all(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], report: BundleReport,
              progress: Progress | None, cancel: threading.Event | None) -> dict[str, bytes]:
    """Hash every entry (streamed); keep the small control files in memory."""
    small: dict[str, bytes] = {}
    for n, info in enumerate(infos):
        if cancel is not None and cancel.is_set():
            raise Cancelled(_("Verification cancelled."))
        if progress is not None:
            progress(n, len(infos), info.filename)
        if info.is_dir():
            report.flag(info.filename, _("a folder entry that no bundle contains"))
            continue
        keep = info.file_size <= MAX_SMALL.get(info.filename, _stamp_limit(info.filename))
        digest = hashlib.sha256()
        kept = io.BytesIO()
        try:
            with archive.open(info) as stream:
                while block := stream.read(BLOCK):
                    digest.update(block)
                    if keep:
                        kept.write(block)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
            report.flag(info.filename, _("its bytes in the archive are damaged (the zip "
                                         "checksum fails)"))
            continue
        report.files[info.filename] = digest.hexdigest()
        if keep:
            small[info.filename] = kept.getvalue()
    if progress is not None:
        progress(len(infos), len(infos), "")
    return small


@dataclass
class _Evidence:
    """What the control files say, parsed once, before deciding which file is to blame."""

    public: Ed25519PublicKey | None
    manifest: dict[str, Any] | None
    recorded: dict[str, str]  # manifest: name -> sha256
    listed: dict[str, str]  # SHA256SUMS: name -> sha256
    sums_malformed: bool


def _parse(small: dict[str, bytes], report: BundleReport) -> _Evidence:
    public: Ed25519PublicKey | None = None
    try:
        loaded = signing.load_public_pem(small[KEY])
    except ValueError:
        pass
    else:
        public = loaded
        report.signing_key_sha256 = signing.fingerprint(loaded)
    manifest: dict[str, Any] | None = None
    raw = small[MANIFEST]
    report.manifest_sha256 = hashlib.sha256(raw).hexdigest()
    try:
        parsed = _load_manifest(raw)
        if isinstance(parsed, dict) and parsed.get("format") == FORMAT:
            manifest = parsed
    except (UnicodeDecodeError, ValueError, RecursionError):
        pass
    recorded: dict[str, str] = {}
    files = manifest.get("files") if manifest else None
    if isinstance(files, dict):
        recorded = {str(k): str(v.get("sha256")) for k, v in files.items() if isinstance(v, dict)}
    listed: dict[str, str] = {}
    malformed = SUMS not in small
    try:
        lines = small.get(SUMS, b"").decode("ascii").splitlines()
    except UnicodeDecodeError:
        lines, malformed = [], True
    for line in lines:
        match = _SUM_LINE.fullmatch(line)
        if match is None or match.group(2) in listed:
            malformed = True
            continue
        listed[match.group(2)] = match.group(1)
    return _Evidence(public, manifest, recorded, listed, malformed)


def _signed(ev: _Evidence, small: dict[str, bytes], data: str, sig: str) -> bool:
    return ev.public is not None and data in small and sig in small and \
        signing.verify_signature(ev.public, small[data], small[sig])


def _stamp_limit(name: str) -> int:
    return MAX_SMALL[TSR] if is_timestamp_file(name) else -1


def _check(archive: zipfile.ZipFile, small: dict[str, bytes], report: BundleReport,
           tsa_ca: Sequence[Path] = ()) -> None:
    """Compare what was read with SHA256SUMS and the manifest, and name the altered files.

    Two independent records (SHA256SUMS and manifest.json) list most files' hashes, so when they
    agree with each other but not with a file, the file changed; when a file agrees with the
    manifest but not with SHA256SUMS, SHA256SUMS changed. Signatures settle the rest.
    """
    ev = _parse(small, report)
    actual = report.files
    key_intact = ev.public is not None and (
        KEY not in ev.recorded or actual.get(KEY) == ev.recorded[KEY]
        or actual.get(KEY) == ev.listed.get(KEY))
    if not key_intact:
        report.flag(KEY, _("is not the key this bundle was signed with"))
    sums_signed = _signed(ev, small, SUMS, SUMS_SIG)
    disagreements = [n for n, h in ev.listed.items() if actual.get(n, h) != h]
    missing = [n for n in ev.listed if n not in actual and n not in report.bad]
    unlisted = [n for n in actual if n not in ev.listed and n not in (SUMS, SUMS_SIG)]
    if sums_signed or not key_intact:
        for name in disagreements:
            report.flag(name, _("does not match its SHA-256 in SHA256SUMS"))
        for name in missing:
            report.flag(name, _("listed in SHA256SUMS but missing from the bundle"))
        for name in unlisted:
            report.flag(name, _("is in the bundle but not listed in SHA256SUMS"))
    elif disagreements or missing or unlisted or ev.sums_malformed:
        # The key is intact and the signature fails, so SHA256SUMS itself was changed; a file
        # is blamed only where it also disagrees with the manifest (checked below).
        report.flag(SUMS, _("was changed: its signature fails and it does not match the files"))
    else:
        report.flag(SUMS_SIG, _("the signature does not match SHA256SUMS"))
    manifest_signed = _signed(ev, small, MANIFEST, MANIFEST_SIG)
    if not manifest_signed and not ({KEY, MANIFEST, MANIFEST_SIG} & set(report.bad)):
        report.flag(MANIFEST_SIG, _("the signature does not match manifest.json"))
    if ev.manifest is None:
        report.flag(MANIFEST, _("is not an evidencekit bundle manifest of a known version"))
        return
    report.recipient = str(ev.manifest.get("recipient", ""))
    report.created_at = str(ev.manifest.get("created_at", ""))
    report.vault_id = str(ev.manifest.get("vault_id", ""))
    report.case = str(ev.manifest.get("case", ""))
    if not manifest_signed:
        report.general.append(_("manifest.json is not signed by the key in signing-key.pem, so "
                                "the hashes it lists were not relied on."))
        return
    _check_listed(ev.manifest, report)
    _check_custody(archive, ev.manifest, report)
    _check_timestamp(small, ev.manifest, report, tsa_ca)
    if report.ok:
        cross_check(archive, ev.manifest, report)


def _check_listed(manifest: dict[str, Any], report: BundleReport) -> None:
    """Every file the (signed) manifest lists, with its hash; nothing more, nothing less."""
    files = manifest.get("files")
    dossier_files = manifest.get("dossier_files")
    exhibits = manifest.get("exhibits")
    if not isinstance(files, dict) or not isinstance(dossier_files, list) \
            or not isinstance(exhibits, list):
        report.flag(MANIFEST, _("lacks its list of files or exhibits"))
        return
    report.exhibits = len(exhibits)
    for name, facts in files.items():
        expected = facts.get("sha256") if isinstance(facts, dict) else None
        if name not in report.files:
            if name not in report.bad:
                report.flag(name, _("listed in manifest.json but missing from the bundle"))
        elif report.files[name] != expected:
            report.flag(name, _("does not match its SHA-256 in manifest.json"))
    expected_names = set(files) | {str(n) for n in dossier_files} | OUTSIDE_MANIFEST
    for name in report.files:
        if name not in expected_names and not is_manifest_token(name):
            report.flag(name, _("is in the bundle but not in manifest.json"))
    for name in dossier_files:
        if str(name) not in report.files and str(name) not in report.bad:
            report.flag(str(name), _("listed in manifest.json but missing from the bundle"))
    for exhibit in exhibits:
        parts = [exhibit, *(exhibit.get("attachments") or [])] if isinstance(exhibit, dict) \
            else []
        for part in parts:
            name = part.get("file")
            if name and isinstance(files.get(name), dict) \
                    and files[name].get("sha256") != part.get("sha256"):
                report.flag(MANIFEST, _("gives exhibit {n} a hash other than its file's")
                            .format(n=exhibit.get("number")))


def _custody_lines(archive: zipfile.ZipFile) -> Iterator[bytes]:
    with archive.open(CUSTODY) as stream:
        for _number in range(MAX_CUSTODY_LINES + 1):
            line = stream.readline(MAX_CUSTODY_LINE + 1)
            if not line:
                return
            if len(line) > MAX_CUSTODY_LINE:
                raise ValueError("line too long")
            yield line
        raise ValueError("more lines than a custody log has")


def _check_custody(archive: zipfile.ZipFile, manifest: dict[str, Any],
                   report: BundleReport) -> None:
    """Walk the excerpt: each full entry's hash recomputed exactly as the vault computes it."""
    summary = manifest.get("custody")
    if CUSTODY not in report.files or not isinstance(summary, dict):
        if CUSTODY not in report.bad:
            report.flag(CUSTODY, _("missing, so the custody log cannot be checked"))
        return
    if summary.get("excerpt") == EXCERPT_FORMAT:
        _check_proved_custody(archive, summary, report)
        return
    leaves: list[bytes] = []
    prev = GENESIS
    wrong: list[str] = []
    try:
        for number, line in enumerate(_custody_lines(archive), 1):
            record = json.loads(line)
            if int(record["seq"]) != number or record["prev_hash"] != prev:
                _note(wrong, _("entry {n} does not follow the entry before it").format(n=number))
            if record.get("redacted"):
                leaves.append(bytes.fromhex(str(record["leaf_hash"])))
            else:
                entry = CustodyEntry(int(record["seq"]), str(record["at"]), str(record["action"]),
                                     record["item_id"], dict(record["detail"]),
                                     str(record["prev_hash"]), str(record["entry_hash"]))
                if entry.expected_hash() != entry.entry_hash:
                    _note(wrong, _("entry {n} was altered").format(n=number))
                leaves.append(leaf_hash(entry.body()))
            prev = str(record["entry_hash"])
    except (ValueError, KeyError, TypeError, RecursionError, zipfile.BadZipFile, zlib.error):
        report.flag(CUSTODY, _("is not a readable custody log"))
        return
    root = root_from_leaf_hashes(leaves).hex()
    report.custody_entries = len(leaves)
    report.merkle_root = root
    if len(leaves) != summary.get("entries") or prev != summary.get("head_hash"):
        wrong.append(_("its entries differ from those the manifest counts"))
    if root != summary.get("merkle_root"):
        wrong.append(_("its Merkle root differs from the manifest's"))
    for reason in wrong[:5]:
        report.flag(CUSTODY, reason)


def _note(problems: list[str], text: str) -> None:
    """Only the first problems are shown: a forged log of millions of bad lines must not fill
    memory with sentences nobody reads."""
    if len(problems) < 5:
        problems.append(text)


def _check_proved_custody(archive: zipfile.ZipFile, summary: dict[str, Any],
                          report: BundleReport) -> None:
    """The excerpt of chosen entries, each with its inclusion proof (custody_proofs.py)."""
    try:
        check = check_excerpt(_custody_lines(archive), summary)
    except (ValueError, KeyError, TypeError, RecursionError, zipfile.BadZipFile, zlib.error):
        report.flag(CUSTODY, _("is not a readable custody log"))
        return
    report.custody_entries = check.size
    report.merkle_root = check.root
    report.log_extends = check.extends
    for reason in check.problems[:5]:
        report.flag(CUSTODY, reason)


def _check_timestamp(small: dict[str, bytes], manifest: dict[str, Any], report: BundleReport,
                     tsa_ca: Sequence[Path]) -> None:
    from evidencekit.dossier.tsa_bundle import check_timestamps

    check_timestamps(small, manifest, report, tsa_ca)
