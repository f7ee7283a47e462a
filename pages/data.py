"""Your data: upload a survey export, map it, check it, import it into the library, weight it."""

import streamlit as st

from caregap.ui.importing import check_step, imported_notice, open_requested
from caregap.ui.library_view import library_step
from caregap.ui.upload import mapping_step, save_mapping_step, upload_step

if open_requested():  # 'Open it' after an import: the sidebar has the new dataset already
    st.switch_page("pages/overview.py")
st.title("Your data")
st.caption(
    "Bring a survey export from Google Forms, SurveyMonkey, Qualtrics or any CSV or Excel file: one row per "
    "respondent, or one row per contact from a survey sent after each contact."
)
imported_notice()
if deleted := st.session_state.pop("deleted", None):
    st.success(f"Deleted {deleted}.", icon=":material/delete:")

upload = upload_step()
if upload is not None:
    st.header("Which column is which")
    mapping, token = mapping_step(upload)
    st.header("Check and import")
    check_step(upload, mapping, token)
    save_mapping_step(mapping)
library_step()
