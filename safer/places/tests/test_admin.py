from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.places.locate import neighbourhood_for_point
from safer.places.models import Neighbourhood, Place, Postcode
from safer.testing import create_area, create_neighbourhood, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    user = User.objects.create_superuser("places-admin", "places-admin@example.org", "x" * 20)
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return sign_in(client, user)


def test_saving_a_neighbourhood_in_admin_keeps_it_locatable(admin_client: Client) -> None:
    area = create_area()
    nb = create_neighbourhood(box=(-2.3, 52.1, -2.2, 52.2), area=area)
    assert neighbourhood_for_point(52.15, -2.25) == nb
    response = admin_client.post(
        f"/admin/places/neighbourhood/{nb.pk}/change/",
        {
            "force": nb.force_id,
            "code": nb.code,
            "slug": nb.slug,
            "name": "Renamed in admin",
            "description": "",
            "areas": [area.pk],
            "population": "0",
            "email": "",
            "telephone": "",
            "url_force": "",
            "centre_lat": "52.15",
            "centre_lng": "-2.25",
            "parishes-TOTAL_FORMS": "0",
            "parishes-INITIAL_FORMS": "0",
            "parishes-MIN_NUM_FORMS": "0",
            "parishes-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    found = neighbourhood_for_point(52.15, -2.25)
    assert found is not None and found.name == "Renamed in admin"
    assert Neighbourhood.objects.get(pk=nb.pk).boundary == nb.boundary  # the form cannot touch it


def test_every_places_admin_page_opens(admin_client: Client) -> None:
    nb = create_neighbourhood()
    create_area(effective_to=None)
    Postcode.objects.create(postcode="WR38SP", latitude=52.2, longitude=-2.2, neighbourhood=nb)
    Place.objects.create(name="Claines", latitude=52.2, longitude=-2.2)
    for model in ["force", "policingarea", "neighbourhood", "parish", "postcode", "place"]:
        assert admin_client.get(f"/admin/places/{model}/").status_code == 200, model
        assert admin_client.get(f"/admin/places/{model}/add/").status_code == 200, model
    assert "WR3 8SP" in admin_client.get("/admin/places/postcode/", {"q": "wr3 8sp"}).content.decode()
    assert admin_client.get("/admin/places/policingarea/", {"current": "yes"}).status_code == 200
