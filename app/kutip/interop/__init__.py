"""Exchange with other QDA tools: REFI-QDA projects (QDPX) and codebooks (QDC)."""
