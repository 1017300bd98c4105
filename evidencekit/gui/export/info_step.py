"""Wizard step four: what the victim tells the dossier, stored encrypted with the case."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from evidencekit.dossier.victim import Author, DossierInfo
from evidencekit.gui.widgets import label
from evidencekit.i18n import _

IDENTITY = ("full_name", "birth", "address", "phone", "email", "city", "court")
STORIES = ("relationship", "narrative", "prejudice", "witnesses", "steps_taken")


class InfoStep(QWizardPage):
    """Identity is optional (Pharos and EMC accept anonymous reports); nothing here is required."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Your information"))
        outer = QVBoxLayout(self)
        outer.addWidget(label(_("Everything here is optional and stays encrypted in your vault. "
                                "Fill in what you can; you can come back later."), "muted"))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        form = QFormLayout(body)
        # A field goes under its caption when both do not fit side by side (200 % scale).
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.anonymous = QCheckBox(_("Leave my identity out of this dossier"))
        self.anonymous.setAccessibleName(_("Leave my identity out of this dossier"))
        form.addRow(self.anonymous)
        self.optional_note = label("", "muted")
        form.addRow(self.optional_note)
        captions = {
            "full_name": _("Full name"), "birth": _("Date and place of birth"),
            "address": _("Address"), "phone": _("Phone"), "email": _("E-mail"),
            "city": _("Town where you sign"),
            "court": _("Tribunal judiciaire the letter goes to (town)"),
        }
        self.lines: dict[str, QLineEdit] = {}
        for key in IDENTITY:
            edit = QLineEdit()
            edit.setAccessibleName(captions[key])
            form.addRow(captions[key], edit)
            self.lines[key] = edit
        # Kept even in an anonymous report: it never appears in the dossier, it only withholds
        # the intimate images of a minor (dossier/withheld.py).
        self.birth_date = QLineEdit()
        self.birth_date.setPlaceholderText(_("YYYY-MM-DD"))
        self.birth_date.setAccessibleName(_("Date of birth (intimate images made or sent "
                                            "before you were 18 are never put in the "
                                            "dossier)"))
        form.addRow(_("Date of birth"), self.birth_date)
        self.author_name = QLineEdit()
        self.author_name.setAccessibleName(_("Presumed author: name, if known"))
        form.addRow(_("Presumed author: name, if known"), self.author_name)
        self.author_traces = QLineEdit()
        self.author_traces.setPlaceholderText(_("pseudonyms, profile addresses, numbers…"))
        self.author_traces.setAccessibleName(_("Presumed author: accounts and traces"))
        form.addRow(_("Presumed author: accounts and traces"), self.author_traces)
        # A choice, not free text: a (former) partner changes the offences the dossier names.
        self.author_relation = QComboBox()
        self.author_relation.setAccessibleName(_("Presumed author: relationship to you"))
        for code, text in (("", _("(not said)")), ("partner", _("current spouse or partner")),
                           ("ex_partner", _("former spouse or partner")),
                           ("family", _("family member")), ("colleague", _("colleague")),
                           ("acquaintance", _("acquaintance")), ("stranger", _("stranger"))):
            self.author_relation.addItem(text, code)
        form.addRow(_("Presumed author: relationship to you"), self.author_relation)
        story_captions = {
            "relationship": _("How you know them"), "narrative": _("What happened, in order"),
            "prejudice": _("Harm suffered (health, work, costs…)"),
            "witnesses": _("Witnesses"), "steps_taken": _("Steps already taken"),
        }
        self.texts: dict[str, QPlainTextEdit] = {}
        for key in STORIES:
            story = QPlainTextEdit()
            story.setTabChangesFocus(True)
            story.setAccessibleName(story_captions[key])
            story.setMinimumHeight(140 if key == "narrative" else 60)
            form.addRow(story_captions[key], story)
            self.texts[key] = story
        scroll.setWidget(body)
        outer.addWidget(scroll)
        self.anonymous.toggled.connect(self._anonymous_toggled)
        self.info = DossierInfo()

    def set_recipient(self, recipient: str) -> None:
        anonymous_ok = recipient in ("pharos", "emc", "eblagh")
        self.optional_note.setText(
            _("This recipient accepts reports without your name.") if anonymous_ok else
            _("A complaint is usually made in your name; you may still leave fields empty."))

    def _anonymous_toggled(self, on: bool) -> None:
        for key in IDENTITY:
            self.lines[key].setEnabled(not on)

    def load(self, info: DossierInfo) -> None:
        self.info = info
        self.anonymous.setChecked(info.anonymous)
        for key in IDENTITY:
            self.lines[key].setText(str(getattr(info, key)))
        self.birth_date.setText(info.birth_date)
        for key in STORIES:
            self.texts[key].setPlainText(str(getattr(info, key)))
        first = info.authors[0] if info.authors else Author()
        self.author_name.setText(first.name)
        self.author_traces.setText(first.pseudonyms)
        self.author_relation.setCurrentIndex(max(0, self.author_relation.findData(first.relation)))

    def collected(self) -> DossierInfo:
        values: dict[str, object] = {k: self.lines[k].text().strip() for k in IDENTITY}
        values["birth_date"] = self.birth_date.text().strip()
        values.update({k: self.texts[k].toPlainText().strip() for k in STORIES})
        name, traces = self.author_name.text().strip(), self.author_traces.text().strip()
        relation = str(self.author_relation.currentData() or "")
        authors = list(self.info.authors)
        first = replace(authors[0] if authors else Author(), name=name, pseudonyms=traces,
                        relation=relation)
        authors = ([first] if (name or traces or relation) else []) + authors[1:]
        return replace(self.info, anonymous=self.anonymous.isChecked(),
                       authors=tuple(authors), **values)  # type: ignore[arg-type]
