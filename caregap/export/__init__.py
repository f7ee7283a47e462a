"""Exports of charts and their data: captions, file names, images, HTML, CSV/XLSX, page bundles, slide decks.

Nothing here imports Streamlit: the UI (caregap/ui/export.py) hands these functions figures, tables and captions.
"""
