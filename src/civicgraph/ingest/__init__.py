"""Adding documents: hold a new source, draft proposals from its text, review them into records."""
