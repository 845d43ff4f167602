"""data.police.uk crime categories and outcome names (slug ↔ name ↔ CSV wording)."""

from __future__ import annotations

from django.utils.text import slugify

# (slug, API name, CSV "Crime type"), in the order crime-categories lists them.
CATEGORIES: list[tuple[str, str, str]] = [
    ("anti-social-behaviour", "Anti-social behaviour", "Anti-social behaviour"),
    ("bicycle-theft", "Bicycle theft", "Bicycle theft"),
    ("burglary", "Burglary", "Burglary"),
    ("criminal-damage-arson", "Criminal damage and arson", "Criminal damage and arson"),
    ("drugs", "Drugs", "Drugs"),
    ("other-theft", "Other theft", "Other theft"),
    ("possession-of-weapons", "Possession of weapons", "Possession of weapons"),
    ("public-order", "Public order", "Public order"),
    ("robbery", "Robbery", "Robbery"),
    ("shoplifting", "Shoplifting", "Shoplifting"),
    ("theft-from-the-person", "Theft from the person", "Theft from the person"),
    ("vehicle-crime", "Vehicle crime", "Vehicle crime"),
    ("violent-crime", "Violence and sexual offences", "Violence and sexual offences"),
    ("other-crime", "Other crime", "Other crime"),
]
ALL_CRIME = ("all-crime", "All crime")
NAME_BY_SLUG = {slug: name for slug, name, _ in CATEGORIES}
SLUG_BY_CSV = {csv: slug for slug, _, csv in CATEGORIES}
# Older months used other wordings; they map onto the current slugs.
SLUG_BY_CSV.update(
    {
        "Violent crime": "violent-crime",
        "Public disorder and weapons": "public-disorder-weapons",
        "Other crime": "other-crime",
    }
)
NAME_BY_SLUG.setdefault("public-disorder-weapons", "Public disorder and weapons")

OUTCOME_CODES: dict[str, str] = {
    "awaiting-court-result": "Awaiting court outcome",
    "court-result-unavailable": "Court result unavailable",
    "unable-to-proceed": "Court case unable to proceed",
    "local-resolution": "Local resolution",
    "no-further-action": "Investigation complete; no suspect identified",
    "deprived-of-property": "Offender deprived of property",
    "fined": "Offender fined",
    "absolute-discharge": "Offender given absolute discharge",
    "cautioned": "Offender given a caution",
    "drugs-possession-warning": "Offender given a drugs possession warning",
    "penalty-notice-issued": "Offender given a penalty notice",
    "community-penalty": "Offender given community sentence",
    "conditional-discharge": "Offender given conditional discharge",
    "suspended-sentence": "Offender given suspended prison sentence",
    "imprisoned": "Offender sent to prison",
    "other-court-disposal": "Offender otherwise dealt with",
    "compensation": "Offender ordered to pay compensation",
    "sentenced-in-another-case": "Suspect charged as part of another case",
    "charged": "Suspect charged",
    "not-guilty": "Defendant found not guilty",
    "sent-to-crown-court": "Defendant sent to Crown Court",
    "unable-to-prosecute": "Unable to prosecute suspect",
    "formal-action-not-in-public-interest": "Formal action is not in the public interest",
    "action-taken-by-another-organisation": "Action to be taken by another organisation",
    "further-investigation-not-in-public-interest": "Further investigation is not in the public interest",
    "further-action-not-in-public-interest": "Further action is not in the public interest",
    "under-investigation": "Under investigation",
    "status-update-unavailable": "Status update unavailable",
}
CODE_BY_OUTCOME = {name: code for code, name in OUTCOME_CODES.items()}
CODE_BY_OUTCOME["Offender given penalty notice"] = "penalty-notice-issued"  # real West Mercia wording


def outcome_code(name: str) -> str:
    return CODE_BY_OUTCOME.get(name) or slugify(name)


def category_name(slug: str) -> str:
    return NAME_BY_SLUG.get(slug, slug.replace("-", " ").capitalize())
