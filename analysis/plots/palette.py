"""Colours and display labels shared by every chart.

One colour per state (sector, ``advisor``, ``no_post``) on every chart of the
suite. Colours come from Paul Tol's colour-blind-safe "muted" and "bright"
schemes (https://personal.sron.nl/~pault/), chosen so that neighbouring sectors
in the stacked charts differ in lightness as well as hue.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Display order and colour for every state the suite knows.
STATE_COLOURS: dict[str, str] = {
    "advisor": "#332288",  # indigo: the advisor term itself
    "un_peace_operation": "#117733",  # green
    "un_secretariat": "#44AA99",  # teal
    "un_fund_programme": "#88CCEE",  # cyan
    "un_specialised_agency": "#DDCC77",  # sand
    "other_international": "#999933",  # olive
    "japanese_government": "#CC6677",  # rose
    "other_government": "#882255",  # wine
    "ngo": "#AA4499",  # purple
    "academia": "#EE7733",  # orange
    "private_sector": "#BBBBBB",  # grey
    "no_post": "#EEEEEE",  # pale grey
    # coarse groups (sectors.csv coarse_group), coloured as their main sector
    "UN peace operation": "#117733",
    "other UN": "#88CCEE",
    "other international": "#999933",
    "Japanese government": "#CC6677",
    "other": "#BBBBBB",
}

STATE_LABELS: dict[str, str] = {
    "advisor": "Advisor (term)",
    "un_peace_operation": "UN peace operation",
    "un_secretariat": "UN Secretariat",
    "un_fund_programme": "UN fund or programme",
    "un_specialised_agency": "UN specialised agency / related org.",
    "other_international": "Other international or regional org.",
    "japanese_government": "Japanese government",
    "other_government": "Other government",
    "ngo": "NGO",
    "academia": "Academia or think tank",
    "private_sector": "Private sector",
    "no_post": "No post",
    "unknown": "Unknown",
}

#: Colour-blind-safe fallback cycle for states the suite does not know.
FALLBACK_COLOURS = ["#0077BB", "#33BBEE", "#009988", "#EE7733", "#CC3311", "#EE3377", "#BBBBBB"]

UNKNOWN_COLOUR = "#FFFFFF"


def state_order(states: Iterable[str]) -> list[str]:
    """Return ``states`` in the suite's display order; unknown states last, sorted."""
    states = list(dict.fromkeys(states))
    known = [s for s in STATE_COLOURS if s in states]
    other = sorted(s for s in states if s not in STATE_COLOURS)
    return known + other


def state_colours(states: Iterable[str]) -> dict[str, str]:
    """Colour for each state: the suite's colour, else a fallback in a fixed cycle."""
    colours: dict[str, str] = {}
    extra = 0
    for state in state_order(states):
        if state in STATE_COLOURS:
            colours[state] = STATE_COLOURS[state]
        else:
            colours[state] = FALLBACK_COLOURS[extra % len(FALLBACK_COLOURS)]
            extra += 1
    return colours


def state_label(state: str) -> str:
    """Human label for a state code; the code itself when it has none."""
    return STATE_LABELS.get(state, str(state))
