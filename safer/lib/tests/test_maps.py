from __future__ import annotations

import math
import re
from typing import Any

import pytest
import shapely

from safer.lib.maps import WIDTH, projection_for, svg_path


def numbers(d: str) -> tuple[list[float], list[float]]:
    values = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return values[0::2], values[1::2]


def test_a_square_on_the_ground_is_drawn_square() -> None:
    # 0.1 degrees of latitude and 0.1 / cos(52.05°) of longitude are the same distance on the ground.
    k = math.cos(math.radians(52.05))
    square = shapely.box(-2.5, 52.0, -2.5 + 0.1 / k, 52.1)
    xs, ys = numbers(svg_path(square, projection_for(square.bounds)))
    assert (max(xs) - min(xs)) / (max(ys) - min(ys)) == pytest.approx(1.0, rel=0.005)


def test_north_is_up_and_the_view_maps_to_the_picture_corners() -> None:
    projection = projection_for((-2.5, 52.0, -2.4, 52.1))
    min_lng, min_lat, max_lng, max_lat = projection.view
    assert projection.point(min_lng, max_lat) == pytest.approx((0.0, 0.0), abs=1e-9)
    assert projection.point(max_lng, min_lat) == pytest.approx((WIDTH, projection.height), abs=0.5)
    _, y_south = projection.point(-2.45, 52.0)
    _, y_north = projection.point(-2.45, 52.1)
    assert y_north < y_south


def test_the_picture_keeps_its_margin_around_the_shape() -> None:
    projection = projection_for((-2.5, 52.0, -2.4, 52.1), pad=0.1)
    min_lng, min_lat, max_lng, max_lat = projection.view
    assert min_lng < -2.5 and max_lng > -2.4 and min_lat < 52.0 and max_lat > 52.1


@pytest.mark.parametrize(
    ("bounds", "expected_aspect"),
    [
        ((-2.9, 52.0, -1.9, 52.01), 0.55),  # a long east-west strip is heightened
        ((-2.5, 51.0, -2.49, 53.0), 1.0),  # a tall north-south strip is widened
    ],
)
def test_an_odd_shape_still_gives_a_usable_picture(
    bounds: tuple[float, float, float, float], expected_aspect: float
) -> None:
    projection = projection_for(bounds, min_aspect=0.55, max_aspect=1.0)
    assert projection.width == WIDTH
    assert projection.height / projection.width == pytest.approx(expected_aspect, abs=0.002)


def test_holes_and_separate_parts_each_get_their_own_ring() -> None:
    outer = shapely.Polygon(
        [(-2.5, 52.0), (-2.4, 52.0), (-2.4, 52.1), (-2.5, 52.1)],
        holes=[[(-2.47, 52.03), (-2.43, 52.03), (-2.43, 52.07), (-2.47, 52.07)]],
    )
    island = shapely.box(-2.38, 52.0, -2.36, 52.02)
    shape = shapely.MultiPolygon([outer, island])
    d = svg_path(shape, projection_for(shape.bounds))
    assert d.count("M") == 3 and d.count("Z") == 3


def test_lines_points_and_empty_shapes_draw_nothing() -> None:
    projection = projection_for((-2.5, 52.0, -2.4, 52.1))
    assert svg_path(shapely.LineString([(-2.5, 52.0), (-2.4, 52.1)]), projection) == ""
    assert svg_path(shapely.Point(-2.45, 52.05), projection) == ""
    assert svg_path(shapely.Polygon(), projection) == ""


def test_detail_under_half_a_pixel_is_dropped_and_the_outline_stays() -> None:
    # A square whose edges wobble by a millionth of a degree: invisible at 640 units across.
    corners = [(-2.5, 52.0), (-2.4, 52.0), (-2.4, 52.1), (-2.5, 52.1)]
    wobbly = []
    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1], strict=True):
        for i in range(100):
            t = i / 100
            wobbly.append((x0 + (x1 - x0) * t + (1e-6 if i % 2 else 0), y0 + (y1 - y0) * t))
    shape = shapely.Polygon(wobbly)
    projection = projection_for(shape.bounds)
    assert svg_path(shape, projection).count("L") == 3
    assert svg_path(shape, projection, simplify=False).count("L") == len(wobbly) - 1
    xs, ys = numbers(svg_path(shape, projection))
    x0, y0 = projection.point(-2.5, 52.1)
    x1, y1 = projection.point(-2.4, 52.0)
    assert min(xs) == pytest.approx(x0, abs=0.1) and max(xs) == pytest.approx(x1, abs=0.1)
    assert min(ys) == pytest.approx(y0, abs=0.1) and max(ys) == pytest.approx(y1, abs=0.1)


def test_numpy_bounds_give_plain_floats_for_templates() -> None:
    projection = projection_for(shapely.total_bounds([shapely.box(-2.5, 52.0, -2.4, 52.1)]))
    assert all(type(v) is float for v in (projection.min_x, projection.max_y, projection.k, projection.scale))


def test_the_tile_servers_origin_is_added_to_img_src_only() -> None:
    from safer.lib.maps import csp_with_tiles, tile_origin

    policy = {"DIRECTIVES": {"img-src": ["'self'", "data:"], "script-src": ["'self'"]}}
    url = "https://api.os.uk/maps/raster/v1/zxy/Light_3857/{z}/{x}/{y}.png?key=abc"
    changed = csp_with_tiles(policy, url)
    assert changed["DIRECTIVES"]["img-src"] == ["'self'", "data:", "https://api.os.uk"]
    assert changed["DIRECTIVES"]["script-src"] == ["'self'"]
    assert policy["DIRECTIVES"]["img-src"] == ["'self'", "data:"]  # the original is not changed
    assert csp_with_tiles(policy, "") is policy
    assert (
        tile_origin("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
        == "https://a.tile.openstreetmap.org"
    )
    assert tile_origin("https://tiles-{n}.force.police.uk/{z}/{x}/{y}.png") == "https://*.force.police.uk"
    assert tile_origin("javascript:alert(1)") is None


def test_geojson_is_rounded_and_round_trips() -> None:
    import json

    import shapely

    from safer.lib.maps import geojson, layer_bounds

    shape = shapely.box(-2.123456789, 52.1, -2.1, 52.187654321)
    out = geojson(shape, tolerance=0)
    assert out["type"] == "Polygon"
    back = shapely.from_geojson(json.dumps(out))
    assert shapely.hausdorff_distance(back, shape) < 1e-5
    rings: Any = out["coordinates"]
    assert all(len(str(c).split(".")[1]) <= 5 for ring in rings for p in ring for c in p)
    assert layer_bounds(shape.bounds) == [[52.1, -2.12346], [52.18765, -2.1]]
