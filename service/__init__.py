"""The extraction service: a thin HTTP shell (FastAPI) over the ``extractor`` library."""
