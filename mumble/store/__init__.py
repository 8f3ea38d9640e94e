"""The gallery store. One module per backend behind the Store protocol in base.py."""

from .base import GalleryPage, GalleryQuery, Record, Store

__all__ = ["GalleryPage", "GalleryQuery", "Record", "Store"]
