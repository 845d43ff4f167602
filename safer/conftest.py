"""Fixtures shared by every app's tests. App-specific fixtures live beside their tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


BROWSER_FIXTURES = {"page", "phone_page", "nojs_page", "browser"}
MODULE_TRANSACTION_FIXTURES = {"demo_data", "matrix_everyone"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that drive the browser are marked `browser`, so `make test-fast` can leave them out.
    Modules with the most browser tests run first: xdist hands each test process whole modules in
    this order, so the long ones are shared out early and short ones fill in at the end (in
    alphabetical order the two longest, in web/, came last and one process finished alone)."""
    demo_modules: set[str] = set()
    committing: dict[str, str] = {}
    browser_tests: dict[str, int] = {}
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        module = item.nodeid.split("::")[0]
        browser_tests.setdefault(module, 0)
        if BROWSER_FIXTURES & fixtures:
            item.add_marker(pytest.mark.browser)
            browser_tests[module] += 1
        if MODULE_TRANSACTION_FIXTURES & fixtures:
            demo_modules.add(module)
        marker = item.get_closest_marker("django_db")
        if {"live_server", "transactional_db"} & fixtures or (marker and marker.kwargs.get("transaction")):
            committing.setdefault(module, item.nodeid)
    # demo_data and matrix_everyone hold one transaction open for their whole module: a test that
    # commits (or flushes) inside it would run in that transaction and fail on PostgreSQL only.
    for module in sorted(demo_modules & set(committing)):
        raise pytest.UsageError(
            f"{committing[module]} commits, but its module also holds a module-wide transaction"
        )
    # A stable sort: modules keep their order among equals, and tests their order in a module.
    items.sort(key=lambda item: -browser_tests[item.nodeid.split("::")[0]])


@pytest.fixture(autouse=True, scope="session")
def _fast_settings() -> Iterator[None]:
    """For the whole session, module-scoped data (the demo) included: fast password hashing (a
    password hashed before a test must be checkable by it) and a short demo scorecard history."""
    from django.test import override_settings

    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Two stored months show the scorecard's charts and tables; twelve cost 20 s a demo build.
        DEMO_SCORECARD_MONTHS=2,
    ):
        yield


@pytest.fixture(autouse=True, scope="session")
def _static_files_listed_once() -> Iterator[None]:
    """Each test Client loads the middleware afresh, and WhiteNoise's start-up lists and stats every
    static file (about 160, the admin's included): 27 ms a Client, 40% of the access matrix's time.
    A server does that once per process; so does a test process. The files do not change while
    tests run (the CSS is built before), and each middleware still gets its own dictionary."""
    from whitenoise.middleware import WhiteNoiseMiddleware

    scan = WhiteNoiseMiddleware.add_files_from_finders
    listed: dict[str, Any] = {}

    def add_files_once(self: WhiteNoiseMiddleware) -> None:
        if not listed:
            own, self.files = self.files, listed
            scan(self)
            self.files = own
        self.files.update(listed)  # as the scan would: a found file wins over STATIC_ROOT's

    WhiteNoiseMiddleware.add_files_from_finders = add_files_once  # type: ignore[method-assign]
    yield
    WhiteNoiseMiddleware.add_files_from_finders = scan  # type: ignore[method-assign]


@pytest.fixture(autouse=True, scope="session")
def _flush_only_tables_with_rows() -> Iterator[None]:
    """On PostgreSQL, a test that commits (live server, transactional_db) is followed by Django's
    flush: one TRUNCATE of all 180 tables, 0.6 s however little the test wrote. Deleting the rows
    of the tables that have any takes a few milliseconds. Foreign keys are deferred to the commit,
    by which time every table that had rows is empty, and ids go on from where they were, as after
    Django's flush without reset_sequences."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def delete_rows(
        self: DatabaseOperations,
        style: Any,
        tables: Any,
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if reset_sequences or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        quote = self.quote_name
        probe = " UNION ALL ".join(
            f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})" for table in tables
        )
        with self.connection.cursor() as cursor:
            cursor.execute(probe, list(tables))
            with_rows = [table for (table,) in cursor.fetchall()]
        return [f"DELETE FROM {quote(table)};" for table in with_rows]

    DatabaseOperations.sql_flush = delete_rows  # type: ignore[method-assign,assignment]
    yield
    DatabaseOperations.sql_flush = truncate  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _isolated_cache() -> Iterator[None]:
    """Each test starts with an empty cache and a locate index that will be rebuilt from its own
    data (a rolled-back test's boundaries must not linger in the in-process index)."""
    from django.core.cache import cache

    from safer.places.locate import invalidate_index

    cache.clear()
    invalidate_index()
    yield
    cache.clear()
    invalidate_index()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Test databases are made from the models, not by running 50 migrations (30 s a test process
    on 2 cores, against about 2). safer/lib/tests/test_migrations.py proves the two give the same
    schema, and problems/tests/test_moved_models.py still runs the migrations both ways."""
    from django.db import connections

    for alias in connections:
        connections[alias].settings_dict.setdefault("TEST", {})["MIGRATE"] = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """On PostgreSQL, the test database does not wait for the disk at each commit: browser tests
    commit and empty every table per test, and durability means nothing for a database dropped at
    the end. (New connections, the live server's included, take the database's setting.)

    pytest-django creates the test database only when some collected test is marked for it; a run
    of one module whose tests use only module-scoped data (site_demo) needs it too."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    created = None
    with django_db_blocker.unblock():
        on_test_database = (
            connection.is_in_memory_db()  # type: ignore[attr-defined]
            if connection.vendor == "sqlite"
            else connection.settings_dict["NAME"].startswith("test_")
        )
        if not on_test_database:
            created = setup_databases(verbosity=0, interactive=False, aliases={"default": {}})
        if connection.vendor == "postgresql":
            name = connection.ops.quote_name(connection.settings_dict["NAME"])
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER DATABASE {name} SET synchronous_commit TO off")
                cursor.execute("SET synchronous_commit TO off")
    yield
    if created is not None:
        with django_db_blocker.unblock():
            teardown_databases(created, verbosity=0)


@pytest.fixture(scope="module")
def demo_data(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo data set for a module's tests that only read it: built once per test process,
    restored from a snapshot for each module that asks, and rolled back when the module ends.
    Tests that use it also take `db` (each runs in a savepoint inside the module's transaction)."""
    from django.db import transaction

    from safer.places.locate import invalidate_index
    from safer.testing import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)
    invalidate_index()


@pytest.fixture(scope="module")
def matrix_everyone(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """The access matrix's worlds and signed-in accounts (safer/accounts/tests/matrix.py), built
    once for a module's rows and rolled back when the module ends. Each row's test also takes `db`
    and runs every subject in a savepoint inside this transaction, so no row sees another's data."""
    from django.db import transaction

    from safer.accounts.tests.matrix import build_everyone

    with django_db_blocker.unblock(), transaction.atomic():
        yield build_everyone()
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright: never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


def watch_csp(context: Any) -> list[str]:
    """Collect the Content-Security-Policy violations Chromium reports on every page of `context`.

    Browser contexts run with the production CSP (never `bypass_csp`): an inline script or style
    without the nonce is blocked, and a test that needs it fails as a person's browser would."""
    violations: list[str] = []

    def on_page(pg: Any) -> None:
        pg.on(
            "console",
            lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
        )

    context.on("page", on_page)
    return violations


@contextmanager
def csp_checked_page(browser: Any, **options: Any) -> Iterator[Any]:
    """A page in a new context that must finish its test with no CSP violation."""
    # A UK reader's browser: date and time pickers show 07/12/2026 and 22:00, not US forms.
    context = browser.new_context(**{"locale": "en-GB", **options})
    violations = watch_csp(context)
    pg = context.new_page()
    try:
        yield pg
        assert violations == [], f"Content-Security-Policy violations: {violations}"
    finally:
        context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with csp_checked_page(browser, viewport={"width": 1280, "height": 900}) as pg:
        yield pg


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    with csp_checked_page(
        browser, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    ) as pg:
        yield pg


@pytest.fixture
def nojs_page(browser: Any) -> Iterator[Any]:
    with csp_checked_page(browser, java_script_enabled=False, viewport={"width": 1280, "height": 900}) as pg:
        yield pg


def load_axe(page: Any) -> None:
    """Put axe-core on the page through the DevTools protocol, which the page's CSP does not
    govern (a script tag added to the page would be blocked as inline script, as it should be)."""
    page.evaluate(f"() => {{ {AXE_JS.read_text()}\n }}")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0–2.2 A and AA rules) on the page as loaded; return its violations.
    Every violating node is still reported; `resultTypes` only stops axe listing every node that
    passes (documented for speed: 4.6 s to 2.6 s on the charter's scorecard)."""
    load_axe(page)
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})"
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]
