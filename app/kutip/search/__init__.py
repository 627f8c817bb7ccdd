"""Full-text search: a derived whoosh index over the project, exact hits, autocode."""
