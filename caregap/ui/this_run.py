"""Lists that live for one script run of one session: the charts a page drew, the choices it made."""

from __future__ import annotations

from streamlit.runtime.scriptrunner import get_script_run_ctx

_OUTSIDE_A_RUN: dict[str, list] = {}


def this_run(name: str) -> list:
    """The list named so for this script run (a fresh one on every run of every session)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return _OUTSIDE_A_RUN.setdefault(name, [])
    attribute = f"_caregap_{name}"
    marker, items = getattr(ctx, attribute, (None, []))
    if marker is not ctx.cursors:  # Streamlit gives each run a new cursors dict
        items = []
        setattr(ctx, attribute, (ctx.cursors, items))
    return items
