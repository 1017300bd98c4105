"""The sentence telling the user that someone tried to open the vault while they were away."""

from __future__ import annotations

from evidencekit.core.attempts import problem_sentence
from evidencekit.core.vault import UnlockReport
from evidencekit.gui.text import clock_time
from evidencekit.i18n import _


def failed_attempts_text(report: UnlockReport, timezone: str) -> str | None:
    tampered = problem_sentence(report.attempts_record_problem)
    attempts = report.failed_attempts
    if not attempts:
        return tampered
    last = clock_time(attempts[-1], timezone)
    if len(attempts) == 1:
        text = _("1 failed attempt since your last visit, at {time}.").format(time=last)
    else:
        text = _("{n} failed attempts since your last visit, the last at {time}.").format(
            n=len(attempts), time=last)
    text += " " + _("If it was not you, someone may be trying to open your vault: "
                    "consider changing your passphrase in Settings.")
    return f"{text} {tampered}" if tampered else text
