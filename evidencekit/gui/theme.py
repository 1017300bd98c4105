"""Calm colours with good contrast, and the fonts shipped with the app (Noto for Arabic)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from evidencekit.paths import resource

# Soft blue-grey surfaces, dark slate text (contrast > 10:1), a teal accent (4.8:1 on white).
BACKGROUND = "#f4f6f8"
SURFACE = "#ffffff"
TEXT = "#1f2a36"
MUTED = "#4a5866"
ACCENT = "#1f6f78"
ACCENT_TEXT = "#ffffff"
NOTICE = "#fff4d6"
WARNING_TEXT = "#7a4a00"
DISABLED_TEXT = "#8a96a3"  # switched-off controls: visibly fainter than TEXT
EXIT = "#5b3a8c"  # quick exit: distinct from the accent but not an alarming red

STYLE = f"""
QWidget {{ color: {TEXT}; }}
QMainWindow, QDialog {{ background: {BACKGROUND}; }}
QLabel#heading {{ font-size: 20pt; font-weight: 600; }}
QLabel#subheading {{ font-size: 13pt; font-weight: 600; }}
QLabel#muted {{ color: {MUTED}; }}
QLabel#error {{ color: #8a1c1c; font-weight: 600; }}
QFrame#card {{ background: {SURFACE}; border: 1px solid #d5dce3; border-radius: 10px; }}
QFrame#notice {{ background: {NOTICE}; border: 1px solid #e6c875; border-radius: 8px; }}
QLabel#warning {{ color: {WARNING_TEXT}; }}
QPushButton {{ padding: 6px 14px; border-radius: 6px; border: 1px solid #b8c4cf;
               background: {SURFACE}; }}
QPushButton:hover {{ background: #e9eff4; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; }}
QPushButton#primary, QToolButton#primary {{ background: {ACCENT}; color: {ACCENT_TEXT};
    border: none; border-radius: 6px; padding: 6px 14px; font-weight: 600; }}
QPushButton#primary:disabled {{ background: #9fb8bb; }}
QToolButton#primary:disabled {{ background: #9fb8bb; }}
/* The dark text above applied to disabled controls too: a switched-off button looked usable. */
QWidget:disabled {{ color: {DISABLED_TEXT}; }}
QPushButton:disabled {{ background: {BACKGROUND}; border-color: #d5dce3; }}
QPushButton#primary:disabled, QToolButton#primary:disabled {{ color: #eef3f4; }}
QPushButton#quickExit {{ background: {EXIT}; color: #ffffff; border: none; font-weight: 600; }}
QListView, QTableView, QTreeView {{ background: {SURFACE}; selection-background-color: #cfe5e7;
                                    selection-color: {TEXT}; }}
QLineEdit, QPlainTextEdit, QComboBox, QSpinBox {{ padding: 4px; }}
/* Words only, as every other button of the app: with this style sheet Qt drew the standard
   buttons' icons (Save, Cancel…) on the wrong side in Arabic, touching the word. */
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
"""


def apply_theme(app: QApplication) -> None:
    for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoNaskhArabic-Regular.ttf",
                 "NotoNaskhArabic-Bold.ttf", "NotoEmoji-Regular.ttf"):
        path = resource("fonts", name)
        if path.exists():
            QFontDatabase.addApplicationFont(str(path))
    font = app.font()
    font.setFamilies(["Noto Sans", "Noto Naskh Arabic", *font.families(), *emoji_families()])
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
    palette.setColor(QPalette.ColorRole.Base, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor(ACCENT_TEXT))
    app.setPalette(palette)
    app.setStyleSheet(STYLE)


def emoji_families() -> list[str]:
    """The emoji fonts to fall back on, a colour one first when the system has it.

    Threats are often written with emoji (a house, a knife); on a system without an emoji font
    Qt drew empty boxes in the chat. The app ships Noto Emoji (monochrome) as the last resort.
    """
    installed = set(QFontDatabase.families())
    return [f for f in ("Noto Color Emoji", "Noto Emoji") if f in installed]
