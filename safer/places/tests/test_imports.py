from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import shapely
from django.core.management import CommandError, call_command

from safer.places.imports import PlacesImportError, import_boundaries, import_postcodes, parse_kml
from safer.places.locate import neighbourhood_for_point, neighbourhood_for_postcode
from safer.places.models import Force, Neighbourhood, Place, Postcode

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
BOUNDARIES = FIXTURES / "boundaries"
ONSPD = FIXTURES / "onspd-sample.csv"


def code_of(neighbourhood: Neighbourhood | None) -> str | None:
    return None if neighbourhood is None else neighbourhood.code


def copy_boundaries(tmp_path: Path) -> Path:
    target = tmp_path / "boundaries"
    shutil.copytree(BOUNDARIES, target)
    return target


def test_it_imports_a_folder_of_kml_boundaries() -> None:
    assert import_boundaries(BOUNDARIES) == 3
    force = Force.objects.get(slug="west-mercia")
    by_code = {nb.code: nb for nb in Neighbourhood.objects.filter(force=force)}
    assert set(by_code) == {"SNT101", "SNT102", "SNT103"}
    assert by_code["SNT101"].name == "Worcester Cathedral"  # from the Placemark's name
    assert by_code["SNT101"].slug == "worcester-cathedral"
    assert by_code["SNT102"].name == "Pershore and Villages"  # from its ExtendedData
    assert by_code["SNT103"].name == "SNT103"  # the file names nothing: the code stands in
    assert all(nb.centre_lat and nb.centre_lng and nb.boundary_updated_at for nb in by_code.values())


def test_it_keeps_holes_and_every_part_of_a_multigeometry() -> None:
    import_boundaries(BOUNDARIES)
    cathedral = Neighbourhood.objects.get(code="SNT101")
    pershore = Neighbourhood.objects.get(code="SNT102")
    assert isinstance(cathedral.boundary, shapely.Polygon) and len(cathedral.boundary.interiors) == 1
    assert isinstance(pershore.boundary, shapely.MultiPolygon) and len(pershore.boundary.geoms) == 2
    assert neighbourhood_for_point(52.2, -2.28) == cathedral
    assert neighbourhood_for_point(52.2, -2.25) is None  # in the hole
    assert neighbourhood_for_point(52.17, -1.97) == pershore  # in its second polygon
    assert neighbourhood_for_point(52.17, -2.05) is None  # between its two polygons


def test_it_updates_rather_than_duplicates_on_reimport(tmp_path: Path) -> None:
    folder = copy_boundaries(tmp_path)
    import_boundaries(folder)
    first = {nb.code: (nb.pk, nb.slug, nb.boundary_updated_at) for nb in Neighbourhood.objects.all()}
    import_boundaries(folder)
    assert {nb.code: (nb.pk, nb.slug, nb.boundary_updated_at) for nb in Neighbourhood.objects.all()} == first

    kml = folder / "west-mercia" / "SNT103.kml"
    kml.write_text(
        kml.read_text().replace("-2.10,52.35", "-2.00,52.35").replace("-2.10,52.25", "-2.00,52.25")
    )
    import_boundaries(folder)
    moved = Neighbourhood.objects.get(code="SNT103")
    assert Neighbourhood.objects.count() == 3 and moved.pk == first["SNT103"][0]
    assert moved.boundary_updated_at != first["SNT103"][2]
    assert neighbourhood_for_point(52.3, -2.05) == moved


def test_it_takes_one_forces_folder_directly() -> None:
    assert import_boundaries(BOUNDARIES / "west-mercia") == 3
    assert Force.objects.get().slug == "west-mercia"


@pytest.mark.parametrize(
    ("broken", "line", "message"),
    [
        (
            "<kml><Placemark><Polygon>\n<outerBoundaryIs>\n</kml>",
            3,
            "is not well-formed XML (mismatched tag)",
        ),
        (
            "<kml><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>\n"
            "-2.3,52.1 -2.2,52.1\n-2.2,north -2.3,52.1</coordinates>"
            "</LinearRing></outerBoundaryIs></Polygon></Placemark></kml>",
            3,
            "'-2.2,north' is not a 'longitude,latitude' pair",
        ),
        ("<kml>\n<Placemark><name>Empty</name></Placemark></kml>", 1, "holds no Placemark with a Polygon"),
        ('<!DOCTYPE kml [<!ENTITY a "aaaa">]>\n<kml/>', 1, "DTDs and entity declarations are not allowed"),
    ],
)
def test_a_malformed_kml_file_names_itself_and_imports_nothing(
    tmp_path: Path, broken: str, line: int, message: str
) -> None:
    folder = copy_boundaries(tmp_path)
    bad = folder / "west-mercia" / "SNT999.kml"
    bad.write_text(broken)
    with pytest.raises(PlacesImportError) as raised:
        import_boundaries(folder)
    assert str(raised.value) == f"{bad}, line {line}: {message}"
    assert raised.value.line == line
    assert not Neighbourhood.objects.exists() and not Force.objects.exists()


def test_a_malformed_kml_leaves_an_earlier_import_untouched(tmp_path: Path) -> None:
    folder = copy_boundaries(tmp_path)
    import_boundaries(folder)
    before = {nb.code: bytes(nb.boundary_wkb or b"") for nb in Neighbourhood.objects.all()}
    kml = folder / "west-mercia" / "SNT101.kml"
    kml.write_text(kml.read_text().replace("-2.30,52.15,0 -2.20,52.15,0", "-2.30,52.15,0 -2.20,x,0"))
    (folder / "west-mercia" / "SNT104.kml").write_text((folder / "west-mercia" / "SNT103.kml").read_text())
    with pytest.raises(PlacesImportError, match=r"SNT101.kml, line 10: '-2.20,x,0'"):
        import_boundaries(folder)
    assert {nb.code: bytes(nb.boundary_wkb or b"") for nb in Neighbourhood.objects.all()} == before


def test_it_repairs_a_self_intersecting_ring(tmp_path: Path) -> None:
    bowtie = tmp_path / "BOW.kml"
    bowtie.write_text(
        "<kml><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>"
        "0,0 2,2 2,0 0,2 0,0</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>"
    )
    geometry = parse_kml(bowtie).geometry
    assert geometry.is_valid and geometry.area == pytest.approx(2.0)


def test_it_imports_the_ons_postcode_directory() -> None:
    import_boundaries(BOUNDARIES)
    assert import_postcodes(ONSPD) == 5
    by_code = {p.postcode: p for p in Postcode.objects.select_related("neighbourhood")}
    assert set(by_code) == {"WR12AA", "WR12AB", "WR102AA", "WR38SP", "WR99ZZ"}  # terminated, no-grid skipped
    codes = {pc: getattr(p.neighbourhood, "code", None) for pc, p in by_code.items()}
    assert codes == {
        "WR12AA": "SNT101",
        "WR12AB": None,
        "WR102AA": "SNT102",
        "WR38SP": "SNT103",
        "WR99ZZ": None,
    }
    assert by_code["WR38SP"].latitude == 52.3 and by_code["WR38SP"].longitude == -2.2
    assert neighbourhood_for_postcode("wr3 8sp") == Neighbourhood.objects.get(code="SNT103")


def test_reimporting_postcodes_updates_them_and_drops_terminated_ones(tmp_path: Path) -> None:
    import_boundaries(BOUNDARIES)
    import_postcodes(ONSPD)
    Postcode.objects.create(postcode="WR19XX", latitude=52.21, longitude=-2.29)  # stored before it ended
    Postcode.objects.filter(postcode="WR38SP").update(latitude=0, longitude=0, neighbourhood=None)
    assert import_postcodes(ONSPD) == 5
    assert Postcode.objects.count() == 5 and not Postcode.objects.filter(postcode="WR19XX").exists()
    moved_back = Postcode.objects.get(postcode="WR38SP")
    assert (moved_back.latitude, code_of(moved_back.neighbourhood)) == (52.3, "SNT103")


def test_it_reads_nspl_style_upper_case_headers(tmp_path: Path) -> None:
    csv = tmp_path / "nspl.csv"
    csv.write_text(
        "\ufeffPCD7,PCD8,PCDS,DOINTR,DOTERM,LAT,LONG\nWR1 2AA,WR1  2AA,WR1 2AA,198001,,52.2,-2.28\n"
    )
    import_boundaries(BOUNDARIES)
    assert import_postcodes(csv) == 1
    assert code_of(Postcode.objects.get().neighbourhood) == "SNT101"


def test_it_can_keep_one_police_force_areas_postcodes(tmp_path: Path) -> None:
    national = tmp_path / "national.csv"
    national.write_text(ONSPD.read_text().replace("E23000016,19000", "E23000001,19000", 1))
    assert import_postcodes(national, pfa="E23000016") == 4
    assert not Postcode.objects.filter(postcode="WR12AA").exists()
    no_pfa = tmp_path / "no-pfa.csv"
    no_pfa.write_text("pcds,lat,long\nWR1 2AA,52.2,-2.28\n")
    with pytest.raises(PlacesImportError, match="no-pfa.csv, line 1: has no 'pfa' column"):
        import_postcodes(no_pfa, pfa="E23000016")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("WR1 3AA,WR1  3AA,WR1 3AA,198001,,52.2", "has 6 fields; the header has 7"),
        ("NOT A PC,x,NOT A PC,198001,,52.2,-2.28", "'NOT A PC' is not a postcode"),
        ("WR1 3AA,WR1  3AA,WR1 3AA,198001,,north,-2.28", "lat 'north' and long '-2.28' must be numbers"),
        ("WR1 3AA,WR1  3AA,WR1 3AA,198001,,52.2,-200", "lat 52.2 and long -200.0 are not a WGS84 point"),
    ],
)
def test_a_malformed_postcode_row_names_its_line_and_imports_nothing(
    tmp_path: Path, row: str, message: str
) -> None:
    csv = tmp_path / "onspd.csv"
    csv.write_text(
        "pcd,pcd2,pcds,dointr,doterm,lat,long\n"
        "WR1 2AA,WR1  2AA,WR1 2AA,198001,,52.2,-2.28\n"
        "WR1 2AB,WR1  2AB,WR1 2AB,198001,,52.2,-2.25\n"
        f"{row}\n"
    )
    with pytest.raises(PlacesImportError) as raised:
        import_postcodes(csv)
    assert str(raised.value) == f"{csv}, line 4: {message}"
    assert not Postcode.objects.exists()


def test_a_postcode_file_without_the_columns_it_needs_is_refused(tmp_path: Path) -> None:
    csv = tmp_path / "other.csv"
    csv.write_text("postcode,x,y\nWR1 2AA,1,2\n")
    with pytest.raises(PlacesImportError, match=r"other.csv, line 1: has no postcode column"):
        import_postcodes(csv)


def test_importing_boundaries_moves_postcodes_and_places_to_them(tmp_path: Path) -> None:
    import_postcodes(ONSPD)  # before any boundary exists: no neighbourhoods yet
    assert not Postcode.objects.filter(neighbourhood__isnull=False).exists()
    place = Place.objects.create(name="Claines", latitude=52.3, longitude=-2.2)
    import_boundaries(BOUNDARIES)
    assert code_of(Postcode.objects.get(postcode="WR12AA").neighbourhood) == "SNT101"
    assert Postcode.objects.get(postcode="WR12AB").neighbourhood is None
    place.refresh_from_db()
    assert code_of(place.neighbourhood) == "SNT103"


def test_the_commands_import_and_report_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import_boundaries", str(BOUNDARIES))
    call_command("import_postcodes", str(ONSPD))
    assert "Imported 3 neighbourhood boundaries." in capsys.readouterr().out
    assert Postcode.objects.count() == 5
    (tmp_path / "bad.csv").write_text("pcds,lat,long\nWR1 2AA,52.2\n")
    with pytest.raises(CommandError, match=r"Nothing was imported\. .*bad.csv, line 2: has 2 fields"):
        call_command("import_postcodes", str(tmp_path / "bad.csv"), "--quiet")
    with pytest.raises(CommandError, match=r"holds no .kml files"):
        call_command("import_boundaries", str(tmp_path))


def test_it_shows_progress_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    import_boundaries(BOUNDARIES, progress=True)
    import_postcodes(ONSPD, progress=True)
    err = capsys.readouterr().err
    assert "Reading boundaries" in err and "3/3" in err
    assert "Importing postcodes" in err and "100%" in err
