"""The recovery key is shown once: it must be typed back before going on, and it never reaches
the disk unless the user picks a file for it (Qt's print dialog, with no printer, would quietly
write ~/print.pdf)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox

from evidencekit.gui.welcome.recovery_page import RecoveryKeyPanel

KEY = "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789-ABCD-EFGH-JK"


def _no_printer_accepts(home: Path):  # type: ignore[no-untyped-def]
    def exec_(dialog: QPrintDialog) -> int:
        # What Qt's own dialog does when there is no printer: PDF output to ~/print.pdf.
        dialog.printer().setOutputFileName(str(home / "print.pdf"))
        return int(QPrintDialog.DialogCode.Accepted)
    return exec_


def test_continue_needs_the_key_typed_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = RecoveryKeyPanel(KEY)
    qtbot.addWidget(panel)
    panel.check.setChecked(True)
    assert not panel.done.isEnabled()
    panel.typed.setText(KEY[:-1] + "X")
    assert not panel.done.isEnabled() and "does not match" in panel.mismatch.text()
    panel.typed.setText(KEY.lower())
    assert panel.done.isEnabled()
    with qtbot.waitSignal(panel.confirmed):
        panel.done.click()
    assert panel.key.text() == "" and panel.typed.text() == ""


def test_no_printer_never_writes_the_key_silently(qtbot, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                  tmp_path: Path) -> None:
    home = Path(os.environ["HOME"])
    monkeypatch.setattr(QPrintDialog, "exec", _no_printer_accepts(home))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.No)
    panel = RecoveryKeyPanel(KEY)
    qtbot.addWidget(panel)
    panel.print_key()
    assert not (home / "print.pdf").exists()
    assert not any(home.rglob("*.pdf"))


def test_a_file_the_user_chose_holds_the_key_privately(qtbot, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path) -> None:
    home = Path(os.environ["HOME"])
    chosen = tmp_path / "usb" / "cle.pdf"
    chosen.parent.mkdir()
    monkeypatch.setattr(QPrintDialog, "exec", _no_printer_accepts(home))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    panel = RecoveryKeyPanel(KEY)
    qtbot.addWidget(panel)
    panel.print_key()
    assert chosen.exists() and not (home / "print.pdf").exists()
    assert oct(chosen.stat().st_mode & 0o777) == "0o600"
    assert told and str(chosen) in told[0] and "delete the file" in told[0]
