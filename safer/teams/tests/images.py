"""Small images made in memory for upload tests."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_upload(
    size: tuple[int, int] = (1200, 800), fmt: str = "JPEG", mode: str = "RGB", exif: bool = False
) -> SimpleUploadedFile:
    image = Image.new(mode, size, (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30))
    buffer = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        data[0x0131] = "GPS-leaking-software"  # Software
        kwargs["exif"] = data.tobytes()
    image.save(buffer, format=fmt, **kwargs)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png"}.get(fmt, "application/octet-stream")
    return SimpleUploadedFile(f"me.{fmt.lower()}", buffer.getvalue(), content_type=content_type)
