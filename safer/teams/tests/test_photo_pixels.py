"""Defect 14: a tiny file of very many pixels is refused from its header, before any decoding."""

from __future__ import annotations

import io
from functools import cache

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from safer.accounts.models import AuditEvent, Role
from safer.teams.models import Person
from safer.teams.photos import MAX_PIXELS, TOO_MANY_PIXELS, PhotoError, process_photo
from safer.teams.tests.images import image_upload
from safer.testing import create_neighbourhood, create_person, create_staff, sign_in


@cache
def _huge_png(width: int, height: int) -> bytes:
    """A one-bit PNG: millions of pixels in a few kilobytes, as the reported attack."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def huge_upload(width: int = 9000, height: int = 9000) -> SimpleUploadedFile:
    return SimpleUploadedFile("me.png", _huge_png(width, height), content_type="image/png")


def test_a_small_file_of_81_megapixels_is_refused_without_decoding_it(monkeypatch) -> None:
    upload = huge_upload()
    assert upload.size is not None and upload.size < 1_000_000

    def no_decoding(self: ImageFile.ImageFile) -> None:
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with pytest.raises(PhotoError, match="50 megapixels"):
        process_photo(upload)


def test_a_file_beyond_twice_the_limit_gets_the_same_clear_error() -> None:
    with pytest.raises(PhotoError, match="50 megapixels"):
        process_photo(huge_upload(12000, 10000))


def test_a_photo_at_the_limit_is_still_accepted() -> None:
    assert MAX_PIXELS > 600 * 400
    assert process_photo(image_upload((1200, 800))).size > 0


@pytest.mark.django_db
def test_the_form_shows_the_pixel_limit_and_changes_nothing(client) -> None:
    team = create_neighbourhood()
    person = create_person(team)
    sign_in(client, create_staff(Role.PC, neighbourhoods=[team]))
    response = client.post(
        reverse("teams:person", args=[person.pk]),
        {
            "work_mobile": person.work_mobile,
            "work_email": person.work_email,
            "photo": huge_upload(),
            "photo_alt": "Me",
        },
    )
    assert response.status_code == 200
    assert TOO_MANY_PIXELS in response.content.decode()
    assert not Person.objects.get(pk=person.pk).photo
    assert not AuditEvent.objects.exists()
