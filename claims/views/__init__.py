"""The desk's pages: dashboard, claims, sources and the reader, the review queue."""
