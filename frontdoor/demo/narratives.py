"""Short, invented incident narratives in the style of a police notification (no real people)."""

from __future__ import annotations

import random

_CALLERS = (
    "the victim",
    "a neighbour who heard shouting",
    "a child at the address",
    "the victim's sister",
    "a member of the public in the street",
    "the ambulance service",
)
_EVENTS = {
    "standard": (
        "Verbal argument about money; no injuries seen and none disclosed.",
        "Argument after a night out, the suspect shouted and broke a mug, no assault alleged.",
        "The suspect sent abusive messages after the victim ended the relationship.",
        "Dispute on the doorstep over belongings left at the address.",
    ),
    "medium": (
        "The victim reports being pushed against the kitchen door; redness to the left arm.",
        "The suspect took the victim's phone and keys and would not let the victim leave.",
        "The suspect attended the address drunk, banged on the windows and kicked the door.",
        "Pattern of controlling behaviour described, including checking bank statements daily.",
    ),
    "high": (
        "The victim reports being punched to the face and kicked while on the floor.",
        "The suspect damaged the victim's car and threatened to burn the house down.",
        "Assault in breach of a non-molestation order; the victim has a cut lip and bruising.",
        "The victim describes escalating violence over six weeks and is frightened to go home.",
    ),
}
_STRANGULATION = "The victim says the suspect held them by the throat and they could not breathe."
_STALKING = "The suspect has turned up at the victim's work and followed the victim home twice."
_THREATS = "The suspect said \"if you leave me you're dead\", witnessed by the victim's friend."
_CHILDREN = (
    "Two children were in the house, one woke and came downstairs during the incident.",
    "A child was present and was heard crying in the background of the 999 call.",
    "The children were in the next room; the eldest called the police.",
)
_OUTCOMES = (
    "Suspect arrested and in custody.",
    "Suspect left before police arrived; enquiries ongoing.",
    "Victim declined to support a prosecution; DASH completed.",
    "Suspect interviewed and released under investigation.",
    "Referral made to the IDVA service with the victim's consent.",
)


def narrative(
    rng: random.Random,
    risk: str,
    children_present: bool,
    strangulation: bool,
    stalking: bool,
    threats: bool,
) -> str:
    sentences = [f"Police attended following a call from {rng.choice(_CALLERS)}."]
    sentences.append(rng.choice(_EVENTS[risk]))
    sentences += [
        text
        for flag, text in (
            (strangulation, _STRANGULATION),
            (stalking, _STALKING),
            (threats, _THREATS),
        )
        if flag
    ]
    if children_present:
        sentences.append(rng.choice(_CHILDREN))
    outcome = rng.choice(_OUTCOMES)
    # Some officers start the outcome on a new line: the CSV must carry the line break.
    return " ".join(sentences) + ("\n" if rng.random() < 0.3 else " ") + outcome
