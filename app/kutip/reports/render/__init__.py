"""The report renderers, one module per format (DOCX, Markdown, HTML, CSV, XLSX, codebook,
annotated PDF), and the charts and DOCX helpers they share."""
