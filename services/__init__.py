"""Use cases: permission check -> validation -> read/write -> audit. No Streamlit here."""
