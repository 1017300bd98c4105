"""zxcvbn's feedback sentences, marked for translation.

zxcvbn (the strength estimator) writes its advice in fixed English sentences. They are listed
here with `N_()` so the French and Arabic catalogues carry them; `advice_text` translates each
sentence on its own. A sentence a newer zxcvbn adds and this list lacks is dropped from the
advice rather than shown in English (`known_advice`); the generic advice then applies.
"""

from __future__ import annotations

from evidencekit.i18n import N_, _

ZXCVBN_SENTENCES = frozenset({
    N_("Add another word or two. Uncommon words are better."),
    N_("Capitalization doesn't help very much."),
    N_("Reversed words aren't much harder to guess."),
    N_("Predictable substitutions like '@' instead of 'a' don't help very much."),
    N_("Use a few words, avoid common phrases."),
    N_("No need for symbols, digits, or uppercase letters."),
    N_("Straight rows of keys are easy to guess."),
    N_("Short keyboard patterns are easy to guess."),
    N_("This is a top-10 common password."),
    N_("This is similar to a commonly used password."),
    N_("A word by itself is easy to guess."),
    N_("All-uppercase is almost as easy to guess as all-lowercase."),
    N_("Use a longer keyboard pattern with more turns."),
    N_('Repeats like "aaa" are easy to guess.'),
    N_('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    N_("This is a top-100 common password."),
    N_("This is a very common password."),
    N_("Names and surnames by themselves are easy to guess."),
    N_("Common names and surnames are easy to guess."),
    N_("Avoid repeated words and characters."),
    N_('Sequences like "abc" or "6543" are easy to guess.'),
    N_("Avoid sequences."),
    N_("Recent years are easy to guess."),
    N_("Dates are often easy to guess."),
    N_("Avoid recent years."),
    N_("Avoid years that are associated with you."),
    N_("Avoid dates and years that are associated with you."),
})


def known_advice(sentences: list[str]) -> tuple[str, ...]:
    """The sentences this app can translate, in zxcvbn's order, without repeats."""
    out: list[str] = []
    for sentence in sentences:
        if sentence in ZXCVBN_SENTENCES and sentence not in out:
            out.append(sentence)
    return tuple(out)


def advice_text(sentences: tuple[str, ...]) -> str:
    """The advice in the user's language, one translated sentence after the other."""
    return " ".join(_(s) for s in sentences)
