"""Rating a new passphrase's strength, with advice a frightened person can act on."""

from __future__ import annotations

from dataclasses import dataclass

from zxcvbn import zxcvbn

from evidencekit.core.strength_words import advice_text, known_advice
from evidencekit.i18n import N_

LABELS = (
    N_("very weak"),
    N_("weak"),
    N_("fair"),
    N_("strong"),
    N_("very strong"),
)
MIN_ACCEPTED_SCORE = 2
MIN_LENGTH = 8


@dataclass(frozen=True)
class Strength:
    score: int  # 0..4
    label: str  # untranslated; wrap in _() to show
    crack_time: str
    advice_sentences: tuple[str, ...]  # English sources; `advice` is their translation

    @property
    def advice(self) -> str:
        """The advice in the current language (each sentence translated on its own)."""
        return advice_text(self.advice_sentences)

    @property
    def acceptable(self) -> bool:
        return self.score >= MIN_ACCEPTED_SCORE


def rate(passphrase: str, context: tuple[str, ...] = ()) -> Strength:
    # zxcvbn slows down badly on very long inputs; the first 100 characters decide the rating.
    result = zxcvbn(passphrase[:100], user_inputs=list(context))
    score = int(result["score"])
    if len(passphrase) < MIN_LENGTH:
        score = min(score, 1)
    feedback = result.get("feedback") or {}
    warning = str(feedback.get("warning") or "")
    advice = known_advice([warning] if warning else list(feedback.get("suggestions") or []))
    if not advice and score < 3:
        advice = (N_("Use four or five unrelated words; a sentence only you know works well."),)
    crack = str(result["crack_times_display"]["offline_slow_hashing_1e4_per_second"])
    return Strength(score=score, label=LABELS[score], crack_time=crack,
                    advice_sentences=advice)
