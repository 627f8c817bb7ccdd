"""Bibliographies: BibTeX and RIS readers, their fields and LaTeX, linked files, matching PDFs."""
