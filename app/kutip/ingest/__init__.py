"""Getting material into a project: text, transcripts, codebooks; PDFs (pdf/), references (bib/)."""
