"""The NLP stage: one spaCy pipeline per process (see :mod:`.pipeline`)."""
