"""python -m caregap.serve (what `make run` runs): the options it gives Streamlit's server."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from caregap import database, db
from caregap.paths import ROOT
from caregap.serve import app_modules, streamlit_argv
from tests.conftest import TINY_SURVEY

# Run caregap.serve as `make run` does, up to the point where Streamlit would start serving: print the upload cap
# its server applies (the server's own check, which refuses a larger upload whatever the uploader widget allows).
SERVER_CAP = """
import sys
from streamlit import config
from streamlit.web import bootstrap
from caregap import serve

def report(*args, **kwargs):
    print(config.get_option("server.maxUploadSize"))
    raise SystemExit(0)

bootstrap.run = report
sys.argv = ["caregap.serve", *sys.argv[1:]]
serve.main()
"""


def serve_until_started(env: dict[str, str], *options: str) -> subprocess.CompletedProcess:
    """Run caregap.serve with these options up to where Streamlit's server would start (SERVER_CAP)."""
    return subprocess.run(
        [sys.executable, "-c", SERVER_CAP, "--server.headless", "true", *options],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def server_cap(env: dict[str, str], *options: str) -> int:
    """server.maxUploadSize as Streamlit's server sees it when Care Gap is started with these options."""
    done = serve_until_started(env, *options)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("limit", "cap"), [("", 200), ("500", 500), ("5", 5)])
def test_the_server_upload_cap_follows_caregap_max_upload_mb(limit, cap):
    # Streamlit's own server.maxUploadSize (200 MB) would refuse a 300 MB upload with a bare HTTP 413 even when
    # CAREGAP_MAX_UPLOAD_MB allows 500, and a config setting below the limit would do the same.
    env = {"CAREGAP_MAX_UPLOAD_MB": limit, "STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "1"}
    assert server_cap(env) == cap


def test_an_upload_cap_given_on_the_command_line_is_kept(monkeypatch):
    monkeypatch.setenv("CAREGAP_MAX_UPLOAD_MB", "500")
    assert streamlit_argv(["--server.maxUploadSize=50"]).count("--server.maxUploadSize=50") == 1
    assert "500" not in streamlit_argv(["--server.maxUploadSize", "50"])
    assert streamlit_argv(["--server.port", "8502"])[3:] == ["--server.maxUploadSize", "500", "--server.port", "8502"]


def test_the_server_loads_the_datasets_before_it_starts_and_says_only_that(tmp_path):
    # The first visitor would otherwise wait for the statistics libraries and the datasets (seconds on 2 cores).
    # Importing caregap.ui before Streamlit's runtime exists would log a warning per cached function.
    done = serve_until_started({"CAREGAP_LIBRARY": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "Care Gap: loading the survey datasets…"


def test_the_modules_loaded_at_start_are_the_apps_own_outside_caregap_ui():
    modules = app_modules()
    assert {"caregap.stats", "caregap.significance", "caregap.charts", "caregap.database"} <= set(modules)
    assert not [name for name in modules if name.startswith("caregap.ui") or not name.startswith("caregap.")]


def test_the_first_visit_takes_the_database_built_at_start_and_a_refresh_builds_a_new_one(monkeypatch, tmp_path):
    monkeypatch.setenv("CAREGAP_LIBRARY", str(tmp_path / "library"))
    monkeypatch.setenv("CAREGAP_EXTRA_DATASETS", "")
    database.build_at_start()
    monkeypatch.setenv("CAREGAP_EXTRA_DATASETS", str(TINY_SURVEY))  # on disk since the start, as an import would be
    first, _ = database.serving()
    again, _ = database.serving()
    assert "tiny_survey" not in set(db.run(first, "datasets_list")["dataset_id"])
    assert "tiny_survey" in set(db.run(again, "datasets_list")["dataset_id"])
