"""A person's own photo or clip of an exercise: checked by its content, never by its name. Pure.

Photos: PNG, JPEG or WebP up to 5 MB, opened and verified with Pillow.
Clips: MP4 or WebM up to 50 MB, recognised by their container signature
(an ISO-BMFF `ftyp` box; the EBML header with a `webm` doctype).
Anything else, anything empty and anything over its limit is refused with a
ValidationError that says why; nothing is stored by this module.

The media itself lives in the database (migration 011, lib/store/media.py), travels in
the export zip under media/ (lib/media_archive.py), and is shown beside the drawn figure
(lib/ui.py, exercise_figure). Every limit of it is here.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime

from lib.errors import ValidationError

PHOTO_LIMIT = 5 * 1024 * 1024
CLIP_LIMIT = 50 * 1024 * 1024
PHOTO_PIXELS_MAX = 50_000_000  # a 48-megapixel phone photo fits; a tiny file claiming far more is a trap
PHOTO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
UPLOAD_TYPES = ("png", "jpg", "jpeg", "webp", "mp4", "webm")  # what the uploader offers; the content decides
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "video/mp4": "mp4", "video/webm": "webm"}
NAME_MAX = 120  # characters of the file name kept with it (a longer one is cut, never refused)
SUMMARY_PHOTO_PX = 480  # the longest side of a photo in the physiotherapist's summary (it prints at ~8 cm)
FIELD = "photo or clip"


@dataclass(frozen=True)
class Media:
    """Checked media: what it is, its size and its SHA-256 (hex)."""

    kind: str  # 'photo' or 'clip'
    mime: str
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class StoredMedia:
    """A photo or clip as stored for an exercise, without its bytes (lib.store.media reads those on demand)."""

    id: int
    exercise: str
    kind: str
    mime: str
    size_bytes: int
    sha256: str
    name: str | None
    created_at: datetime

    def caption(self) -> str:
        """Return what a person reads under it: "Your own photo · hinge.jpg, 1.2 MB"."""
        shown = f" · {self.name}" if self.name else ""
        size = (
            _megabytes(self.size_bytes) if self.size_bytes >= 1024 * 1024 else f"{max(1, self.size_bytes // 1024)} kB"
        )
        return f"Your own {self.kind}{shown}, {size}"


def given_name(name: object) -> str | None:
    """Return the file name to keep with the media: its last path part, cut to NAME_MAX; None for none."""
    if not isinstance(name, str):
        return None
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base[:NAME_MAX] or None


def thumbnail(data: bytes, box: tuple[int, int]) -> bytes:
    """Return a photo as a JPEG, upright (its EXIF turn applied), fitting inside `box` (width, height in px).

    A page shows this, never the 5 MB original: Streamlit would decode and resize that on every rerun.
    """
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image).convert("RGBA")
        upright.thumbnail(box)
        on_white = Image.new("RGB", upright.size, "white")  # a JPEG has no transparency: what was clear turns white
        on_white.paste(upright, mask=upright.getchannel("A"))
        out = io.BytesIO()
        on_white.save(out, format="JPEG", quality=85)
    return out.getvalue()


def summary_photo_uri(data: bytes) -> str:
    """Return a photo as an inline `data:` URI for the printed summary (a JPEG at most SUMMARY_PHOTO_PX a side).

    Inline, so the summary stays one self-contained file; smaller, so a 5 MB photo does not make it 7 MB.
    """
    small = thumbnail(data, (SUMMARY_PHOTO_PX, SUMMARY_PHOTO_PX))
    return "data:image/jpeg;base64," + base64.b64encode(small).decode("ascii")


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
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValidationError(FIELD, f"A photo or clip is the bytes of a file; got {type(data).__name__}.")
    data = bytes(data)
    if not data:
        raise ValidationError(FIELD, "The file is empty: choose a photo (PNG, JPEG, WebP) or a clip (MP4, WebM).")
    digest = hashlib.sha256(data).hexdigest()
    if clip := _clip_type(data):
        if len(data) > CLIP_LIMIT:
            raise ValidationError(
                FIELD,
                f"A clip can be up to {_megabytes(CLIP_LIMIT)}; this one is "
                f"{_megabytes(len(data))}. Nothing was saved.",
            )
        return Media("clip", clip, len(data), digest)
    if len(data) > PHOTO_LIMIT:
        raise ValidationError(
            FIELD,
            f"A photo can be up to {_megabytes(PHOTO_LIMIT)}; this file is {_megabytes(len(data))}. Nothing was saved.",
        )
    from PIL import Image, UnidentifiedImageError  # Streamlit already brings Pillow

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except Image.DecompressionBombError as e:  # a small file that would unpack into billions of pixels
        raise ValidationError(
            FIELD, f"This image is too large to show (over {PHOTO_PIXELS_MAX // 10**6} megapixels). Nothing was saved."
        ) from e
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise ValidationError(
            FIELD,
            "This file is not a photo or clip Poise can keep (PNG, JPEG, WebP, MP4 or "
            "WebM), whatever its name says. Nothing was saved.",
        ) from e
    if width * height > PHOTO_PIXELS_MAX:
        raise ValidationError(
            FIELD,
            f"A photo can be up to {PHOTO_PIXELS_MAX // 10**6} megapixels; this one is "
            f"{width} × {height}. Nothing was saved.",
        )
    if kind not in PHOTO_TYPES:
        raise ValidationError(FIELD, f"Poise keeps PNG, JPEG and WebP photos; this one is {kind}. Nothing was saved.")
    return Media("photo", PHOTO_TYPES[kind], len(data), digest)
