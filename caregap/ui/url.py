"""Every slicer value lives in the URL: widgets are seeded from the link a session opened, and write back."""

from __future__ import annotations

import streamlit as st

from caregap.slicing import ALIASES, NAMES, read_link, unknown_parameters
from caregap.ui.plain import plain
from caregap.ui.this_run import this_run

OPENED_WITH = "_opened_with"
KEEP = {"persist_state": "session"}  # widget keyword: keep the value across page switches
NONE = "none"  # a multiple choice left empty, in a link (an empty list would leave the URL and read as the default)


def remember_link() -> list[str]:
    """Keep the query parameters this session was opened with (once per session); notices for unknown ones, which
    leave the URL (as an invalid value does): a link copied from it holds only what Care Gap reads."""
    if OPENED_WITH in st.session_state:
        return []
    st.session_state[OPENED_WITH] = {key: st.query_params.get_all(key) for key in st.query_params}
    unknown = unknown_parameters(st.session_state[OPENED_WITH])
    for key in unknown:
        del st.query_params[key]
    return [_unknown(key) for key in unknown]


def _unknown(key: str) -> str:
    """What a notice says of a parameter Care Gap does not know, naming the one meant where it can tell."""
    meant = f" (for the {NAMES[ALIASES[key]]}, the link says “{ALIASES[key]}=”)" if key in ALIASES else ""
    return f"The link's “{plain(key)}” is not a setting of Care Gap, so it was ignored{meant}."


def seed(
    key: str, options: tuple[str, ...], default: object, *, multi: bool = False, why: dict[str, str] | None = None
) -> list[str]:
    """Before a widget is drawn the first time: its value from the link if valid, else the default.

    Returns a notice for each value in the link that was not valid: why[value] where given, else that it is not
    valid and so left out (of several values) or ignored (the one value; the default is shown).
    """
    if key in st.session_state:
        return []
    values, rejected = read_link(st.session_state[OPENED_WITH], {key: (tuple(options), multi)})
    st.session_state[key] = values.get(key, default)
    outcome = "it was left out" if multi else f"the link's {NAMES[key]} was ignored"
    return [(why or {}).get(v) or f"“{plain(v)}” is not a valid {NAMES[key]}, so {outcome}." for _, v in rejected]


def publish(values: dict[str, object], defaults: dict[str, object]) -> None:
    """Write these values to the URL (other parameters are left alone); defaults are left out of links."""
    for key, value in values.items():
        if value == defaults.get(key) or value in (None, []):
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get_all(key) != (value if isinstance(value, list) else [value]):
            st.query_params[key] = value


def page_choice(key: str, options: tuple[str, ...], default: str) -> None:
    """Seed a page's own choice from the link (saying so if its value was not valid); keep it in the URL.

    A choice kept from another dataset that this one does not offer falls back to the default. The choice joins
    this run's list of choices, which name the page's export.
    """
    for notice in seed(key, options, default):
        st.warning(notice, icon=":material/link_off:")
    if st.session_state[key] not in options:
        st.session_state[key] = default
    publish({key: st.session_state[key]}, {key: default})
    this_run("choices").append((key, st.session_state[key]))


def page_choices(key: str, options: tuple[str, ...], default: list[str], why: dict[str, str] | None = None) -> None:
    """A page's own multiple choice, seeded from the link and always kept in the URL (its default may change as
    datasets come and go, so a link states the choice itself; 'none' when it is emptied).

    Values kept from an earlier run that are no longer offered (a dataset deleted in another tab) are dropped,
    and said; why[value] says why a value in the link is not offered, where the page knows better.
    """
    for notice in seed(key, (*options, NONE), default, multi=True, why=why):
        st.warning(notice, icon=":material/link_off:")
    kept = [value for value in st.session_state[key] if value != NONE]
    chosen = [value for value in kept if value in options]
    for value in kept:
        if value not in options:
            st.warning(
                f"“{plain(value)}” is no longer offered as a {NAMES[key]}, so it was left out.",
                icon=":material/link_off:",
            )
    st.session_state[key] = chosen
    publish({key: chosen or [NONE]}, {})
    this_run("choices").append((key, " and ".join(chosen) or NONE))
