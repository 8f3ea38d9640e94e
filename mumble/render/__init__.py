"""Artwork generation. One module per engine behind the ImageGenerator protocol in base.py."""

from .base import Artwork, ImageGenerator

__all__ = ["Artwork", "ImageGenerator"]
