"""Sources of stored images and audio for the browser: presigned URLs or bytes.

A store with presigned URLs (the AWS store) lets the browser fetch each
object straight from S3, so the app never downloads it. The local store
has no URLs, so its files are read and sent through Streamlit.
"""

from __future__ import annotations

import io
from functools import lru_cache

from mumble.render.base import THUMBNAIL_SIZE


def image_source(store, key: str) -> str | bytes:
    """Return a presigned URL for key when the store offers one, otherwise its bytes."""
    presign = getattr(store, "presigned_url", None)
    return presign(key) if presign is not None else store.read(key)


def audio_source(store, key: str) -> str | bytes:
    """Return what st.audio should play: a presigned URL or the file's bytes."""
    return image_source(store, key)


@lru_cache(maxsize=1)
def placeholder_thumbnail() -> bytes:
    """Return a plain square the size of a thumbnail, for records that have no artwork yet.

    It keeps every gallery card the same height whether or not its drawing finished.
    """
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (THUMBNAIL_SIZE, THUMBNAIL_SIZE), (232, 228, 220)).save(buffer, format="PNG")
    return buffer.getvalue()
