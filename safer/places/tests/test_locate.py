from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import shapely
from django.utils import timezone

from safer.places import locate
from safer.places.locate import (
    BoundaryIndex,
    neighbourhood_for_point,
    neighbourhood_ids_for_points,
)
from safer.places.models import Neighbourhood
from safer.testing import create_neighbourhood

pytestmark = pytest.mark.django_db

WEST = (-2.30, 52.10, -2.20, 52.20)
EAST = (-2.20, 52.10, -2.10, 52.20)


def test_it_finds_the_neighbourhood_holding_a_point() -> None:
    west = create_neighbourhood(box=WEST)
    east = create_neighbourhood(box=EAST)
    assert neighbourhood_for_point(52.15, -2.25) == west
    assert neighbourhood_for_point(52.15, -2.15) == east


def test_it_finds_nothing_outside_every_boundary() -> None:
    create_neighbourhood(box=WEST)
    assert neighbourhood_for_point(51.5, -0.12) is None
    assert neighbourhood_for_point(float("nan"), -2.25) is None


def test_it_locates_a_batch_exactly_as_it_locates_each_point() -> None:
    west = create_neighbourhood(box=WEST)
    east = create_neighbourhood(box=EAST)
    rng = np.random.default_rng(7)
    lats = rng.uniform(52.05, 52.25, 400)
    lngs = rng.uniform(-2.35, -2.05, 400)
    ids = neighbourhood_ids_for_points(lats, lngs)
    assert ids.dtype == np.int64
    assert {west.pk, east.pk, -1} == set(ids.tolist())
    one_by_one = [getattr(neighbourhood_for_point(a, b), "pk", -1) for a, b in zip(lats, lngs, strict=True)]
    assert ids.tolist() == one_by_one


def test_it_gives_a_point_on_a_shared_edge_to_the_lowest_id() -> None:
    index = BoundaryIndex([9, 4], [shapely.box(*EAST), shapely.box(*WEST)])
    assert index.locate(np.array([52.15]), np.array([-2.20])).tolist() == [4]


def test_it_splits_a_large_batch_without_changing_the_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    index = BoundaryIndex([1, 2], [shapely.box(*WEST), shapely.box(*EAST)])
    rng = np.random.default_rng(3)
    lats, lngs = rng.uniform(52.05, 52.25, 5_000), rng.uniform(-2.35, -2.05, 5_000)
    whole = index.locate(lats, lngs)
    monkeypatch.setattr(locate, "CHUNK_POINTS", 700)
    assert index.locate(lats, lngs).tolist() == whole.tolist()
    assert np.count_nonzero(whole == 1) > 500 and np.count_nonzero(whole == 2) > 500


def test_it_rebuilds_the_index_when_a_boundary_is_saved() -> None:
    nb = create_neighbourhood(box=WEST)
    assert neighbourhood_for_point(52.15, -2.15) is None
    nb.set_boundary(shapely.box(*EAST))
    nb.save()
    assert neighbourhood_for_point(52.15, -2.15) == nb
    assert neighbourhood_for_point(52.15, -2.25) is None


def test_it_notices_a_boundary_changed_by_another_process(monkeypatch: pytest.MonkeyPatch) -> None:
    nb = create_neighbourhood(box=WEST)
    assert neighbourhood_for_point(52.15, -2.25) == nb
    # A queryset update sends no signal, just as a change made by another process would not.
    Neighbourhood.objects.filter(pk=nb.pk).update(
        boundary_wkb=shapely.to_wkb(shapely.box(*EAST)), boundary_updated_at=timezone.now()
    )
    # Within the check interval the process trusts its index...
    assert neighbourhood_for_point(52.15, -2.25) == nb
    # ...and once the interval has passed, the fingerprint shows the change.
    monkeypatch.setattr(locate, "CHECK_SECONDS", 0.0)
    assert neighbourhood_for_point(52.15, -2.15) == nb
    assert neighbourhood_for_point(52.15, -2.25) is None


def test_it_drops_a_neighbourhood_whose_boundary_is_removed() -> None:
    nb = create_neighbourhood(box=WEST)
    assert neighbourhood_for_point(52.15, -2.25) == nb
    nb.boundary_wkb = None
    nb.save()
    assert neighbourhood_ids_for_points(np.array([52.15]), np.array([-2.25])).tolist() == [-1]


def test_it_does_not_rebuild_for_a_save_that_leaves_the_boundary_alone() -> None:
    nb = create_neighbourhood(box=WEST)
    first = locate.get_index()
    nb.name = "Renamed"
    nb.save(update_fields=["name"])
    assert locate.get_index() is first


def test_it_builds_an_index_from_geometries_without_the_database() -> None:
    ring = shapely.Polygon(
        [(-2.3, 52.1), (-2.1, 52.1), (-2.1, 52.3), (-2.3, 52.3)],
        holes=[[(-2.25, 52.15), (-2.15, 52.15), (-2.15, 52.25), (-2.25, 52.25)]],
    )
    index = BoundaryIndex([5, 6], [ring, None])
    assert len(index) == 1
    result = index.locate(np.array([52.12, 52.2, 60.0]), np.array([-2.2, -2.2, 0.0]))
    assert result.tolist() == [5, -1, -1]  # in the ring, in its hole, far away


def test_it_answers_with_no_boundaries_at_all() -> None:
    assert neighbourhood_ids_for_points(np.array([52.15, 52.2]), np.array([-2.25, -2.2])).tolist() == [-1, -1]
    assert neighbourhood_for_point(52.15, -2.25) is None
    assert len(BoundaryIndex([], [])) == 0


def test_it_gives_the_same_answers_to_many_threads_at_once() -> None:
    index = BoundaryIndex([1, 2], [shapely.box(*WEST), shapely.box(*EAST)])
    rng = np.random.default_rng(11)
    lats, lngs = rng.uniform(52.05, 52.25, 2_000), rng.uniform(-2.35, -2.05, 2_000)
    expected = index.locate(lats, lngs).tolist()
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda _: index.locate(lats, lngs).tolist(), range(40)))
    assert all(answer == expected for answer in answers)
