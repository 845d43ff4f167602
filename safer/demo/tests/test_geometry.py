from __future__ import annotations

import shapely

from safer.demo.datafiles import demo_boundaries, load_neighbourhoods
from safer.demo.geometry import load_outline, outline_from_points, voronoi_cells


def test_it_keeps_every_team_centre_inside_the_committed_outline():
    outline = load_outline()
    assert outline.is_valid and 0.8 < outline.area < 1.2  # West Mercia is about 7,400 km2
    for row in load_neighbourhoods():
        assert outline.contains(shapely.Point(row.lng, row.lat)), row.name


def test_it_covers_the_outline_with_one_polygon_per_centre():
    outline = load_outline()
    cells = demo_boundaries()
    assert all(c.geom_type == "Polygon" for c in cells)
    assert abs(sum(c.area for c in cells) - outline.area) < 1e-6


def test_it_gives_a_cut_off_piece_of_a_cell_to_a_neighbour():
    # An outline with a deep bay: the left centre's cell is cut in two by it.
    outline = shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10), (0, 6), (6, 6), (6, 4), (0, 4)])
    cells = voronoi_cells([(1, 8), (8, 5), (1, 2)], outline)
    assert [c.geom_type for c in cells] == ["Polygon"] * 3
    assert abs(sum(c.area for c in cells) - outline.area) < 1e-6


def test_it_derives_an_outline_from_crime_points():
    points = [(x / 10, y / 10) for x in range(11) for y in range(11)]
    outline = outline_from_points(points)
    assert outline.contains(shapely.box(0, 0, 1, 1))
