"""The search index: the query language, and the engine that answers it."""
