"""Coded summaries for the paper: the report model and its renderers."""
