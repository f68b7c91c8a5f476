"""A person's own photo or clip of an exercise: checked by its content, never by its name. Pure.

Photos: PNG, JPEG or WebP up to 5 MB, opened and verified with Pillow.
Clips: MP4 or WebM up to 50 MB, recognised by their container signature
(an ISO-BMFF `ftyp` box; the EBML header with a `webm` doctype).
Anything else, anything empty and anything over its limit is refused with a
ValidationError that says why; nothing is stored by this module.

Only the check exists so far: storing the media in the database (migration
007), showing it, and carrying it in exports are not built yet (issue 14).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from lib.errors import ValidationError

PHOTO_LIMIT = 5 * 1024 * 1024
CLIP_LIMIT = 50 * 1024 * 1024
PHOTO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
FIELD = "photo or clip"


@dataclass(frozen=True)
class Media:
    """Checked media: what it is, its size and its SHA-256 (hex)."""

    kind: str     # 'photo' or 'clip'
    mime: str
    size_bytes: int
    sha256: str


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _clip_type(data: bytes) -> str | None:
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return "video/mp4"
    if data[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in data[:64]:
        return "video/webm"
    return None


def check_media(data: bytes) -> Media:
    """Return what `data` is, or raise ValidationError: empty, too big, or not a PNG/JPEG/WebP/MP4/WebM."""
    if not data:
        raise ValidationError(FIELD, "The file is empty: choose a photo (PNG, JPEG, WebP) or a clip (MP4, WebM).")
    digest = hashlib.sha256(data).hexdigest()
    if clip := _clip_type(data):
        if len(data) > CLIP_LIMIT:
            raise ValidationError(FIELD, f"A clip can be up to {_megabytes(CLIP_LIMIT)}; this one is "
                                         f"{_megabytes(len(data))}. Nothing was saved.")
        return Media("clip", clip, len(data), digest)
    if len(data) > PHOTO_LIMIT:
        raise ValidationError(FIELD, f"A photo can be up to {_megabytes(PHOTO_LIMIT)}; this file is "
                                     f"{_megabytes(len(data))}. Nothing was saved.")
    from PIL import Image, UnidentifiedImageError  # Streamlit already brings Pillow

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise ValidationError(FIELD, "This file is not a photo or clip Poise can keep (PNG, JPEG, WebP, MP4 or "
                                     "WebM), whatever its name says. Nothing was saved.") from e
    if kind not in PHOTO_TYPES:
        raise ValidationError(FIELD, f"Poise keeps PNG, JPEG and WebP photos; this one is {kind}. Nothing was saved.")
    return Media("photo", PHOTO_TYPES[kind], len(data), digest)
