"""Dossier sentences about the custody log's anchoring (key -> (en, fr, ar))."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str, str]] = {
    "annex_log_anchor": (
        "Keep these two figures: any later bundle (zip) from the same vault must prove, with an "
        "RFC 9162 consistency proof, that its log extends this one (evidencekit verify-bundle "
        "NEW.zip --against OLD.zip). A log rewritten after today would contradict this dossier.",
        "Conservez ces deux valeurs : toute archive (zip) ultérieure issue du même coffre doit "
        "prouver, par une preuve de cohérence RFC 9162, que son journal prolonge celui-ci "
        "(evidencekit verify-bundle NOUVEAU.zip --against ANCIEN.zip). Un journal réécrit après "
        "ce jour contredirait le présent dossier.",
        "احتفظوا بهاتين القيمتين: كل حزمة (zip) لاحقة صادرة عن الخزنة نفسها يجب أن تثبت، "
        "ببرهان اتساق وفق RFC 9162، أن سجلها امتداد لهذا السجل (evidencekit verify-bundle "
        "NEW.zip --against OLD.zip). وأي سجل يُعاد كتابته بعد اليوم سيتناقض مع هذا الملف."),
}
