"""Reusable Streamlit UI pieces. Pages render through these."""
