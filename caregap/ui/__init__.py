"""Streamlit glue: the cached database and query runner, the sidebar, shared page pieces."""
