"""The sidebar every page shares: dataset, filters and split; every value lives in the URL."""

from __future__ import annotations

import streamlit as st

from caregap.labels import dataset_labels, label
from caregap.paths import library_dir
from caregap.significance import TEST_LABELS, TESTS
from caregap.slicing import OPTIONS, SPLIT_LABELS, SPLITS, URL_KEYS, Slice
from caregap.ui.data import dataset_row, datasets
from caregap.ui.plain import plain
from caregap.ui.url import KEEP, publish, remember_link, seed

DATASET_KEY = "dataset"
SPLIT_KEY = "split"
TESTS_KEY = "tests"
TESTS_HELP = (
    "Each test at 95%: every ▲▼ is one test at 5%, so among many segments some are marked by chance (about one in "
    "20 where nothing differs). Corrected for many tests (multiple comparisons): the Benjamini-Hochberg procedure "
    "over each chart's tests keeps the expected share of chance marks among a chart's marks at 5% (the false "
    "discovery rate); Show data gives each adjusted p-value."
)
CLEAR, CLEAR_KEY = "Clear filters", "clear_filters"
CLEAR_HELP = "Back to everyone in the survey: every filter above emptied (the dataset, split and tests stay)."
TITLES_KEY = "_dataset_titles"  # the datasets' titles at the last run: a dataset deleted since is named by its title
FILTERS = {
    "age_groups": ("Age group", "All age groups"),
    "genders": ("Gender", "All genders"),
    "channels": ("Channel used", "Any channel"),
    "networks": ("Social network used", "Any network"),
    "regions": ("Region", "All regions"),
}


def _filters(regions: tuple[str, ...], survey: bool) -> list[str]:
    """One multi-select per filter (seeded from the link), then a button to empty them all; they apply to consumer
    surveys only.

    A brand audit keeps the chosen filters (shown, disabled) for the survey chosen next, regions included.
    """
    notices = []
    for name, (title, placeholder) in FILTERS.items():
        key = URL_KEYS[name]
        options = OPTIONS[name] if name != "regions" else regions if survey else tuple(st.session_state.get(key, ()))
        notices += seed(key, options, [], multi=True)
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
        st.multiselect(title, options, format_func=label, key=key, placeholder=placeholder, disabled=not survey, **KEEP)
    chosen = survey and any(st.session_state[key] for key in URL_KEYS.values())
    st.button(
        CLEAR, key=CLEAR_KEY, icon=":material/filter_alt_off:", on_click=_clear, disabled=not chosen, help=CLEAR_HELP
    )
    return notices


def _clear() -> None:
    """Empty every filter (Clear filters' click, run before the widgets are drawn again)."""
    for key in URL_KEYS.values():
        st.session_state[key] = []


def _gone(titles: dict[str, str]) -> list[str]:
    """The chosen dataset deleted since the last run (in another tab, say): choose the default, and say so."""
    state = st.session_state
    seen, state[TITLES_KEY] = state.get(TITLES_KEY, {}), titles
    chosen = state.get(DATASET_KEY)
    if chosen is None or chosen in titles:
        return []
    default = state[DATASET_KEY] = next(iter(titles))
    what = "can no longer be loaded" if (library_dir() / chosen).is_dir() else "was deleted"
    shown = plain(titles[default])
    return [f"The dataset “{plain(seen.get(chosen) or chosen)}” {what}, so Care Gap is showing {shown} instead."]


def draw_sidebar() -> list[str]:
    """Draw the shared sidebar and put its values in the URL; returns notices (a link's invalid or unknown values,
    a dataset gone)."""
    notices = remember_link()
    table = datasets()
    titles = dataset_labels(dict(zip(table["dataset_id"], table["title"], strict=True)))  # two may share a title
    notices += _gone(titles) + seed(DATASET_KEY, tuple(titles), next(iter(titles))) + seed(SPLIT_KEY, SPLITS, "none")
    notices += seed(TESTS_KEY, TESTS, "each")
    with st.sidebar:
        dataset = st.selectbox(
            "Dataset",
            options=list(titles),
            format_func=titles.get,
            key=DATASET_KEY,
            help="Bundled studies are synthetic data calibrated to their published figures.",
            **KEEP,
        )
        row = dataset_row(dataset)
        survey = row["kind"] == "consumer_survey"
        notices += _filters(tuple(row["regions"]), survey)
        st.selectbox("Split by", SPLITS, format_func=SPLIT_LABELS.get, key=SPLIT_KEY, disabled=not survey, **KEEP)
        tests = {"format_func": TEST_LABELS.get, "help": TESTS_HELP, "disabled": not survey}
        st.selectbox("Significance tests", TESTS, key=TESTS_KEY, **tests, **KEEP)
        if not survey:
            st.caption("Filters, splits and tests apply to consumer surveys; this dataset is a brand audit.")
    keys = [DATASET_KEY, SPLIT_KEY, TESTS_KEY, *URL_KEYS.values()]
    defaults = {DATASET_KEY: next(iter(titles)), SPLIT_KEY: "none", TESTS_KEY: "each"}
    publish({key: st.session_state[key] for key in keys}, defaults)
    return notices


def current_slice() -> Slice:
    """The slice chosen in the sidebar (no filters for a brand audit)."""
    state = st.session_state
    if dataset_row(state[DATASET_KEY])["kind"] != "consumer_survey":
        return Slice(state[DATASET_KEY], tests=state[TESTS_KEY])
    filters = {name: tuple(state[key]) for name, key in URL_KEYS.items()}
    return Slice(state[DATASET_KEY], **filters, split=state[SPLIT_KEY], tests=state[TESTS_KEY])


def current_dataset() -> str:
    """The dataset chosen in the sidebar."""
    return st.session_state[DATASET_KEY]
