"""A failure mode's state in words ('given power-seeking occurs'): the validator and every view phrase a condition alike.

Its own module, importing nothing, so that the validator's rules can use it without importing the model.
"""
from __future__ import annotations

STATE_PHRASES = {  # a failure mode's state after its name, with the word that leads the phrase
    "occurs": ("given", "occurs"),
    "not-an-issue-by-default": ("if", "is not an issue by default"),
    "solved": ("given", "is solved"),
    "unsolved": ("given", "is unsolved"),
}


def name_in_text(name: str) -> str:
    """A name inside a sentence: 'Power-seeking' -> 'power-seeking'; 'RLHF sycophancy' stays."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def state_phrase(name: str, state: str) -> str:
    """'given power-seeking occurs', 'if power-seeking is not an issue by default', ..."""
    lead, words = STATE_PHRASES[state]
    return f"{lead} {name_in_text(name)} {words}"
