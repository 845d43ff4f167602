from __future__ import annotations

import math
import re
from typing import Any

import pytest
import shapely

from safer.lib.maps import WIDTH
from safer.testing import create_neighbourhood
from safer.web.maps import build_map


def extent(d: str) -> tuple[float, float]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    xs, ys = numbers[0::2], numbers[1::2]
    return max(xs) - min(xs), max(ys) - min(ys)


@pytest.mark.django_db
def test_it_corrects_longitude_for_latitude_so_shapes_keep_their_proportions() -> None:
    nb = create_neighbourhood(box=(-2.5, 52.0, -2.4, 52.1))  # 0.1 by 0.1 degrees
    drawn = build_map(nb)
    assert drawn is not None and drawn.width == WIDTH
    width, height = extent(drawn.boundary)
    assert width / height == pytest.approx(math.cos(math.radians(52.05)), rel=0.01)


@pytest.mark.django_db
def test_it_draws_nearby_teams_faintly_and_leaves_distant_ones_out() -> None:
    nb = create_neighbourhood(name="Middle", box=(-2.5, 52.0, -2.4, 52.1))
    create_neighbourhood(name="East", box=(-2.4, 52.0, -2.3, 52.1))
    create_neighbourhood(name="Faraway", box=(-1.0, 53.0, -0.9, 53.1))
    drawn = build_map(nb)
    assert drawn is not None
    assert [s.name for s in drawn.others] == ["East"]
    assert [s.name for s in drawn.neighbours] == ["East"]
    # Neighbours are clipped to the picture, so a huge neighbour does not bloat the page.
    for shape in drawn.others:
        xs = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.d)][0::2]
        assert min(xs) >= 0 and max(xs) <= WIDTH


@pytest.mark.django_db
def test_it_draws_holes_and_separate_parts() -> None:
    outer = shapely.Polygon(
        [(-2.5, 52.0), (-2.4, 52.0), (-2.4, 52.1), (-2.5, 52.1)],
        holes=[[(-2.47, 52.03), (-2.43, 52.03), (-2.43, 52.07), (-2.47, 52.07)]],
    )
    island = shapely.box(-2.38, 52.0, -2.36, 52.02)
    nb = create_neighbourhood()
    nb.set_boundary(shapely.MultiPolygon([outer, island]))
    nb.save()
    drawn = build_map(nb)
    assert drawn is not None
    assert drawn.boundary.count("M") == 3 and drawn.boundary.count("Z") == 3


@pytest.mark.django_db
def test_it_keeps_a_long_thin_area_usable() -> None:
    nb = create_neighbourhood(box=(-2.5, 52.0, -2.1, 52.01))
    drawn = build_map(nb)
    assert drawn is not None
    assert drawn.height >= WIDTH * 0.5


@pytest.mark.django_db
def test_the_svg_names_neighbouring_teams_and_the_towns_the_platform_holds() -> None:
    from safer.places.models import Place

    nb = create_neighbourhood(name="Middle", box=(-2.5, 52.0, -2.4, 52.1))
    create_neighbourhood(name="East", box=(-2.4, 52.0, -2.3, 52.1))
    Place.objects.create(name="Fernhill Heath", latitude=52.05, longitude=-2.45, neighbourhood=nb)
    drawn = build_map(nb)
    assert drawn is not None
    labels = {label.text: label for label in drawn.labels}
    assert set(labels) == {"East", "Fernhill Heath"}
    # The town sits in the middle of the picture, as it sits in the middle of the area.
    assert labels["Fernhill Heath"].x == pytest.approx(drawn.width / 2, abs=1)
    assert labels["Fernhill Heath"].y == pytest.approx(drawn.height / 2, abs=1)
    layers: Any = drawn.layers["layers"]
    kinds = [layer["kind"] for layer in layers]
    assert kinds == ["other", "area"]
