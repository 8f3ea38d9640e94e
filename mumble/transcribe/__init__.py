"""Speech to text. One module per engine behind the Transcriber protocol in base.py."""

from .base import Transcriber, Transcript

__all__ = ["Transcriber", "Transcript"]
