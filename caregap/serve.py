"""Start Care Gap's Streamlit server (what `make run` runs): python -m caregap.serve [streamlit options]."""

from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from caregap.paths import ROOT


def main() -> None:
    """Run app.py with st.navigation as its only router.

    Streamlit treats a folder named pages/ as legacy multipage pages until the first script run calls
    st.navigation; a first visitor arriving by a link to a page would briefly be told "Page not found".
    app.py always routes with st.navigation, so say so before the first run.
    """
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
