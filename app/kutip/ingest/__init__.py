"""Getting material into a project: text, PDF, BibTeX, transcripts, codebooks."""
