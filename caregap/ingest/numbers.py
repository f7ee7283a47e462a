"""Numbers as people type them: one whole number each (decimal comma or point, thousands separators, 1e3), durations."""

from __future__ import annotations

import re

PLAIN = re.compile(r"([+-]?)(\d[\d.,]*|[.,]\d+)(?:[eE]([+-]?\d+))?")
GROUPS = {",": re.compile(r"\d{1,3}(,\d{3})+"), ".": re.compile(r"\d{1,3}(\.\d{3})+")}
DURATION = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z]+)\.?")
UNITS = {
    60: ("h", "hr", "hrs", "hour", "hours"),
    1: ("m", "min", "mins", "minute", "minutes"),
    1440: ("d", "day", "days"),
}
MINUTES_PER = {unit: factor for factor, units in UNITS.items() for unit in units}
CLOCK = re.compile(r"(\d+):([0-5]\d)(?::00)?")


def _digits(body: str) -> str | None:
    """'1,5' -> '1.5', '1,234.5' -> '1234.5', '1.234.567' -> '1234567'; None when a separator is ambiguous or wrong."""
    seps = [c for c in body if c in ",."]
    if not seps:
        return body
    point = seps[-1]  # the decimal separator, unless it repeats: then every separator groups thousands
    whole, fraction = (body, "") if seps.count(point) > 1 else body.rsplit(point, 1)
    if any(c in ",." for c in whole):
        thousands = next(c for c in whole if c in ",.")
        if (fraction and thousands == point) or not GROUPS[thousands].fullmatch(whole):
            return None
        whole = whole.replace(thousands, "")
    if seps == [","] and len(fraction) == 3 and whole[:1] not in ("", "0"):
        return None  # '1,234': a thousand and more, or one and a bit? Reported rather than guessed.
    return f"{whole or '0'}.{fraction}" if fraction else whole


def plain_number(value: str) -> str | None:
    """The value as a plain decimal ('1.5', '-3', '1.5e-01'), if it is one whole number and nothing else."""
    found = PLAIN.fullmatch(value.strip().replace("\u2212", "-"))
    digits = _digits(found[2]) if found else None
    if digits is None or not re.fullmatch(r"\d+(\.\d+)?", digits):
        return None
    return f"{found[1]}{digits}" + (f"e{found[3]}" if found[3] else "")


def number(value: str, whole: bool) -> str | None:
    """'5', '5.0', '1,5', '1.5e-01' -> the number as the contract writes it; None if the value is anything else."""
    text = plain_number(value)
    if text is None:
        return None
    amount = float(text)
    if whole:
        return str(int(amount)) if amount.is_integer() else None
    return repr(amount) if "e" in text else text


def minutes(value: str) -> str | None:
    """'45', '45 min', '2 hours', '1 day', '1:30' (h:mm) -> whole minutes; None for ranges and anything else."""
    text = value.strip().lower()
    if clock := CLOCK.fullmatch(text):
        return str(int(clock[1]) * 60 + int(clock[2]))
    duration = DURATION.fullmatch(text)
    if duration and duration[2] in MINUTES_PER:
        amount = float(duration[1].replace(",", ".")) * MINUTES_PER[duration[2]]
        return str(int(amount)) if amount.is_integer() else None
    return number(value, True)
