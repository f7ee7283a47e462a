"""User text shown as text: markdown and HTML in a file's labels or values are never rendered."""

from __future__ import annotations

import re

import pandas as pd

from caregap.errors import Problem

MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
# Streamlit's markdown makes a link of any address, escaped or not ('https://...', 'www.', 'name@host'): an
# invisible word joiner inside each keeps it text
AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def plain(text: str) -> str:
    """Text with every markdown character escaped and no address made a link: safe inside st.markdown, st.error
    and widget labels."""
    return MARKUP.sub(r"\\\1", AUTOLINK.sub(WORD_JOINER, text))


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table (shown by st.dataframe, which renders cells as text)."""
    rows = [
        {"file": p.file, "line": p.line, "field": p.field or "", "problem": p.message, "cells": p.count}
        for p in problems
    ]
    return pd.DataFrame(rows, columns=["file", "line", "field", "problem", "cells"])
