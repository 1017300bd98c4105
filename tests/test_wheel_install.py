"""The package as users install it: a wheel built from this tree, in a fresh venv elsewhere.

Editable installs (what `make test` uses) read resources from the checkout and hide a wheel that
lacks them; this test builds the wheel, installs it with its dependencies in a new virtualenv
outside the repository, runs the installed `evidencekit` from a folder that is not the checkout,
and reads its output back as a recipient would.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent

# Installing the wheel's dependencies and running the demo in a fresh venv takes minutes on a
# loaded 2-core machine; the suite's default 600 s per test is for hangs, not for this.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv outside the checkout with the freshly built wheel installed; its bin/."""
    base = tmp_path_factory.mktemp("wheel")
    assert not base.resolve().is_relative_to(ROOT)
    wheels = base / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels),
                    str(ROOT)], check=True, timeout=600, cwd=base)
    (wheel,) = wheels.glob("evidencekit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    # The resources travel inside the package, not beside it.
    assert "evidencekit/resources/fonts/NotoSans-Regular.ttf" in names
    assert "evidencekit/resources/i18n/ar.json" in names
    assert not any(n.startswith("resources/") for n in names)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
                   check=True, timeout=1200, cwd=base)
    return venv / "bin"


def user_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV", "LANG", "LC_", "LANGUAGE"))}
    env.update({"HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
                "XDG_CONFIG_HOME": str(home / "config"), "LANG": "C.UTF-8",
                "EVIDENCEKIT_INSECURE_TEST_KDF": "1", "QT_QPA_PLATFORM": "offscreen"})
    return env


def run(bin_dir: Path, *args: str, home: Path, stdin: str | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bin_dir / "evidencekit"), *args], cwd=home, input=stdin,
                          env=env or user_env(home), capture_output=True, text=True,
                          timeout=600, check=False)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_the_installed_package_does_not_read_the_checkout(installed: Path, tmp_path: Path) -> None:
    code = "import evidencekit.paths as p; print(p.resource_dir())"
    proc = subprocess.run([str(installed / "python"), "-c", code], cwd=tmp_path,
                          env=user_env(tmp_path), capture_output=True, text=True, check=True)
    where = Path(proc.stdout.strip())
    assert "site-packages" in where.parts and not where.is_relative_to(ROOT)


def test_demo_dossiers_bundle_and_every_language(installed: Path, tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    proc = run(installed, "demo", str(demo), home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    pdfs = sorted(demo.glob("*.pdf"))
    assert len(pdfs) >= 5
    for pdf in pdfs:
        text = pdf_text(pdf)
        assert len(PdfReader(pdf).pages) >= 1 and text.strip(), pdf.name
    assert "Pharos" in pdf_text(demo / "dossier-pharos-fr.pdf")
    # Every file the app exports is private to the user, as the vault is.
    for exported in [*pdfs, *demo.glob("*.zip"), *demo.glob("*.csv"), *demo.glob("*.odt")]:
        assert stat.S_IMODE(exported.stat().st_mode) == 0o600, exported.name

    (bundle,) = demo.glob("bundle-*.zip")
    checked = run(installed, "verify-bundle", str(bundle), home=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # Every recipient in every language, from the demo vault, through the installed command.
    passphrase = next(line.split(": ", 1)[1] for line in proc.stdout.splitlines()
                      if line.startswith("Its passphrase: "))
    secret = tmp_path / "passphrase.txt"
    secret.write_text(passphrase + "\n", encoding="utf-8")
    secret.chmod(0o600)
    for recipient in ("pharos", "police", "lawyer", "emc", "eblagh"):
        for lang in ("fr", "en", "ar"):
            out = tmp_path / f"{recipient}-{lang}.pdf"
            made = run(installed, "--vault", str(demo / "vault"), "--passphrase-file", str(secret),
                       "export", "dossier", "--recipient", recipient, "--lang", lang,
                       "--out", str(out), home=tmp_path)
            assert made.returncode == 0, f"{recipient}/{lang}: {made.stderr}"
            assert pdf_text(out).strip() and stat.S_IMODE(out.stat().st_mode) == 0o600
    backup = tmp_path / "vault.ekbackup"
    saved = run(installed, "--vault", str(demo / "vault"), "--passphrase-file", str(secret),
                "backup", "--out", str(backup), home=tmp_path)
    assert saved.returncode == 0, saved.stderr
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Tesseract")
def test_import_with_ocr_from_the_installed_package(installed: Path, tmp_path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "NotoSans-Bold.ttf"), 48)
    image = Image.new("RGB", (900, 200), "white")
    ImageDraw.Draw(image).text((30, 60), "Tu vas regretter Zorglub", fill="black", font=font)
    shot = tmp_path / "capture.png"
    image.save(shot)
    secret = tmp_path / "p.txt"
    secret.write_text("correct horse battery staple 2026\n", encoding="utf-8")
    vault = ["--vault", str(tmp_path / "vault"), "--passphrase-file", str(secret)]
    created = run(installed, *vault, "init", "--no-recovery-key", home=tmp_path)
    assert created.returncode == 0, created.stderr
    imported = run(installed, *vault, "import", str(shot), "--json", home=tmp_path)
    assert imported.returncode == 0, imported.stderr
    found = run(installed, *vault, "search", "Zorglub", "--json", home=tmp_path)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout), "the OCR text of the screenshot is not searchable"


def test_the_gui_starts_in_french_and_arabic_with_icon_and_help(installed: Path,
                                                               tmp_path: Path) -> None:
    script = tmp_path / "start_gui.py"
    script.write_text(
        "import json, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "from evidencekit.gui.app import compose\n"
        "from evidencekit.gui.help.directory import load_directory\n"
        "home = Path(sys.argv[1])\n"
        "app = QApplication([])\n"
        "c = compose(app, home / 'vault', home / 'settings.json')\n"
        "seen = {}\n"
        "for lang in ('fr', 'ar'):\n"
        "    c.apply_language(lang)\n"
        "    c.shell.show()\n"
        "    app.processEvents()\n"
        "    seen[lang] = [w.text() for w in c.shell.findChildren(QLabel) if w.isVisible()]\n"
        "seen['rtl'] = app.isRightToLeft()\n"
        "seen['icon'] = not app.windowIcon().isNull()\n"
        "seen['help'] = len(load_directory('fr').__dict__)\n"
        "print(json.dumps(seen, ensure_ascii=False))\n",
        encoding="utf-8")
    proc = subprocess.run([str(installed / "python"), str(script), str(tmp_path)], cwd=tmp_path,
                          env=user_env(tmp_path), capture_output=True, text=True, timeout=300,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    catalogue_fr = json.loads((ROOT / "resources" / "i18n" / "fr.json").read_text("utf-8"))
    catalogue_ar = json.loads((ROOT / "resources" / "i18n" / "ar.json").read_text("utf-8"))
    assert catalogue_fr["Welcome"] in seen["fr"]
    assert catalogue_ar["Welcome"] in seen["ar"] and seen["rtl"] is True
    assert seen["icon"] is True and seen["help"] >= 1
