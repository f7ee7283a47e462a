"""The slice a user is looking at: dataset, filters and split, with their URL values and descriptions."""

from __future__ import annotations

from dataclasses import dataclass

from caregap import contract
from caregap.labels import label

SPLITS = ("none", "age_group", "gender", "channel")
SEGMENTS: dict[str, tuple[str, ...]] = {
    "age_group": contract.AGE_GROUPS,
    "gender": contract.GENDERS,
    "channel": contract.CHANNELS,
}
SPLIT_LABELS = {
    "none": "Nothing",
    "age_group": "Age group",
    "gender": "Gender",
    "channel": "Channel used",
    "region": "Region",  # Compare only: the sidebar splits by SPLITS
    "dataset": "Dataset",  # Compare only: the same slice in other datasets
}
# URL query parameter of each slicer, and the values it may take (regions come from the dataset).
URL_KEYS = {
    "age_groups": "age",
    "genders": "gender",
    "regions": "region",
    "channels": "channel",
    "networks": "network",
}
OPTIONS: dict[str, tuple[str, ...]] = {
    "age_groups": contract.AGE_GROUPS,
    "genders": contract.GENDERS,
    "channels": contract.CHANNELS,
    "networks": contract.NETWORKS,
}


@dataclass(frozen=True)
class Slice:
    """Which dataset, which people (empty filter = everyone), what to split the results by, and how to read the
    tests (significance.TESTS: each at 5%, or corrected for the many a chart makes)."""

    dataset: str
    age_groups: tuple[str, ...] = ()
    genders: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    split: str = "none"
    tests: str = "each"

    def filters(self) -> dict[str, object]:
        """Query parameters of the dataset and filters."""
        lists = {name: list(getattr(self, name)) for name in URL_KEYS}
        return {"dataset": self.dataset, **lists}

    def params(self, *splits: str) -> dict[str, object]:
        """Query parameters of the dataset, filters and split (plus any other splits asked for)."""
        wanted = [s for s in dict.fromkeys((self.split, *splits)) if s != "none"]
        return {**self.filters(), "splits": wanted}

    def with_split(self, split: str) -> Slice:
        """The same slice split another way."""
        return Slice(**{**self.__dict__, "split": split})

    def describe(self) -> str:
        """The filters in words, e.g. 'Female; 18-29, 30-44; contacted on Social media' (or 'everyone')."""
        parts = []
        for name in ("genders", "age_groups", "regions"):
            values = getattr(self, name)
            if values:
                parts.append(", ".join(label(v) for v in values))
        if self.channels:
            parts.append("contacted on " + " or ".join(label(v) for v in self.channels))
        if self.networks:  # a network filter is of contacts too: 'on Twitter' alone reads as any use of Twitter
            parts.append(("on " if self.channels else "contacted on ") + " or ".join(label(v) for v in self.networks))
        return "; ".join(parts) or "everyone"

    def compare_by(self, dimensions: tuple[str, ...]) -> str:
        """What to compare by at first: the sidebar's split, else gender or the first dimension that the filters
        leave more than one value of (a gender filter of Female compares nothing by gender)."""
        if self.split in dimensions:
            return self.split
        fixed = {"age_group": self.age_groups, "gender": self.genders, "region": self.regions, "channel": self.channels}
        open_ = [d for d in ("gender", *dimensions) if d in dimensions and len(fixed.get(d, ())) != 1]
        return open_[0] if open_ else dimensions[0]

    def heading(self) -> str:
        """The filters and the split, for a chart title: 'Female; 18-29, by channel used' ('everyone' unsplit)."""
        return self.describe() + (f", by {SPLIT_LABELS[self.split].lower()}" if self.split != "none" else "")


# Every parameter a link may carry, and what a notice calls it: the sidebar's, then each page's own choice.
NAMES = {
    "dataset": "dataset",
    "age": "age group",
    "gender": "gender",
    "region": "region",
    "channel": "channel",
    "network": "network",
    "split": "split",
    "tests": "way to read significance tests",
    "question": "question",
    "within": "channel",
    "rate": "measure",
    "on_network": "measure",
    "measure": "measure",
    "by": "comparison",
    "against": "dataset to compare with",
    "on": "channel",
    "figures": "set of figures",
}
STREAMLIT_PARAMETERS = ("embed", "embed_options")  # Streamlit's own, for an app embedded in another page
ALIASES = {**URL_KEYS, "age_group": "age"}  # names a link might be written with, and the parameter meant


def unknown_parameters(url: dict[str, list[str]]) -> list[str]:
    """The parameters of a link that Care Gap does not know (they are ignored)."""
    return [key for key in url if key not in NAMES and key not in STREAMLIT_PARAMETERS]


def read_link(
    url: dict[str, list[str]], spec: dict[str, tuple[tuple[str, ...], bool]]
) -> tuple[dict, list[tuple[str, str]]]:
    """Values of a link's query parameters that are valid options, and (parameter, value) for each that is not.

    spec maps a parameter to (its options, whether it takes several values). Unknown parameters are ignored.
    """
    values: dict[str, object] = {}
    rejected = []
    for key, (options, multi) in spec.items():
        given = url.get(key) or []
        valid = list(dict.fromkeys(v for v in given if v in options))
        rejected += [(key, v) for v in given if v not in options]
        if valid:
            values[key] = valid if multi else valid[0]
    return values, rejected
