"""Chat bubbles drawn by a delegate: sender, time as shown, exact text, badges, thumbnails."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QTextOption
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from evidencekit.gui.conversations.model import (
    CHOSEN_ROLE,
    KIND_LABELS,
    MATCH_ROLE,
    MESSAGE_ROLE,
    Attachment,
    Message,
    MessagesModel,
)
from evidencekit.gui.theme import ACCENT, MUTED, TEXT
from evidencekit.i18n import _, first_strong_rtl

GAP = 6  # between bubbles
PAD = 10  # inside a bubble
THUMB = 96
MAX_BUBBLE = 620
INCOMING = "#ffffff"
OUTGOING = "#e2f0f1"
SYSTEM = "#eceff3"
MATCH = "#fff4d6"
BORDER = "#cdd6de"


def text_is_rtl(text: str) -> bool:
    """Whether the first strong character is right-to-left (Arabic, Hebrew)."""
    return bool(first_strong_rtl(text))


def _option(right: bool, direction: Qt.LayoutDirection) -> QTextOption:
    """Absolute alignment: Qt would otherwise swap left and right again in Arabic."""
    option = QTextOption(Qt.AlignmentFlag.AlignAbsolute | (
        Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft))
    option.setTextDirection(direction)
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    return option


@dataclass
class Layout:
    bubble: QRect
    header: QRect
    body: QRect
    attachments: list[tuple[QRect, Attachment]]
    badge: str
    reply: QRect = QRect()  # the quoted message, above the text
    change: QRect = QRect()  # when it was edited or deleted, below the text


class BubbleDelegate(QStyledItemDelegate):
    """Sizes and paints one message; plain text only, so `<b>` shows as typed."""

    def __init__(self, view: QAbstractItemView, model: MessagesModel) -> None:
        super().__init__(view)
        self.view = view
        self.model = model

    # -- geometry -----------------------------------------------------------------------------
    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        body = QFont(option.font)
        bold = QFont(option.font)
        bold.setBold(True)
        return body, bold

    def _layout(self, option: QStyleOptionViewItem, message: Message, top: int,
                left: int, width: int) -> Layout:
        body_font, bold = self._fonts(option)
        metrics, bold_metrics = QFontMetrics(body_font), QFontMetrics(bold)
        system = message.kind in ("system", "call")
        bubble_w = min(MAX_BUBBLE, int(width * (0.9 if system else 0.75)))
        inner_w = max(80, bubble_w - 2 * PAD)
        badge = _(KIND_LABELS[message.kind]) if message.kind in KIND_LABELS else ""
        if self.model.selection.contains(message.id):
            badge = " · ".join(b for b in (badge, _("exhibit")) if b)
        parts = [(message.sender, bold_metrics), (message.shown_time, metrics),
                 (badge, metrics)]
        # The same spacing as _paint_text: each part's advance, 2 pixels, a 10-pixel gap.
        header_w = sum(m.horizontalAdvance(t) + 12 for t, m in parts if t)
        header_h = bold_metrics.height() if header_w else 0
        flags = int(Qt.TextFlag.TextWordWrap)
        text_rect = metrics.boundingRect(QRect(0, 0, inner_w, 1_000_000), flags,
                                         message.text) if message.text else QRect()
        notes = {}
        italic = QFont(body_font)
        italic.setItalic(True)
        note_metrics = QFontMetrics(italic)
        for name, note in (("reply", message.reply), ("change", message.change)):
            notes[name] = note_metrics.boundingRect(QRect(0, 0, inner_w, 1_000_000), flags,
                                               note) if note else QRect()
        needed = max(header_w, text_rect.width(), notes["reply"].width(),
                     notes["change"].width(),
                     THUMB if any(a.is_image for a in message.attachments) else 0)
        files = [a for a in message.attachments if not self._drawn_as_image(a)]
        for attachment in files:
            needed = max(needed, metrics.horizontalAdvance(self._file_line(attachment)))
        bubble_w = min(bubble_w, needed + 2 * PAD + 2)
        inner_w = bubble_w - 2 * PAD
        y = top + GAP + PAD
        header = QRect(0, y, inner_w, header_h)
        y += header_h + (4 if header_h else 0)
        reply = QRect(0, y, inner_w, notes["reply"].height())
        y += reply.height() + (4 if reply.height() else 0)
        body = QRect(0, y, inner_w, text_rect.height())
        y += text_rect.height()
        change = QRect(0, y + 2, inner_w, notes["change"].height())
        y += change.height() + (2 if change.height() else 0)
        placed: list[tuple[QRect, Attachment]] = []
        x = 0
        images = [a for a in message.attachments if self._drawn_as_image(a)]
        if images:
            y += 6
            for attachment in images:
                if x + THUMB > inner_w and x > 0:
                    x, y = 0, y + THUMB + 6
                placed.append((QRect(x, y, THUMB, THUMB), attachment))
                x += THUMB + 6
            y += THUMB
        for attachment in files:
            y += 4
            placed.append((QRect(0, y, inner_w, metrics.height()), attachment))
            y += metrics.height()
        height = y + PAD - top - GAP
        rtl = option.direction == Qt.LayoutDirection.RightToLeft
        # Incoming messages sit on the reading side (left in French, right in Arabic);
        # the vault owner's own messages on the other; system lines in the middle.
        if system:
            x0 = left + (width - bubble_w) // 2
        elif message.outgoing != rtl:
            x0 = left + width - bubble_w - GAP
        else:
            x0 = left + GAP
        shift = x0 + PAD
        bubble = QRect(x0, top + GAP, bubble_w, height)
        return Layout(bubble, header.translated(shift, 0), body.translated(shift, 0),
                      [(r.translated(shift, 0), a) for r, a in placed], badge,
                      reply.translated(shift, 0), change.translated(shift, 0))

    def _drawn_as_image(self, attachment: Attachment) -> bool:
        return attachment.is_image and not attachment.missing

    @staticmethod
    def _file_line(attachment: Attachment) -> str:
        if attachment.missing:
            return _("📎 {name} (not included in the export)").format(name=attachment.name)
        if attachment.sensitive:
            return _("📎 {name} (sensitive image, not shown here)").format(name=attachment.name)
        return _("📎 {name}").format(name=attachment.name)

    def _width(self) -> int:
        return max(200, int(self.view.viewport().width()))

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt API
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        message = index.data(MESSAGE_ROLE)
        if not isinstance(message, Message):
            return QSize(0, 0)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        layout = self._layout(opt, message, 0, 0, self._width())
        return QSize(self._width(), layout.bubble.height() + 2 * GAP)

    # -- painting ------------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        message = index.data(MESSAGE_ROLE)
        if not isinstance(message, Message):
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        layout = self._layout(opt, message, opt.rect.top(), opt.rect.left(), opt.rect.width())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_bubble(painter, opt, index, message, layout)
        self._paint_text(painter, opt, message, layout)
        painter.restore()

    def _paint_notes(self, painter: QPainter, opt: QStyleOptionViewItem, message: Message,
                     layout: Layout) -> None:
        """The quoted message and the edit/deletion time, muted and in italics: they describe
        the message, they are not its words. Each note reads in its own direction."""
        font = QFont(opt.font)
        font.setItalic(True)
        painter.setFont(font)
        painter.setPen(QColor(MUTED))
        for rect, note in ((layout.reply, message.reply), (layout.change, message.change)):
            if not note:
                continue
            rtl = text_is_rtl(note)
            option = _option(rtl, Qt.LayoutDirection.RightToLeft if rtl
                             else Qt.LayoutDirection.LeftToRight)
            option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            painter.drawText(QRectF(rect), note, option)

    def _paint_bubble(self, painter: QPainter, opt: QStyleOptionViewItem,
                      index: QModelIndex | QPersistentModelIndex, message: Message,
                      layout: Layout) -> None:
        fill = SYSTEM if message.kind in ("system", "call") else (
            OUTGOING if message.outgoing else INCOMING)
        if index.data(MATCH_ROLE):
            fill = MATCH
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        chosen = bool(index.data(CHOSEN_ROLE))
        pen = QPen(QColor(ACCENT if selected or chosen else BORDER))
        pen.setWidth(3 if chosen else (2 if selected else 1))
        if selected and not chosen:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(QRectF(layout.bubble).adjusted(0.5, 0.5, -0.5, -0.5), 10, 10)

    def _paint_text(self, painter: QPainter, opt: QStyleOptionViewItem, message: Message,
                    layout: Layout) -> None:
        body_font, bold = self._fonts(opt)
        view_rtl = opt.direction == Qt.LayoutDirection.RightToLeft
        header_option = _option(view_rtl, opt.direction)
        parts = [(message.sender, bold, TEXT, text_is_rtl(message.sender)),
                 (message.shown_time, body_font, MUTED, False),  # times read left to right
                 (layout.badge, body_font, ACCENT, view_rtl)]
        edge = layout.header.right() + 1 if view_rtl else layout.header.left()
        for text, font, colour, rtl in parts:
            if not text:
                continue
            # Each part gets its own box and direction, so an Arabic sender name cannot
            # reorder the time after it, and parts are laid from the reading edge.
            width = QFontMetrics(font).horizontalAdvance(text) + 2
            left = edge - width if view_rtl else edge
            box = QRectF(left, layout.header.top(), width, layout.header.height())
            painter.setFont(font)
            painter.setPen(QColor(colour))
            painter.drawText(box, text, _option(rtl, Qt.LayoutDirection.RightToLeft if rtl
                                                else Qt.LayoutDirection.LeftToRight))
            edge = edge - width - 10 if view_rtl else edge + width + 10
        rtl_text = text_is_rtl(message.text)
        body_option = _option(rtl_text, Qt.LayoutDirection.RightToLeft if rtl_text
                              else Qt.LayoutDirection.LeftToRight)
        body_option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        painter.setFont(body_font)
        painter.setPen(QColor(MUTED if message.kind in ("deleted", "system", "call") else TEXT))
        # drawText with a QTextOption lays out plain text: markup is never interpreted.
        painter.drawText(QRectF(layout.body), message.text, body_option)
        self._paint_notes(painter, opt, message, layout)
        for rect, attachment in layout.attachments:
            pixmap = self.model.thumbnail(attachment) if self._drawn_as_image(attachment) \
                else None
            if self._drawn_as_image(attachment):
                painter.setPen(QPen(QColor(BORDER)))
                painter.setBrush(QColor("#f4f6f8"))
                painter.drawRoundedRect(rect, 6, 6)
                if pixmap is not None and not pixmap.isNull():
                    scaled = pixmap.scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation)
                    x = rect.x() + (rect.width() - scaled.width()) // 2
                    y = rect.y() + (rect.height() - scaled.height()) // 2
                    painter.drawPixmap(x, y, scaled)
                if attachment.sensitive:  # say why it is blurred, on the tile itself
                    band = QRect(rect.x(), rect.bottom() - 22, rect.width(), 22)
                    painter.fillRect(band, QColor(0, 0, 0, 150))
                    painter.setPen(QColor("#ffffff"))
                    painter.drawText(band, int(Qt.AlignmentFlag.AlignCenter), _("Blurred"))
            else:
                painter.setPen(QColor(MUTED))
                painter.drawText(QRectF(rect), self._file_line(attachment), header_option)
