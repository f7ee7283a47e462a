"""The app through Streamlit's AppTest: the router, the sidebar and the Overview page."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from caregap.figures import published_figures
from caregap.paths import BUNDLED_DATASETS, DATA_DIR, ROOT

APP = str(ROOT / "app.py")


def open_app(**query: str) -> AppTest:
    """Run the app as a browser would open it, with the given URL query parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    return at.run()


def metadata(dataset: str) -> dict:
    return json.loads((DATA_DIR / dataset / "metadata.json").read_text(encoding="utf-8"))


def test_default_view_is_the_overview_of_the_first_study():
    at = open_app()
    assert not at.exception
    assert at.selectbox(key="dataset").value == "northridge_2015"
    assert at.title[0].value == metadata("northridge_2015")["title"]


@pytest.mark.parametrize("dataset", BUNDLED_DATASETS)
def test_overview_of_each_dataset(dataset):
    at = open_app()
    at.selectbox(key="dataset").set_value(dataset).run()
    assert not at.exception
    meta = metadata(dataset)
    assert at.title[0].value == meta["title"]
    assert any("Synthetic data calibrated to published figures" in box.value for box in at.info)
    table = at.table[0].value.reset_index()  # a table read in full: statements are not cut off
    expected = published_figures().query("dataset_id == @dataset")
    assert table["Figure"].tolist() == expected["figure_id"].tolist()
    assert table["What was published"].tolist() == expected["statement"].tolist()
    assert all(base in of for base, of in zip(expected["base"], table["Of"], strict=True))
    assert max(abs(float(d.split()[0])) for d in table["Difference"]) <= 1.0
    metrics = {m.label: m.value for m in at.metric}
    if meta["kind"] == "consumer_survey":
        assert metrics["Respondents"] == f"{meta['sample_size']:,}"
        assert metrics["Margin of error, 95%"].startswith("±")
    else:
        assert metrics["Brands audited"] == "25"
    synthetic = at.info[0].value
    assert ("within one percentage point" in synthetic) == (meta["kind"] == "consumer_survey")
    assert ("published, exactly" in synthetic) == (meta["kind"] == "brand_audit")


def test_a_link_opens_the_dataset_it_names():
    at = open_app(dataset="auros_2011")
    assert not at.exception
    assert at.selectbox(key="dataset").value == "auros_2011"
    assert at.title[0].value == metadata("auros_2011")["title"]
