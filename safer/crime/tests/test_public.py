from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.test import Client

from safer.crime.importers import import_path
from safer.crime.models import Crime
from safer.crime.public import crime_section, neighbourhood_crime_context
from safer.places.models import Neighbourhood
from safer.testing import create_area, create_neighbourhood

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.django_db
def test_the_public_section_shows_categories_points_and_the_area_with_attribution() -> None:
    area = create_area(name="South Worcestershire")
    nb = create_neighbourhood(
        box=(-2.26, 52.17, -2.19, 52.21), area=area, name="Worcester Central", population=20000
    )
    create_neighbourhood(box=(-2.36, 52.08, -2.29, 52.15), area=area, name="Malvern", population=30000)
    import_path(DATA / "2019-01-west-mercia-street.csv")
    import_path(DATA / "2019-02-west-mercia-street.csv")
    context = neighbourhood_crime_context(nb)
    crime = context["crime"]
    assert crime["total"] == Crime.objects.filter(neighbourhood=nb).count()
    assert crime["period"] == "January to February 2019 (2 months of data)"
    assert crime["months"] == ["2019-01", "2019-02"]
    assert crime["rows"][0]["count"] >= crime["rows"][-1]["count"]
    assert crime["comparison"]["rates"]["neighbourhood"] == pytest.approx(1000 * crime["total"] / 20000)
    html = render_to_string("crime/_neighbourhood_crime.html", {**context, "neighbourhood": nb})
    assert "Open Government Licence v3.0" in html and "<svg" in html and "On or near" in html
    assert "Violence and sexual offences" in html and "February 2019" in html
    words = re.sub(r"<script[^>]*application/json.*?</script>", "", html, flags=re.S)  # map data
    assert "2018" not in words  # no month that was never imported is claimed
    found = re.search(r'<script id="crime-map-layers" type="application/json">(.*?)</script>', html, re.S)
    assert found is not None
    layers = json.loads(found[1])
    assert [layer["kind"] for layer in layers["layers"]] == ["area", "points"]
    assert len(layers["layers"][1]["points"]) == crime["point_count"] and layers["tiles"] is None
    rate = floatformat(1000 * crime["total"] / 20000, 1)
    period = "In January to February 2019 (2 months of data)"
    assert f"{period}, Worcester Central had <strong>{rate}</strong>" in html
    assert "totals for those 2 months, not yearly rates" in html


@pytest.mark.django_db
def test_the_public_section_is_left_out_where_no_crime_is_published(client: Client) -> None:
    nb = create_neighbourhood()
    context = neighbourhood_crime_context(nb)
    assert render_to_string("crime/_neighbourhood_crime.html", {**context, "neighbourhood": nb}).strip() == ""
    assert "Crime in this area" not in client.get(nb.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_page_section_is_cached_until_the_next_import(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    nb = create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21), name="Worcester Central")
    import_path(DATA / "2019-01-west-mercia-street.csv")
    first = crime_section(Neighbourhood.objects.get(pk=nb.pk))
    with django_assert_max_num_queries(0):
        assert crime_section(nb) == first
    import_path(DATA / "2019-02-west-mercia-street.csv")
    assert crime_section(nb)["crime"]["total"] > first["crime"]["total"]
    assert "Crime in this area" in client.get(nb.get_absolute_url()).content.decode()
