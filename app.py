"""Care Gap: the router. Sets the page config, draws the shared sidebar and runs the chosen page."""

import streamlit as st

from caregap.paths import READABLE_CSS
from caregap.ui.data import load_problems
from caregap.ui.export import draw_page_export
from caregap.ui.sidebar import draw_sidebar

st.set_page_config(page_title="Care Gap", page_icon=":material/support_agent:", layout="wide")
st.html(READABLE_CSS)

# Each url_path differs from its file's name on purpose: Streamlit still scans a folder named pages/ on a
# fresh server's first request, and a link straight to a page must not run that page without this router.
navigation = st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page(
            "pages/channel_preference.py",
            title="Channel preference",
            icon=":material/call_split:",
            url_path="preference",
        ),
        st.Page(
            "pages/response_time.py",
            title="Expected response time",
            icon=":material/schedule:",
            url_path="expectations",
        ),
        st.Page(
            "pages/response_resolution.py",
            title="Response and resolution",
            icon=":material/task_alt:",
            url_path="resolution",
        ),
        st.Page("pages/social_networks.py", title="Social networks", icon=":material/share:", url_path="social"),
        st.Page("pages/brand_audit.py", title="Brand audit", icon=":material/storefront:", url_path="audit"),
        st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:", url_path="comparison"),
        st.Page("pages/data.py", title="Your data", icon=":material/upload_file:", url_path="your_data"),
    ]
)
for notice in draw_sidebar():
    st.warning(notice, icon=":material/link_off:")
for problem in load_problems():
    st.sidebar.warning(problem, icon=":material/error:")
navigation.run()
draw_page_export(navigation.title)
