"""Dialogs and pages: autocode, source properties, about, the start page, small prompts."""
