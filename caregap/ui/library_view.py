"""Data page, step 4: the stored datasets, deleting one (after confirmation) and weighting one."""

from __future__ import annotations

import contextlib
import json

import pandas as pd
import pyarrow as pa
import streamlit as st

from caregap import contract, library
from caregap.csvread import read_csv_text
from caregap.errors import DatasetError
from caregap.paths import library_dir
from caregap.ui.data import loaded_ids, refresh
from caregap.ui.plain import plain
from caregap.ui.problems import show_error
from caregap.weighting import WeightingError, efficiency, equal_shares, rake, sample_shares

SAMPLED, EQUAL, ENTERED = PRESETS = ("As sampled", "Equal shares", "Entered below")
CONFIRM = "confirm_delete"  # the dataset whose deletion awaits confirmation
MARGINS = {"age_group": contract.AGE_GROUPS, "gender": contract.GENDERS}
AS_SAMPLED = {"gender": ("nonbinary", "undisclosed")}  # kept at their sample share by the 'Equal shares' preset


def stored() -> pd.DataFrame:
    """The library's datasets: id, title, respondents and how they are weighted."""
    rows = []
    for folder in library.folders():
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        rows.append(
            {
                "id": folder.name,
                "title": meta.get("title"),
                "respondents": meta.get("sample_size"),
                "weighting": meta.get("weighting"),
            }
        )
    return pd.DataFrame(rows, columns=["id", "title", "respondents", "weighting"])


def _forget() -> None:
    """The delete was not confirmed: stop asking."""
    st.session_state.pop(CONFIRM, None)


@st.dialog("Delete this dataset?", on_dismiss=_forget)
def confirm_delete(dataset_id: str) -> None:
    """Ask before deleting: the files are removed for good."""
    st.write(f"The dataset {plain(dataset_id)} and its files will be removed from the library for good.")
    left, right = st.columns(2)
    if left.button("Delete it", type="primary", icon=":material/delete:"):
        _forget()
        with contextlib.suppress(DatasetError):  # deleted meanwhile, in another tab: gone all the same
            library.delete(dataset_id)
        refresh()
        st.session_state["deleted"] = dataset_id
        st.rerun()
    if right.button("Keep it"):
        _forget()
        st.rerun()


def _targets(sample: dict[str, list[str]], preset: str, key: str) -> dict[str, dict[str, float]]:
    """Target percentages per age group and gender: from the preset, editable one by one."""
    targets: dict[str, dict[str, float]] = {}
    for variable, groups in MARGINS.items():
        default = (
            equal_shares(sample[variable], groups, AS_SAMPLED.get(variable, ()))
            if preset == EQUAL
            else sample_shares(sample[variable], groups)
        )
        cols = st.columns(len(groups))
        targets[variable] = {
            g: cols[i].number_input(
                f"{g} (%)",
                0.0,
                100.0,
                default.get(g, 0.0),  # not rounded: a group of 1 in 3,000 keeps its 0.03%
                0.5,
                key=f"{key}:{variable}:{g}",
                disabled=preset != ENTERED,
            )
            for i, g in enumerate(groups)
        }
        _total(variable, targets[variable])
    return targets


def _total(variable: str, shares: dict[str, float]) -> None:
    """Say what one margin's targets add up to: the boxes round them (22.33 + 30.33 + ... may read 99.99)."""
    name = variable.replace("_", " ").capitalize()
    st.caption(f"{name} targets add up to {sum(shares.values()):.2f}% (the boxes show them rounded).")


def _respondents(dataset_id: str) -> pa.Table | None:
    """The stored respondents to weight; None (and a message) when the dataset's files no longer load."""
    try:
        table = read_csv_text(library_dir() / dataset_id / "respondents.csv")
        if dataset_id in loaded_ids() and {"respondent_id", *MARGINS} <= set(table.column_names):
            return table
    except DatasetError:
        pass
    st.warning("This dataset's files no longer load, so it cannot be weighted: delete it, or import it again.")
    return None


def weighting_step(dataset_id: str) -> None:
    """Rake the respondents to age and gender targets, show the efficiency, and store the weights."""
    if (table := _respondents(dataset_id)) is None:
        return
    sample = {v: table[v].to_pylist() for v in MARGINS}
    preset = st.radio("Targets", PRESETS, horizontal=True, key=f"preset:{dataset_id}")
    targets = _targets(sample, preset, f"target:{dataset_id}:{preset}")
    # keyed by dataset: a click never lands on another dataset (one deleted in another tab, say, moves the choice)
    if not st.button("Weight the respondents", icon=":material/balance:", key=f"weight:{dataset_id}"):
        return
    try:
        weights = rake(sample, targets)
    except WeightingError as err:
        st.error(f"Cannot weight to these targets: {plain(str(err))}.", icon=":material/error:")
        return
    base, share = efficiency(weights)
    note = "raked to age group and gender targets: " + "; ".join(
        f"{g} {t:g}%" for margin in targets.values() for g, t in margin.items() if t
    )
    try:
        with st.spinner("Storing the weights…"):
            library.set_weights(dataset_id, dict(zip(table["respondent_id"].to_pylist(), weights, strict=True)), note)
    except DatasetError as err:  # the weighted version would not load: the stored one stays as it was
        show_error(err)
        return
    refresh()
    st.session_state["weighted"] = (dataset_id, base, share)
    st.rerun()


def library_step() -> None:
    """The stored datasets, with delete and weighting."""
    st.header("Your library")
    table = stored()
    if table.empty:
        st.write("No dataset imported yet.")
        return
    st.dataframe(table, hide_index=True, column_config={name: name.capitalize() for name in table.columns})
    titles = dict(zip(table["id"], table["title"], strict=True))
    dataset_id = st.selectbox(
        "Dataset to weight or delete", table["id"], format_func=lambda i: f"{titles[i]} ({i})", key="library_dataset"
    )
    # the result is shown inside: a message above would move the section, and a moved section opens closed
    with st.expander("Weight to age group and gender targets", icon=":material/balance:"):
        if weighted := st.session_state.pop("weighted", None):
            name = plain(titles.get(weighted[0], weighted[0]))
            st.success(f"Weighted “{name}”: effective base {weighted[1]:,.0f}, efficiency {weighted[2]:.0%}.")
        weighting_step(dataset_id)
    if st.button("Delete this dataset…", icon=":material/delete:", key=f"delete:{dataset_id}"):
        st.session_state[CONFIRM] = dataset_id
    if st.session_state.get(CONFIRM) in table["id"].tolist():
        confirm_delete(st.session_state[CONFIRM])
