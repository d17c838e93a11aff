"""``kg bench``: a synthetic corpus of realistic articles and the pipeline timed on it."""
