"""The studies' published shares as yardsticks for another survey: checked against pandas, and on the Overview."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint
from streamlit.testing.v1 import AppTest

from caregap import db, library
from caregap.database import build, startup_folders
from caregap.figures import compare
from caregap.ingest.example import example_csv
from caregap.ingest.mapping import suggest
from caregap.ingest.read import read_saved
from caregap.ingest.validate import check_upload
from caregap.paths import DATA_DIR, ROOT
from caregap.studies import HEADLINE, OUTSIDE, survey_figures, yardstick_table, yardsticks
from caregap.ui.data import refresh
from caregap.ui.importing import metadata

STUDIES = {"NG": "The Northridge Group 2015", "AC": "Accent Marketing Services 2014"}


def weighted(dataset: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A bundled dataset's respondents and its contacts, each contact with its respondent's weight and age."""
    people = pd.read_csv(DATA_DIR / dataset / "respondents.csv", dtype=str, keep_default_na=False)
    people["w"] = people["weight"].astype(float)
    contacts = pd.read_csv(DATA_DIR / dataset / "contacts.csv", dtype=str, keep_default_na=False)
    return people, contacts.merge(people[["respondent_id", "w", "age_group"]], on="respondent_id")


def pandas_share(rows: pd.DataFrame, column: str, hit: str) -> tuple[float, float, float, int]:
    """Weighted share of `hit` among the rows that answered, its 95% Wilson interval on the Kish base, and n."""
    answered = rows[rows[column] != ""]
    w = answered["w"]
    p = w[answered[column] == hit].sum() / w.sum()
    n_eff = w.sum() ** 2 / (w**2).sum()
    low, high = proportion_confint(p * n_eff, n_eff, alpha=0.05, method="wilson")
    return 100 * p, 100 * low, 100 * high, len(answered)


def beside(run, dataset: str, headline: bool = False) -> pd.DataFrame:
    """The yardsticks of a dataset, over the questions anyone in it answered (as the Overview asks for them)."""
    listed = run("datasets_list").set_index("dataset_id")
    return yardsticks(run, dataset, set(listed.at[dataset, "questions"]), headline=headline).set_index("figure_id")


def test_each_yardstick_is_the_weighted_share_pandas_finds_in_another_survey(bundled_run):
    people, contacts = weighted("amex_2014")
    got = beside(bundled_run, "amex_2014")
    expected = {
        "NG01": pandas_share(contacts[contacts["channel"] == "social"], "got_response", "false"),  # 33% unanswered
        "NG12": pandas_share(contacts[contacts["channel"] == "social"], "resolved", "true"),  # 13% resolved
        "NG08": pandas_share(people, "urgent_channel", "phone"),  # 77% call with urgent issues
        "AC09": pandas_share(people[people["age_group"] == "18-29"], "uses_facebook_for_deals", "true"),
    }
    for figure, (share, low, high, n) in expected.items():
        if n == 0:  # a question amex_2014 did not ask: no yardstick for it
            assert figure not in got.index
            continue
        row = got.loc[figure]
        assert (row["share"], row["ci_low"], row["ci_high"]) == pytest.approx((share, low, high), rel=1e-9), figure
        assert row["base_n"] == n
        assert row["study_label"] == STUDIES[figure[:2]]
    assert got.loc["NG01", "value"] == 33 and not got.index.str.startswith("AU").any()  # no audit counts


def test_a_dataset_recomputes_its_own_published_figures_alike_as_yardsticks(bundled_run):
    own = compare(bundled_run, "accent_2014").set_index("figure_id")["computed"]
    shares = beside(bundled_run, "accent_2014")["share"]
    assert set(own.index) <= set(shares.index)
    assert shares[own.index].to_numpy() == pytest.approx(own.to_numpy(), rel=1e-12)


def test_a_survey_that_did_not_ask_a_question_gets_no_yardstick_for_it(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREGAP_LIBRARY", str(tmp_path / "library"))
    name = "google_forms_messy.csv"  # asks about responses and resolution, not why people chose a channel
    upload = read_saved(name, (Path(__file__).parent / "fixtures" / "uploads" / name).read_bytes())
    report = check_upload(upload, suggest(upload))
    library.save(metadata(upload, report, "Messy", "messy"), report.valid())
    shown = set(beside(partial(db.run, build(startup_folders())[0]), "messy").index)
    assert {"NG01", "NG04", "NG12"} <= shown  # unanswered, preferred channel, resolved on social
    assert not {"NG02", "NG06", "AX05", "AC09"} & shown  # reason, expected time (a blank reads as none), deals


def test_the_table_flags_small_bases_and_a_published_figure_outside_the_interval():
    rows = pd.DataFrame(
        {
            "figure_id": ["A", "B", "C", "D"],
            "study_label": ["S 2015"] * 4,
            "statement": ["a", "b", "c", "d"],
            "value": [33, 33, 33, 33],
            "share": [35.0, 20.0, 30.0, np.nan],
            "ci_low": [30.1, 15.0, 12.0, np.nan],
            "ci_high": [40.2, 25.0, 50.0, np.nan],
            "base_n": [400, 300, 20, 6],
            "low_base": [False, False, True, False],
            "suppressed": [False, False, False, True],
        }
    )
    table = yardstick_table(rows)
    assert table["Note"].tolist() == ["", OUTSIDE, "base under 30: read with caution", "base under 10: not shown"]
    assert table.columns[[0, 1, -1]].tolist() == ["Figure", "What was published", "Study"]


@pytest.fixture()
def imported_example(tmp_path, monkeypatch) -> str:
    """The example export imported into a private library, as the Data page would; the app's caches renewed."""
    monkeypatch.setenv("CAREGAP_LIBRARY", str(tmp_path / "library"))
    upload = read_saved("example.csv", example_csv(DATA_DIR / "northridge_2015"))
    report = check_upload(upload, suggest(upload))
    library.save(metadata(upload, report, "Our wave", "our_wave"), report.valid())
    refresh()
    yield "our_wave"
    refresh()


def test_the_overview_of_an_imported_survey_sets_it_beside_the_published_studies(imported_example, bundled_run):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["dataset"] = imported_example
    at.run()
    assert not at.exception
    assert [s.value for s in at.subheader] == ["This dataset beside the published studies"]
    for headline in (True, False):
        shown = at.table[0].value  # read in full: by figure, its statements wrapped
        mine = beside(bundled_run, "northridge_2015", headline)  # the example export is Northridge's rows
        assert list(shown.index) == list(mine.index)
        assert shown["This dataset (%)"].tolist() == mine["share"].round(1).tolist()
        assert shown.loc["NG01", "Published (%)"] == 33.0
        assert any(f"({len(mine)} of {len(survey_figures(headline))};" in c.value for c in at.caption)
        at.segmented_control(key="figures").set_value("all").run()
        assert not at.exception and at.query_params["figures"] == "all"
    assert set(HEADLINE) < set(shown.index) and len(shown) == len(survey_figures())
