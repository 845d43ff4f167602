"""The concerns and "you said, we did" pages lead somewhere: to the team, to raising a concern,
and to each other."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"#?]+)"', html))


@pytest.mark.parametrize(("page", "onward"), [("concerns", "priorities"), ("priorities", "concerns")])
def test_the_page_links_to_the_team_to_raising_a_concern_and_onward(client, team, page, onward):
    nb = team.neighbourhood
    html = client.get(reverse(f"engagement:{page}", args=[nb.slug])).content.decode()
    links = _links(html)
    assert reverse("contact:form", args=[nb.slug]) in links
    assert nb.get_absolute_url() in links
    assert reverse(f"engagement:{onward}", args=[nb.slug]) in links
    assert reverse("engagement:surveys", args=[nb.slug]) in links
