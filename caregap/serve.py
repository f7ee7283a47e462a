"""Start Care Gap's Streamlit server (what `make run` runs): python -m caregap.serve [streamlit options]."""

from __future__ import annotations

import ast
import importlib
import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from caregap.database import build_at_start
from caregap.ingest.decode import max_upload_mb
from caregap.paths import ROOT

UPLOAD_OPTION = "--server.maxUploadSize"


def streamlit_argv(options: list[str]) -> list[str]:
    """The command line Streamlit runs: app.py, the options given, and the server's upload cap.

    Streamlit's server refuses an upload over server.maxUploadSize (200 MB by default) whatever the uploader
    widget allows, so the cap follows $CAREGAP_MAX_UPLOAD_MB unless the options set it themselves.
    """
    given = any(option.split("=")[0] == UPLOAD_OPTION for option in options)
    cap = [] if given else [UPLOAD_OPTION, str(max_upload_mb())]
    return ["streamlit", "run", str(ROOT / "app.py"), *cap, *options]


def app_modules() -> list[str]:
    """The modules of caregap that the app's script, its pages and caregap.ui import, caregap.ui's own left out
    (importing them before the server runs would set up their caches without it)."""
    sources = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "caregap" / "ui").glob("*.py"))]
    found = {
        node.module
        for source in sources
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("caregap.")
    }
    return sorted(name for name in found if not name.startswith("caregap.ui"))


def warm() -> None:
    """Do the first visit's slow work before the server takes visitors: import the statistics, chart and export
    libraries (seconds on a 2-core machine) and load the datasets."""
    print("Care Gap: loading the survey datasets…", file=sys.stderr, flush=True)
    for name in app_modules():
        importlib.import_module(name)
    build_at_start()


def main() -> None:
    """Load what the first visit needs (warm), then run app.py with st.navigation as its only router.

    Streamlit treats a folder named pages/ as legacy multipage pages until the first script run calls
    st.navigation; a first visitor arriving by a link to a page would briefly be told "Page not found".
    app.py always routes with st.navigation, so say so before the first run.
    """
    PagesManager.uses_pages_directory = False
    warm()
    sys.argv = streamlit_argv(sys.argv[1:])
    cli.main()


if __name__ == "__main__":
    main()
