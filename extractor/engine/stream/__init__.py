"""The stream reader: indicator records out of flattened or damaged table text.

Text that lost its table (one line with single spaces, one cell a line, pipe
rows, cells run together, OCR look-alikes) is read as a token stream
(``tokens``): a linear-chain CRF (``model``) labels each token with its role,
and a decoder (``decode``) turns the labelled spans into records with their
evidence and the CRF's marginals as confidence signals; digits fused at a
row's end are cut again by the marginals within what the arithmetic allows
(``numbers``). ``fit`` trains it from the gold documents rendered into every
shape (``training.variants.flat``) and from the already flattened reports
of the corpus, labelled by aligning their gold (``training.flat_labels``).
"""

from extractor.engine.stream.reader import StreamReader, load_stream_reader

__all__ = ["StreamReader", "load_stream_reader"]
