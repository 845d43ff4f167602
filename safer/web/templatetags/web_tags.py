from __future__ import annotations

from django import template

from safer.lib.phones import national, tel_href

register = template.Library()


@register.filter
def tel(number: str) -> str:
    """`{{ person.work_mobile|tel }}` gives the href for a tel: link."""
    return tel_href(number or "")


@register.filter
def phone(number: str) -> str:
    """`{{ person.work_mobile|phone }}`: a stored (E.164) number as people write it, 07700 900123."""
    return national(number or "")
