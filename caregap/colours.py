"""One colour per channel, gender, age group and network, used by every chart (colour-blind safe, both themes)."""

from __future__ import annotations

from plotly.colors import hex_to_rgb, unlabel_rgb

from caregap.labels import REGION_SEGMENT

# Okabe-Ito for channels, Paul Tol's "bright" for genders and networks, viridis steps for age groups:
# colour-blind safe, and mid-tones that read on both the light and the dark theme.
COLOURS: dict[str, str] = {
    "phone": "#0072B2",
    "email": "#E69F00",
    "chat": "#009E73",
    "social": "#CC79A7",
    "sms": "#56B4E9",
    "in_person": "#D55E00",
    "female": "#EE6677",
    "male": "#4477AA",
    "nonbinary": "#CCBB44",
    "undisclosed": "#BBBBBB",
    "18-29": "#7AD151",
    "30-44": "#22A884",
    "45-59": "#248B8C",  # viridis 0.48
    "60+": "#2F6C8E",  # viridis 0.35, the first step of the ordered answers: 3:1 on the dark theme (0.2 was 2.1:1)
    "facebook": "#4477AA",
    "twitter": "#66CCEE",
    "instagram": "#BB4488",  # Tol's #AA3377 a step lighter: 3.7:1 on the dark theme (2.97:1 on #171614), 4.9:1 on white
    "other": "#BBBBBB",  # a network or reason not named: grey, as Tol's scheme keeps for "the rest"
    "All": "#888888",
}
REFERENCE_COLOUR = "#F0E442"  # the published figure's marker, outlined so it reads on both themes
# Error bars and marker outlines: the lightest grey with 4.5:1 on white, and 4:1 on the dark theme's
# background (#171614 in Streamlit 1.67, #0E1117 before): one colour that reads on both themes.
NEUTRAL_COLOUR = "#767676"
# Every region's bar in one brown (3.7:1 on white, 4.8:1 on the dark theme): the fallback colours are the
# channels', and a region coloured like Email would read as Email.
REGION_COLOUR = "#A67C52"
FALLBACK_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999")
# One slate for the bars of anything else on a chart that is not split (measures, answers, brands' accounts): in
# the fallback colours a bar would read as the channel whose colour it has (3.5:1 on white, 5:1 on dark)
PLAIN_COLOUR = "#7A8B99"


def colour(value: object, position: int = 0) -> str:
    """The one colour of a channel, gender, age group or network (one for every region); a fallback for the rest."""
    if str(value).startswith(REGION_SEGMENT):
        return REGION_COLOUR
    return COLOURS.get(str(value), FALLBACK_COLOURS[position % len(FALLBACK_COLOURS)])


def bar_colour(value: object) -> str:
    """A bar's colour on a chart that is not split: its channel's, gender's, network's...; else the plain slate."""
    return colour(value) if str(value) in COLOURS or str(value).startswith(REGION_SEGMENT) else PLAIN_COLOUR


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of '#RRGGBB' or 'rgb(r, g, b)'."""
    rgb = unlabel_rgb(colour) if colour.startswith("rgb") else hex_to_rgb(colour)
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def text_on(fill: str) -> str:
    """Black or white, whichever reads better on this fill: at least 4.58:1 (WCAG AA for text) on any colour."""
    light = luminance(fill)
    return "#000000" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "#FFFFFF"
