"""Applying a language to the whole app: our catalogue, Qt's own strings, and the direction."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from evidencekit.i18n import LANGUAGES, N_, _, is_rtl, set_language, system_language

NAMES = {"fr": "Français", "en": "English", "ar": "العربية"}


def choose_language(preferred: str) -> str:
    """The saved choice if valid, else the system's language, else English."""
    return preferred if preferred in LANGUAGES else system_language()


# Qt's standard buttons (Save, Cancel…) in our own words: Qt's Arabic said "ألغِ" where the
# app's own buttons say "إلغاء", and both stood side by side in the same dialogs.
STANDARD_WORDS = frozenset({N_("OK"), N_("Save"), N_("Close"), N_("Cancel"), N_("Yes"),
                            N_("No"), N_("Discard")})
STANDARD_CONTEXTS = frozenset({"QPlatformTheme", "QGnomeTheme", "QDialogButtonBox"})


class StandardWords(QTranslator):
    """Answers Qt's standard-button texts from our catalogue; anything else is left to Qt's
    own translations (an empty answer passes the question on)."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        word = source.replace("&", "")
        if context in STANDARD_CONTEXTS and word in STANDARD_WORDS:
            return _(word)
        return ""


class LanguageSwitcher:
    """Holds the Qt translators so they can be swapped when the user picks another language."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self._translators: list[QTranslator] = []

    def apply(self, code: str) -> None:
        set_language(code)
        for translator in self._translators:
            QCoreApplication.removeTranslator(translator)
        self._translators.clear()
        if code != "en":
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            for base in ("qtbase", "qt"):
                translator = QTranslator(self.app)
                # Qt's standard buttons and dialogs (file, print, message boxes) in our language.
                if translator.load(f"{base}_{code}", folder):
                    QCoreApplication.installTranslator(translator)
                    self._translators.append(translator)
            ours = StandardWords(self.app)  # installed last: asked first
            QCoreApplication.installTranslator(ours)
            self._translators.append(ours)
        # Arabic as written in Morocco: Western digits, like the dates and times the app shows
        # (QLocale("ar") is Egyptian Arabic, with Eastern Arabic digits).
        QLocale.setDefault(QLocale("ar_MA" if code == "ar" else code))
        self.app.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if is_rtl(code) else Qt.LayoutDirection.LeftToRight)
