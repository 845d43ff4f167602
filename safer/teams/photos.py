"""Staff photos: checked to be images, turned upright, shrunk to 600 px and stripped of metadata.

Re-encoding from pixels drops EXIF (camera, time and often GPS position), so nothing about where a
photo was taken reaches the public team page.
"""

from __future__ import annotations

import io
import uuid
import warnings

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 600
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}
NOT_AN_IMAGE = "The selected file must be a photo in JPEG, PNG or WebP format"
# Decoding costs memory by pixels, not bytes: a 353 KB PNG of 121 megapixels took ~900 MB. 50
# megapixels keeps any phone's photo (a 48 MP sensor's included) and bounds one decode to ~150 MB.
MAX_PIXELS = 50_000_000
TOO_MANY_PIXELS = "The photo must be at most 50 megapixels (for example 8,000 by 6,000 pixels)"
# Pillow's own guard, process-wide: warn above MAX_PIXELS, refuse to open above twice that.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class PhotoError(ValueError):
    """The upload is not a photo we can use; the message is for the person who uploaded it."""


def process_photo(upload: UploadedFile) -> ContentFile[bytes]:
    """The upload as a JPEG (or PNG, where it has transparency) of at most MAX_SIDE px a side."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise PhotoError("The photo must be smaller than 10 MB")
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe_context = Image.open(upload)  # reads the header only: the size, not the pixels
        with probe_context as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise PhotoError(NOT_AN_IMAGE)
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise PhotoError(TOO_MANY_PIXELS)
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as original:
            image = ImageOps.exif_transpose(original)
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(TOO_MANY_PIXELS)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PhotoError(NOT_AN_IMAGE)

    buffer = io.BytesIO()
    has_alpha = image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info)
    if has_alpha:
        image.convert("RGBA").save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
        extension = "jpg"
    # A random name: the file name must not say whose photo it is.
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
