"""PDF sources: the reader, the canonical text of a page, page furniture, metadata, OCR of scans."""
