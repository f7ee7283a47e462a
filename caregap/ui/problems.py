"""What is wrong with a file, shown in plain words and a table: where (file, line, field and column), no traceback."""

from __future__ import annotations

import streamlit as st

from caregap.errors import DatasetError, Problem
from caregap.ui.plain import plain, problems_frame


def show_error(error: DatasetError) -> None:
    """What is wrong with a file, where, in plain words (no traceback)."""
    first = error.problems[0]
    st.error(plain(str(first)), icon=":material/error:")
    if len(error.problems) > 1:
        show_problems(error.problems)


def show_problems(problems: list[Problem]) -> None:
    """Problems as a table: where (line, and field with its column), how many cells, and what is wrong, the
    problem given the most room; the file only where there are several."""
    frame = problems_frame(problems)
    frame = frame if frame["file"].nunique() > 1 else frame.drop(columns="file")
    order = [c for c in ("file", "line", "cells", "field", "problem") if c in frame.columns]
    config = {
        "file": st.column_config.TextColumn("File", width="small"),
        "line": st.column_config.NumberColumn("Line", width="small", format="%d"),
        "cells": st.column_config.NumberColumn("Cells", width="small", format="%d", help="Cells with this problem"),
        "field": st.column_config.TextColumn("Field (your column)", width="medium"),
        "problem": st.column_config.TextColumn("Problem", width="large"),
    }
    st.dataframe(frame[order], hide_index=True, width="stretch", column_config=config)
