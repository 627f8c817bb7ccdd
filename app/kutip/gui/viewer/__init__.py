"""Reading a source: the document tabs, the text view with its coding stripes, the PDF pages,
the find bar, highlights and the positions that map the text to Qt's."""
