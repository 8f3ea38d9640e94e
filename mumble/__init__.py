"""Mumble: turn a spoken Mandarin thought into an artwork.

The package holds the whole pipeline (audio, transcript, context, prompt,
artwork, storage) and never imports Streamlit, so the CLI, the tests and the
app all call the same code.
"""

__version__ = "0.1.0"
