"""Numbers as people type them: one whole number each (decimal comma or point, thousands separators, 1e3), durations."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

PLAIN = re.compile(r"([+-]?)(\d[\d.,]*|[.,]\d+)(?:[eE]([+-]?\d+))?")
GROUPS = {",": re.compile(r"\d{1,3}(,\d{3})+"), ".": re.compile(r"\d{1,3}(\.\d{3})+")}
AMBIGUOUS = re.compile(r"[1-9]\d{0,2}([.,])\d{3}")  # '1.500', '1,500': fifteen hundred, or one and a half
GROUPED = re.compile(r"(?<![\d_])\d{1,3}(?:_\d{3})+(?![\d_])")  # '1_000', '12_345_678': underscores as thousands
DURATION = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z]+)\.?")
UNITS = {
    60: ("h", "hr", "hrs", "hour", "hours"),
    1: ("m", "min", "mins", "minute", "minutes"),
    1440: ("d", "day", "days"),
}
MINUTES_PER = {unit: factor for factor, units in UNITS.items() for unit in units}
CLOCK = re.compile(r"(\d+):([0-5]\d)(?::00)?")


def _digits(body: str, decimal: str | None = None) -> str | None:
    """'1,5' -> '1.5', '1,234.5' -> '1234.5', '1.234.567' -> '1234567'; None when a separator is ambiguous or wrong.

    decimal, the separator the rest of the column or file uses for decimals, settles '1.500' and '1,500'.
    """
    seps = [c for c in body if c in ",."]
    if not seps:
        return body
    if decimal and (ambiguous := AMBIGUOUS.fullmatch(body)):
        return body.replace(ambiguous[1], "." if ambiguous[1] == decimal else "")
    point = seps[-1]  # the decimal separator, unless it repeats: then every separator groups thousands
    whole, fraction = (body, "") if seps.count(point) > 1 else body.rsplit(point, 1)
    if any(c in ",." for c in whole):
        thousands = next(c for c in whole if c in ",.")
        if (fraction and thousands == point) or not GROUPS[thousands].fullmatch(whole):
            return None
        whole = whole.replace(thousands, "")
    if seps == [","] and decimal != "," and len(fraction) == 3 and whole[:1] not in ("", "0"):
        return None  # '1,234': a thousand and more, or one and a bit? Reported rather than guessed.
    return f"{whole or '0'}.{fraction}" if fraction else whole


def _mark(value: str) -> str | None:
    """The decimal separator a number shows beyond doubt (',' in '0,5' or '1.234,5', '.' in '1.5'); None if none."""
    found = PLAIN.fullmatch(value.strip())
    seps = [c for c in found[2] if c in ",."] if found else []
    if not seps or seps.count(seps[-1]) > 1 or AMBIGUOUS.fullmatch(found[2]):
        return None
    return seps[-1] if _digits(found[2]) is not None else None


def agreed(marks: Iterable[str | None]) -> str | None:
    """The one decimal separator these marks show; '' when they show both, None when they show none."""
    found = set(marks) - {None}
    return (found.pop() if len(found) == 1 else "") if found else None


def decimal_mark(values: Iterable[str]) -> str | None:
    """The decimal separator the numbers among these values show: ',' or '.'; '' if both, None if neither."""
    return agreed(_mark(value) for value in set(values))


def plain_number(value: str, decimal: str | None = None) -> str | None:
    """The value as a plain decimal ('1.5', '-3', '1.5e-01'), if it is one whole number and nothing else."""
    text = GROUPED.sub(lambda group: group[0].replace("_", ""), value.strip().replace("\u2212", "-"))
    found = PLAIN.fullmatch(text)
    digits = _digits(found[2], decimal) if found else None
    if digits is None or not re.fullmatch(r"\d+(\.\d+)?", digits):
        return None
    return f"{found[1]}{digits}" + (f"e{found[3]}" if found[3] else "")


def _whole(text: str) -> str | None:
    """A plain decimal as a whole number, every digit kept ('5.0' -> '5', '1e3' -> '1000'); None if it is not one."""
    if "e" in text:
        amount = float(text)
        return str(int(amount)) if amount.is_integer() else None
    sign, unsigned = ("-", text[1:]) if text.startswith("-") else ("", text.lstrip("+"))
    digits, _, fraction = unsigned.partition(".")
    digits = digits.lstrip("0")
    if fraction.strip("0"):
        return None
    return f"{sign}{digits}" if digits else "0"


def number(value: str, whole: bool, decimal: str | None = None) -> str | None:
    """'5', '5.0', '1,5', '1.5e-01' -> the number as the contract writes it; None if the value is anything else.

    A number written with an exponent is written out ('1.5e-01' -> '0.15') unless that would change it: '1e400'
    (past the largest number) and '1e-400' (read as 0) stay as they are, for the checks to report as typed.
    """
    text = plain_number(value, decimal)
    if text is None or whole:
        return None if text is None else _whole(text)
    if "e" not in text:
        return text
    amount, mantissa = float(text), float(text.partition("e")[0])
    return repr(amount) if math.isfinite(amount) and bool(amount) == bool(mantissa) else text


def minutes(value: str, decimal: str | None = None) -> str | None:
    """'45', '45 min', '2 hours', '1 day', '1:30' (h:mm) -> whole minutes; None for ranges and anything else."""
    text = value.strip().lower()
    if clock := CLOCK.fullmatch(text):
        return str(int(clock[1]) * 60 + int(clock[2]))
    duration = DURATION.fullmatch(text)
    if duration and duration[2] in MINUTES_PER:
        amount = float(duration[1].replace(",", ".")) * MINUTES_PER[duration[2]]
        return str(int(amount)) if amount.is_integer() else None
    return number(value, True, decimal)
