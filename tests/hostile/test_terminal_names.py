"""File and zip-member names cannot disguise themselves or forge lines in the terminal: a line
break, a bidi override or a zero-width character in a name is shown escaped, as `ls` shows it,
by `import` and by `list`."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from tests.conftest import write_png

FORGED_LINE = "x.png\nerror: the vault is damaged, send your passphrase to help@example.org"
RLO_NAME = "facture\u202egnp.exe"  # reads as "factureexe.png"
ZERO_WIDTH = "pre\u200buve.png"


def _assert_escaped(output: str) -> None:
    assert "\u202e" not in output and "\u200b" not in output
    assert "\\u202e" in output and "\\u200b" in output
    assert not any(line.startswith("error: the vault is damaged") for line in output.splitlines())
    assert "x.png\\nerror: the vault is damaged" in output


def test_import_and_list_show_hostile_names_escaped(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--no-recovery-key").code == 0
    folder = tmp_path / "in"
    folder.mkdir()
    for i, name in enumerate((FORGED_LINE, RLO_NAME, ZERO_WIDTH)):
        write_png(folder / name, color=("red", "green", "blue")[i])
    result = cli("import", *[str(p) for p in sorted(folder.iterdir())])
    assert result.code == 0, result.err
    _assert_escaped(result.out)
    listing = cli("list")
    assert listing.code == 0
    _assert_escaped(listing.out)


def test_zip_member_names_are_escaped_too(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--no-recovery-key").code == 0
    png = io.BytesIO()
    write_png(tmp_path / "p.png")
    png.write((tmp_path / "p.png").read_bytes())
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(RLO_NAME, png.getvalue())
    result = cli("import", str(archive))
    assert result.code in (0, 3), result.err
    assert "\u202e" not in result.out + result.err
    listing = cli("list")
    assert "\u202e" not in listing.out


def test_a_hostile_bundle_member_name_is_escaped_in_the_error_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # verify-bundle is run by the recipient on a file from elsewhere; its refusal names the entry.
    bundle = tmp_path / "evil.zip"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.writestr(f"../{RLO_NAME}\n{ZERO_WIDTH}", b"x")
    result = cli("verify-bundle", str(bundle))
    assert result.code == 3
    assert "\u202e" not in result.err and "\u200b" not in result.err
    assert "\\u202e" in result.err and "\\u200b" in result.err
    assert result.err.count("\n") == 1 and result.err.startswith("error:")
