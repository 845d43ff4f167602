"""What every volunteers page shares: pagination, a table of rows in scope, and the add-a-record
page built from a scoped form and the `create` action."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from safer.accounts.scopes import in_scope, require_role
from safer.volunteers import access, actions
from safer.volunteers.forms import ScopedForm

PER_PAGE = 25
Cell = Callable[[Any], Any]


def hours(value: Decimal) -> str:
    """4.00 as "4", 3.50 as "3.5"."""
    return f"{value.normalize():f}"


def paginate(
    request: HttpRequest, rows: Sequence[Any] | QuerySet[Any], param: str = "page"
) -> dict[str, Any]:
    page: Page = Paginator(rows, PER_PAGE).get_page(request.GET.get(param))  # type: ignore[type-arg]
    return {"page_obj": page, "page_range": page.paginator.get_elided_page_range(page.number)}


def scoped(user: Any, model: type[Model]) -> QuerySet[Any]:
    return in_scope(user, model._default_manager.all(), access.SCOPE_PATHS[model._meta.model_name or ""])


def table(
    request: HttpRequest,
    rows: QuerySet[Any],
    columns: Iterable[tuple[str, Cell]],
    *,
    caption: str,
    empty: str,
    param: str = "page",
    link: Callable[[Any], str] | None = None,
) -> dict[str, Any]:
    """One paginated table: headings, each row's cells as text, and the empty-state sentence.
    With `link`, the first cell of each row links to that row's page."""
    columns = list(columns)
    pages = paginate(request, rows, param)
    body = []
    for obj in pages["page_obj"]:
        cells = ["" if (v := cell(obj)) is None else v for _, cell in columns]
        body.append({"cells": cells, "href": link(obj) if link else ""})
    return {
        "caption": caption,
        "headings": [h for h, _ in columns],
        "rows": body,
        "empty": empty,
        "param": param,
        "label": f"{caption} pages",
        **pages,
    }


def list_page(
    *,
    roles: frozenset[str],
    model: type[Model],
    title: str,
    columns: list[tuple[str, Cell]],
    add: str,
    add_label: str,
    empty: str,
    intro: str = "",
    extra: Callable[[HttpRequest], dict[str, Any]] | None = None,
    template: str = "volunteers/records.html",
    order: Sequence[str] = (),
) -> Callable[..., HttpResponse]:
    """A staff list of one model's rows in scope, 25 a page, with a link to add one."""

    @require_safe
    @require_role(*roles)
    def view(request: HttpRequest) -> HttpResponse:
        rows = scoped(request.user, model)
        if order:
            rows = rows.order_by(*order)
        context = {
            "title": title,
            "intro": intro,
            "add_url": reverse(add),
            "add_label": add_label,
            "table": table(request, rows, columns, caption=title, empty=empty),
        }
        if extra:
            context.update(extra(request))
        return render(request, template, context)

    return view


def add_page(
    *,
    roles: frozenset[str],
    form_class: type[ScopedForm],
    title: str,
    back: str,
    done: Callable[[Any], str],
    next_url: Callable[[Any], str] | None = None,
    button: str = "Save",
) -> Callable[..., HttpResponse]:
    """A staff form that records one row through actions.create (which checks role and scope)."""

    @require_http_methods(["GET", "POST"])
    @require_role(*roles)
    def view(request: HttpRequest) -> HttpResponse:
        form = form_class(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            obj = form.save(commit=False)
            many = obj._meta.many_to_many
            m2m = {f.name: form.cleaned_data[f.name] for f in many if f.name in form.cleaned_data}
            actions.create(request.user, roles, obj, m2m)
            messages.success(request, done(obj))
            return redirect(next_url(obj) if next_url else reverse(back))
        return form_page(request, form, title=title, back=reverse(back), button=button)

    return view


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    back: str,
    button: str = "Save",
    caption: str = "",
    **extra: Any,
) -> HttpResponse:
    status = 400 if request.method == "POST" and form.errors else 200
    context = {"form": form, "title": title, "back": back, "button": button, "caption": caption, **extra}
    return render(request, "volunteers/form.html", context, status=status)
