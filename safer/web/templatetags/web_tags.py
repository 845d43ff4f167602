from __future__ import annotations

from django import template

from safer.lib.phones import tel_href

register = template.Library()


@register.filter
def tel(number: str) -> str:
    """`{{ person.work_mobile|tel }}` gives the href for a tel: link."""
    return tel_href(number or "")
