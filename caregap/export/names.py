"""Export file names that say what a file holds: 'resolution-rate_by-channel_amex-2014_female_18-29.png'."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pandas as pd

from caregap.slicing import SEGMENTS, Slice

MAX_STEM = 150  # characters of a file name before its extension
FDR_PART = "fdr-corrected"  # in the names of files whose marks are corrected for many tests
FILTER_ORDER = ("genders", "age_groups", "regions", "channels", "networks")  # in file names


def slug(text: str) -> str:
    """Lower-case, hyphenated, safe for any file system: 'Resolution rate (%)' -> 'resolution-rate', 'Île' -> 'ile'."""
    text = text.lower().replace("+", "plus").replace("&", " and ")
    text = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _token(value: str) -> str:
    """A filter value in a file name: its slug, or a short stable code when nothing of it is a Latin letter or digit."""
    return slug(value) or "x" + hashlib.sha1(value.encode("utf-8")).hexdigest()[:6]


def split_of(table: pd.DataFrame, x: str) -> str:
    """Which way a chart's table is split ('none' when it is not, or when the segments are its x)."""
    if x == "segment" or "segment" not in table.columns:
        return "none"
    values = set(table["segment"].astype(str)) - {"All"}
    return next((name for name, segments in SEGMENTS.items() if values & set(segments)), "none")


def file_name(
    name: str,
    by: str,
    slc: Slice,
    ext: str = "",
    *,
    split: str = "none",
    compared: bool = False,
    corrected: bool = False,
) -> str:
    """What a file holds and from which dataset, e.g. 'resolution-rate_by-channel_amex-2014_female_18-29.png'.

    compared: segments tested against the rest of the slice (Compare), 'resolved_compared-by-gender_...';
    corrected: its marks are corrected for the chart's many tests, '..._by-channel-and-gender_fdr-corrected_...'.
    No extension when ext is empty; a name too long for a file system loses its last filters first.
    """
    dimensions = [slug(part) for part in (by, split.replace("_", " ") if split != "none" else "") if slug(part)]
    parts = [slug(name) or "chart"]
    if dimensions:
        parts.append(("compared-by-" if compared else "by-") + "-and-".join(dict.fromkeys(dimensions)))
    if corrected:
        parts.append(FDR_PART)
    return cut("_".join([*parts, *slice_parts(slc)])) + (f".{ext}" if ext else "")


def slice_parts(slc: Slice) -> list[str]:
    """The dataset and the filters of a file name, each part safe for a file system: ['amex-2014', 'female_18-29']."""
    values = [value for name in FILTER_ORDER for value in getattr(slc, name)]
    return [slug(slc.dataset), "_".join(_token(value) for value in values) or "all"]


def cut(stem: str) -> str:
    """A file stem of at most MAX_STEM characters, cut at the last whole word that fits."""
    if len(stem) <= MAX_STEM:
        return stem
    return stem[: max(stem.rfind("_", 0, MAX_STEM + 1), stem.rfind("-", 0, MAX_STEM + 1))]
