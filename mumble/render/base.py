"""The image generator interface and thumbnail making shared by every engine."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, Protocol

from PIL import Image

from ..context import Context

THUMBNAIL_SIZE = 320
THUMBNAIL_MAX_BYTES = 30_000


@dataclass
class Artwork:
    png: bytes
    width: int
    height: int
    engine: str
    # What the engine used to draw it (motifs, palette, model…), stored and shown as its "recipe".
    recipe: dict[str, Any] = field(default_factory=dict)


class ImageGenerator(Protocol):
    """Draws an artwork from the prompt and the context it was built from.

    Implementations raise RenderFailed on failure.
    """

    name: str

    def generate(self, prompt: str, context: Context, transcript: str) -> Artwork: ...

    def health(self) -> dict: ...


def make_thumbnail(png: bytes, size: int = THUMBNAIL_SIZE, max_bytes: int = THUMBNAIL_MAX_BYTES) -> bytes:
    """Return a WebP thumbnail of at most max_bytes, lowering quality until it fits."""
    with Image.open(io.BytesIO(png)) as image:
        image = image.convert("RGB")
        image.thumbnail((size, size), Image.Resampling.LANCZOS)
        for quality in (80, 70, 60, 50, 40, 30, 20):
            buffer = io.BytesIO()
            image.save(buffer, format="WEBP", quality=quality, method=4)
            if buffer.tell() <= max_bytes:
                return buffer.getvalue()
        image.thumbnail((size // 2, size // 2))
        buffer = io.BytesIO()
        image.save(buffer, format="WEBP", quality=20)
        return buffer.getvalue()
