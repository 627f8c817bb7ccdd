"""The docks around the documents (sources, codebook, cases, journal, search), each beside its
Qt item model."""
