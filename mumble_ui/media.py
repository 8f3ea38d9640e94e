"""Sources of stored images and audio for the browser: presigned URLs or bytes.

A store with presigned URLs (the AWS store) lets the browser fetch each
object straight from S3, so the app never downloads it. The local store
has no URLs, so its files are read and sent through Streamlit.
"""

from __future__ import annotations


def image_source(store, key: str) -> str | bytes:
    """Return a presigned URL for key when the store offers one, otherwise its bytes."""
    presign = getattr(store, "presigned_url", None)
    return presign(key) if presign is not None else store.read(key)


def audio_source(store, key: str) -> str | bytes:
    """Return what st.audio should play: a presigned URL or the file's bytes."""
    return image_source(store, key)
