"""Photos: resized to 600 px, EXIF stripped, non-images refused, alt text required."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from safer.accounts.models import AuditEvent, Role
from safer.teams.models import Person
from safer.teams.photos import PhotoError, process_photo
from safer.teams.tests.images import image_upload
from safer.testing import create_neighbourhood, create_person, create_staff, sign_in


def test_it_shrinks_a_photo_to_600_pixels_and_strips_exif():
    processed = process_photo(image_upload((2400, 1600), exif=True))
    with Image.open(processed) as image:
        assert image.format == "JPEG"
        assert image.size == (600, 400)
        assert not image.getexif()
    assert b"SecretCam" not in processed.read()


def test_it_keeps_a_transparent_photo_as_png():
    processed = process_photo(image_upload((300, 900), fmt="PNG", mode="RGBA"))
    assert str(processed.name).endswith(".png")
    with Image.open(processed) as image:
        assert image.size == (200, 600)
        assert image.mode == "RGBA"


def test_it_refuses_a_file_that_is_not_an_image():
    with pytest.raises(PhotoError, match="must be a photo"):
        process_photo(SimpleUploadedFile("cv.pdf", b"%PDF-1.4 not an image", content_type="application/pdf"))


def test_it_refuses_a_gif():
    with pytest.raises(PhotoError):
        process_photo(image_upload(fmt="GIF"))


@pytest.fixture
def signed_in(client, db):
    nb = create_neighbourhood()
    person = create_person(nb)
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[nb]))
    return client, person


def upload(client, person, **data):
    fields = {"work_mobile": person.work_mobile, "work_email": person.work_email, "biography": ""}
    fields.update(data)
    return client.post(reverse("teams:person", args=[person.pk]), fields)


def test_it_saves_an_uploaded_photo_resized_with_its_description(signed_in):
    client, person = signed_in
    response = upload(client, person, photo=image_upload((1000, 1000), exif=True), photo_alt="PCSO smiling")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.photo.name.startswith("people/") and person.photo.name.endswith(".jpg")
    assert person.given_name.lower() not in person.photo.name.lower()
    with Image.open(person.photo.path) as image:
        assert image.size == (600, 600)
        assert not image.getexif()
    changes = AuditEvent.objects.get(action="contact_details.changed").changes
    assert changes["photo"] == ["", person.photo.name]
    assert changes["photo_alt"] == ["", "PCSO smiling"]


def test_it_requires_a_description_with_a_photo(signed_in):
    client, person = signed_in
    response = upload(client, person, photo=image_upload())
    assert response.status_code == 200
    assert "Enter a description of the photo" in response.content.decode()
    assert not Person.objects.get(pk=person.pk).photo


def test_it_shows_a_clear_error_for_a_non_image(signed_in):
    client, person = signed_in
    fake = SimpleUploadedFile("photo.jpg", b"this is text pretending to be a jpeg", content_type="image/jpeg")
    response = upload(client, person, photo=fake, photo_alt="A photo")
    html = response.content.decode()
    assert response.status_code == 200
    assert "The selected file must be a photo in JPEG, PNG or WebP format" in html
    assert 'href="#id_photo"' in html
    assert not Person.objects.get(pk=person.pk).photo
    assert not AuditEvent.objects.exists()


def test_it_removes_a_photo_and_its_file(signed_in, django_capture_on_commit_callbacks):
    client, person = signed_in
    upload(client, person, photo=image_upload(), photo_alt="PCSO smiling")
    person.refresh_from_db()
    path = person.photo.path
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, person, remove_photo="on", photo_alt="PCSO smiling")
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.photo and person.photo_alt == ""
    import os

    assert not os.path.exists(path)
