"""A QR matrix painted into a QImage (black on white, with the standard 4-module margin)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter

QUIET = 4


def qr_image(matrix: list[list[bool]], module: int = 6) -> QImage:
    size = (len(matrix) + 2 * QUIET) * module
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    painter = QPainter(image)
    try:
        for r, row in enumerate(matrix):
            for c, dark in enumerate(row):
                if dark:
                    painter.fillRect((c + QUIET) * module, (r + QUIET) * module, module, module,
                                     QColor(Qt.GlobalColor.black))
    finally:
        painter.end()
    return image
