"""Forms for residents (sign-up, preferences, places, codes) and staff (compose, approve)."""

from __future__ import annotations

import re
from typing import Any

import shapely
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef

from safer.alerts.actions import Draft, PlaceSpec, Preferences, Registration
from safer.alerts.fanout import METRES_PER_DEGREE, circle, neighbourhood_ids_touching
from safer.alerts.models import (
    DigestFrequency,
    Group,
    Kind,
    Message,
    PlaceHow,
    Subscriber,
    Target,
    Urgency,
    bits_to_kinds,
    kinds_to_bits,
)
from safer.lib import phones
from safer.lib.govuk import GovukForm
from safer.places import locate
from safer.places.models import Neighbourhood, PolicingArea, Postcode, format_postcode, normalise_postcode

POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2})\b", re.IGNORECASE)
LAT_LNG = re.compile(r"^\s*([+-]?\d{1,2}(?:\.\d+)?)\s*,\s*([+-]?\d{1,3}(?:\.\d+)?)\s*$")
MAX_RADIUS_KM = 10


def example_postcode() -> str:
    """A real postcode of this force to show as an example, or "" where none is imported yet: an
    example from another force's patch would confuse its residents."""
    # Neighbourhood first, then its postcodes: both steps use an index, where ordering the whole
    # postcode directory (2.7 million rows, most of them other forces') would not.
    has_postcodes = Exists(Postcode.objects.filter(neighbourhood=OuterRef("pk")))
    nb = Neighbourhood.objects.filter(has_postcodes, force__slug=settings.FORCE_ID).order_by("name").first()
    row = Postcode.objects.filter(neighbourhood=nb).order_by("postcode").first() if nb else None
    return format_postcode(row.postcode) if row else ""


def example_location() -> str:
    """A neighbourhood centre of this force as "lat,lng", or "" where there is none."""
    nb = (
        Neighbourhood.objects.filter(force__slug=settings.FORCE_ID, centre_lat__isnull=False)
        .order_by("name")
        .first()
    )
    if nb is None or nb.centre_lng is None:
        return ""
    return f"{nb.centre_lat:.2f},{nb.centre_lng:.2f}"


def postcode_hint() -> str:
    example = example_postcode()
    if example:
        return f"A full postcode, like {example}, or an address with its postcode"
    return "For example, a full postcode, or an address with its postcode"


def location_hint() -> str:
    example = example_location()
    where = f", like {example}" if example else ""
    return f"A full postcode, or a latitude and longitude separated by a comma{where}"


def resolve_place(text: str, label: str, radius_km: float | None = None) -> PlaceSpec:
    """A postcode, an address containing one, or "lat,lng", as a place with its neighbourhoods."""
    text = text.strip()
    match = LAT_LNG.match(text)
    postcode = ""
    if match:
        lat, lng = float(match.group(1)), float(match.group(2))
        how = PlaceHow.LOCATION
    else:
        found = POSTCODE_IN_TEXT.search(text)
        if not found:
            example = example_postcode()
            postcode_like = f"a postcode, like {example}," if example else "a full postcode,"
            raise ValidationError(f"Enter {postcode_like} or an address with its postcode")
        postcode = normalise_postcode(found.group(1))
        row = Postcode.objects.filter(postcode=postcode).first()
        if row is None:
            raise ValidationError(f"We could not find the postcode {format_postcode(postcode)}")
        lat, lng, how = row.latitude, row.longitude, PlaceHow.POSTCODE
    if radius_km:
        ids = neighbourhood_ids_touching(circle(lat, lng, radius_km * 1000))
        if not ids:
            raise ValidationError("No neighbourhood we police is within that distance")
        return PlaceSpec(label, PlaceHow.RADIUS, ids, postcode, lat, lng, int(radius_km * 1000))
    neighbourhood = locate.neighbourhood_for_point(lat, lng)
    if neighbourhood is None:
        raise ValidationError("That place is not in an area we police")
    return PlaceSpec(label, how, [neighbourhood.pk], postcode, lat, lng)


def kind_choices() -> list[tuple[str, str]]:
    return list(Kind.choices)


class PreferencesForm(GovukForm):
    email_kinds = forms.MultipleChoiceField(
        choices=kind_choices, required=False, widget=forms.CheckboxSelectMultiple, label="By email"
    )
    sms_kinds = forms.MultipleChoiceField(
        choices=kind_choices, required=False, widget=forms.CheckboxSelectMultiple, label="By text message"
    )
    voice_kinds = forms.MultipleChoiceField(
        choices=kind_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="By phone call (urgent messages only)",
    )
    digest_kinds = forms.MultipleChoiceField(
        choices=kind_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Put these emails in a digest instead of sending each one straight away",
    )
    digest_frequency = forms.ChoiceField(
        choices=DigestFrequency.choices,
        initial=DigestFrequency.DAILY,
        widget=forms.RadioSelect,
        label="Digest",
    )
    quiet_start = forms.TimeField(required=False, label="No texts or calls from (for example 22:00)")
    quiet_end = forms.TimeField(required=False, label="Until (for example 07:00)")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("quiet_start")) != bool(data.get("quiet_end")):
            self.add_error("quiet_end", "Enter both times for quiet hours, or neither")
        return data

    def preferences(self) -> Preferences:
        d = self.cleaned_data
        return Preferences(
            email_kinds=kinds_to_bits(d["email_kinds"]),
            sms_kinds=kinds_to_bits(d["sms_kinds"]),
            voice_kinds=kinds_to_bits(d["voice_kinds"]),
            digest_kinds=kinds_to_bits(d["digest_kinds"]),
            digest_frequency=d["digest_frequency"],
            quiet_start=d.get("quiet_start"),
            quiet_end=d.get("quiet_end"),
        )

    @classmethod
    def initial_for(cls, s: Subscriber) -> dict[str, Any]:
        return {
            "email_kinds": bits_to_kinds(s.email_kinds),
            "sms_kinds": bits_to_kinds(s.sms_kinds),
            "voice_kinds": bits_to_kinds(s.voice_kinds),
            "digest_kinds": bits_to_kinds(s.digest_kinds),
            "digest_frequency": s.digest_frequency,
            "quiet_start": s.quiet_start,
            "quiet_end": s.quiet_end,
        }


class ManageForm(PreferencesForm):
    """The manage page's choices, with the mobile they need: text messages go only to a mobile,
    calls to a landline or a mobile."""

    mobile = forms.CharField(
        required=False,
        label="Mobile number",
        max_length=30,
        help_text="For text messages and calls. We will send a code to a new number to confirm it.",
    )

    field_order = ["email_kinds", "mobile", "sms_kinds", "voice_kinds"]

    def __init__(self, *args: Any, subscriber: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subscriber = subscriber

    def clean_mobile(self) -> str:
        return phones.normalise(self.cleaned_data.get("mobile", ""), mobile=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        mobile = data.get("mobile") or ("" if "mobile" in self.errors else self.subscriber.mobile)
        if data.get("sms_kinds") and not mobile:
            self.add_error("sms_kinds", "Enter a mobile number to get text messages")
        if data.get("voice_kinds") and not (mobile or self.subscriber.landline):
            self.add_error("voice_kinds", "Enter a mobile number to get phone calls")
        return data

    @property
    def new_mobile(self) -> str:
        """A number different from the one on record, to be confirmed; empty if unchanged."""
        entered = str(self.cleaned_data.get("mobile") or "")
        return entered if entered and entered != self.subscriber.mobile else ""


class SignupForm(PreferencesForm):
    email = forms.EmailField(required=False, label="Email address", max_length=254)
    mobile = forms.CharField(required=False, label="Mobile number", max_length=30)
    landline = forms.CharField(required=False, label="Landline number (for phone calls)", max_length=30)
    home = forms.CharField(required=False, label="Home postcode or address", max_length=200)
    work = forms.CharField(required=False, label="Work postcode or address", max_length=200)
    neighbourhood = forms.ModelChoiceField(
        queryset=Neighbourhood.objects.order_by("name"),
        required=False,
        label="Or choose a neighbourhood by name",
        empty_label="Choose a neighbourhood",
    )
    point = forms.CharField(required=False, label="Or a location", max_length=100)
    radius_km = forms.FloatField(
        required=False, min_value=0.1, max_value=MAX_RADIUS_KM, label="and everything within (kilometres)"
    )
    consent = forms.BooleanField(
        required=True,
        label="I agree to get the messages I have chosen, and understand I can stop them at any time",
        error_messages={"required": "Tick the box to agree to get messages"},
    )

    field_order = ["email", "mobile", "landline", "home", "work", "neighbourhood", "point", "radius_km"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Examples come from this force's own data, so every force's residents see a local one.
        self.fields["home"].help_text = self.fields["work"].help_text = postcode_hint()
        self.fields["point"].help_text = location_hint()

    def clean_email(self) -> str:
        value = self.cleaned_data.get("email", "").strip()
        if not value:
            return ""
        local, _, domain = value.rpartition("@")
        if not local.isascii():
            raise ValidationError("Enter an email address using only letters a to z, numbers and symbols")
        return f"{local}@{domain.encode('idna').decode('ascii').lower()}"

    def clean_mobile(self) -> str:
        return phones.normalise(self.cleaned_data.get("mobile", ""), mobile=True)

    def clean_landline(self) -> str:
        return phones.normalise(self.cleaned_data.get("landline", ""), mobile=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("email") or data.get("mobile") or data.get("landline")) and not any(
            f in self.errors for f in ("email", "mobile", "landline")
        ):
            self.add_error("email", "Enter an email address, a mobile number or a landline number")
        for address, kinds, label in (
            ("email", "email_kinds", "by email"),
            ("mobile", "sms_kinds", "by text"),
            ("landline", "voice_kinds", "by phone call"),
        ):
            if data.get(address) and not data.get(kinds) and address != "landline":
                self.add_error(kinds, f"Choose which messages to get {label}")
        if data.get("voice_kinds") and not (data.get("landline") or data.get("mobile")):
            self.add_error("voice_kinds", "Enter a phone number to get phone calls")
        if data.get("sms_kinds") and not data.get("mobile") and "mobile" not in self.errors:
            self.add_error("sms_kinds", "Enter a mobile number to get text messages")
        if data.get("email_kinds") and not data.get("email") and "email" not in self.errors:
            self.add_error("email_kinds", "Enter an email address to get emails")
        places: list[PlaceSpec] = []
        for name, label in (("home", "home"), ("work", "work")):
            if data.get(name):
                try:
                    places.append(resolve_place(data[name], label))
                except ValidationError as exc:
                    self.add_error(name, exc)
        if data.get("neighbourhood"):
            nb = data["neighbourhood"]
            places.append(PlaceSpec(nb.name, PlaceHow.NEIGHBOURHOOD, [nb.pk]))
        if data.get("point"):
            try:
                places.append(resolve_place(data["point"], "chosen place", data.get("radius_km")))
            except ValidationError as exc:
                self.add_error("point", exc)
        if not places and not any(f in self.errors for f in ("home", "work", "point")):
            self.add_error(
                "home",
                "Enter a postcode or address, or choose a neighbourhood, so we know where you want"
                " alerts for",
            )
        self.places = places
        return data

    def registration(self) -> Registration:
        d = self.cleaned_data
        return Registration(
            email=d["email"],
            mobile=d["mobile"],
            landline=d["landline"],
            places=self.places,
            preferences=self.preferences(),
        )


class AddPlaceForm(GovukForm):
    place = forms.CharField(
        label="Postcode, address, or latitude and longitude", max_length=200, required=False
    )
    neighbourhood = forms.ModelChoiceField(
        queryset=Neighbourhood.objects.order_by("name"),
        required=False,
        label="Or a neighbourhood by name",
        empty_label="Choose a neighbourhood",
    )
    radius_km = forms.FloatField(
        required=False, min_value=0.1, max_value=MAX_RADIUS_KM, label="Within (kilometres)"
    )
    label = forms.CharField(max_length=40, required=False, label="Name this place (for example Mum's house)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].help_text = location_hint()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("neighbourhood"):
            nb = data["neighbourhood"]
            self.spec = PlaceSpec(data.get("label") or nb.name, PlaceHow.NEIGHBOURHOOD, [nb.pk])
        elif data.get("place"):
            try:
                self.spec = resolve_place(data["place"], data.get("label") or "place", data.get("radius_km"))
            except ValidationError as exc:
                self.add_error("place", exc)
        else:
            self.add_error("place", "Enter a postcode or address, or choose a neighbourhood")
        return data


class CodeForm(GovukForm):
    code = forms.CharField(
        max_length=6,
        min_length=6,
        label="Confirmation code",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter the 6-digit code", "min_length": "Enter the 6-digit code"},
    )
    field = forms.ChoiceField(
        choices=[("mobile", "mobile"), ("landline", "landline")], widget=forms.HiddenInput
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise ValidationError("The code is 6 numbers")
        return code


class LinkRequestForm(GovukForm):
    address = forms.CharField(max_length=254, label="Your email address or mobile number")

    def clean_address(self) -> str:
        value = self.cleaned_data["address"].strip()
        if "@" in value:
            return value
        return phones.normalise(value, mobile=True)


# --- staff -----------------------------------------------------------------------------------


class ComposeForm(GovukForm):
    title = forms.CharField(max_length=120, label="Title")
    body = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 8}), label="Message")
    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.RadioSelect, label="Kind of message")
    urgency = forms.ChoiceField(
        choices=Urgency.choices, initial=Urgency.NORMAL, widget=forms.RadioSelect, label="Urgency"
    )
    target = forms.ChoiceField(choices=Target.choices, widget=forms.RadioSelect, label="Who should get it")
    neighbourhoods = forms.ModelMultipleChoiceField(
        queryset=Neighbourhood.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Neighbourhoods",
    )
    areas = forms.ModelMultipleChoiceField(
        queryset=PolicingArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Areas",
    )
    centre = forms.CharField(
        required=False,
        max_length=100,
        label="Centre of the circle: a postcode, or latitude,longitude",
        help_text="For example a street's postcode and a radius of 300 metres.",
    )
    radius_m = forms.IntegerField(required=False, min_value=50, max_value=50_000, label="Radius in metres")
    polygon = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Corners of the shape, one 'latitude,longitude' per line (at least 3)",
    )
    group = forms.ModelChoiceField(queryset=Group.objects.none(), required=False, label="Group")
    scheduled_for = forms.DateTimeField(
        required=False,
        label="Send later (optional)",
        help_text="The date and time to send it. Leave empty to send it when you choose Send now.",
    )

    def __init__(self, *args: Any, scope: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = scope.order_by("name")  # type: ignore[attr-defined]
        # Offer only what the author may target: an area all of whose neighbourhoods are in their
        # scope (a PCSO's one neighbourhood does not make its whole area theirs), the force only
        # to someone whose scope is the whole force.
        outside = Neighbourhood.objects.exclude(pk__in=scope.values("pk"))
        areas = (
            PolicingArea.objects.current()
            .filter(neighbourhoods__in=scope)
            .exclude(neighbourhoods__in=outside)
            .distinct()
            .order_by("name")
        )
        self.fields["areas"].queryset = areas  # type: ignore[attr-defined]
        hidden = set()
        if not areas.exists():
            hidden.add(Target.AREAS)
        if outside.filter(force__slug=settings.FORCE_ID).exists():
            hidden.add(Target.FORCE)
        self.fields["target"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Target.choices if value not in hidden
        ]
        self.fields["group"].queryset = Group.objects.filter(neighbourhood__in=scope)  # type: ignore[attr-defined]

    def centre_point(self, text: str) -> tuple[float, float] | None:
        """The circle's centre (lat, lng) from "lat,lng" or a postcode; None after adding the error."""
        match = LAT_LNG.match(text)
        if match:
            return float(match.group(1)), float(match.group(2))
        found = POSTCODE_IN_TEXT.search(text)
        if found:
            postcode = normalise_postcode(found.group(1))
            row = Postcode.objects.filter(postcode=postcode).first()
            if row is not None:
                return row.latitude, row.longitude
            self.add_error("centre", f"We could not find the postcode {format_postcode(postcode)}")
            return None
        example = example_postcode() or example_location()
        like = f", like {example}" if example else ""
        self.add_error("centre", f"Enter the centre as a postcode or as latitude,longitude{like}")
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target = data.get("target")
        self.geometry_wkb: bytes | None = None
        if target == Target.NEIGHBOURHOODS and not data.get("neighbourhoods"):
            self.add_error("neighbourhoods", "Choose at least one neighbourhood")
        if target == Target.AREAS and not data.get("areas"):
            self.add_error("areas", "Choose at least one area")
        if target == Target.GROUP and not data.get("group"):
            self.add_error("group", "Choose a group")
        if target == Target.CIRCLE:
            centre = self.centre_point(data.get("centre") or "")
            if centre is None:
                pass  # the error is added
            elif not data.get("radius_m"):
                self.add_error("radius_m", "Enter the radius in metres")
            else:
                shape = circle(centre[0], centre[1], data["radius_m"])
                self.geometry_wkb = shapely.to_wkb(shape)
        if target == Target.POLYGON:
            points = []
            for line in (data.get("polygon") or "").splitlines():
                if line.strip():
                    match = LAT_LNG.match(line)
                    if not match:
                        self.add_error("polygon", f"'{line.strip()[:40]}' is not a latitude,longitude pair")
                        break
                    points.append((float(match.group(2)), float(match.group(1))))
            else:
                if len(points) < 3:
                    self.add_error("polygon", "Enter at least 3 corners")
                else:
                    shape = shapely.Polygon(points)
                    if not shape.is_valid or shape.area == 0:
                        self.add_error("polygon", "The corners do not make a shape: check their order")
                    else:
                        self.geometry_wkb = shapely.to_wkb(shape)
        return data

    def draft(self) -> Draft:
        d = self.cleaned_data
        return Draft(
            title=d["title"],
            body=d["body"],
            kind=d["kind"],
            urgency=d["urgency"],
            target=d["target"],
            neighbourhoods=list(d.get("neighbourhoods") or []),
            areas=list(d.get("areas") or []),
            geometry_wkb=self.geometry_wkb,
            group=d.get("group"),
            scheduled_for=d.get("scheduled_for"),
        )

    @classmethod
    def initial_for(cls, m: Message) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": m.title,
            "body": m.body,
            "kind": m.kind,
            "urgency": m.urgency,
            "target": m.target,
            "neighbourhoods": list(m.neighbourhoods.all()) if m.target == Target.NEIGHBOURHOODS else [],
            "areas": list(m.target_areas.all()),
            "group": m.group,
            "scheduled_for": m.scheduled_for,
        }
        return initial | shape_fields(m)


def shape_fields(m: Message) -> dict[str, Any]:
    """A draft's circle or shape written back into the typed fields, so changing the draft keeps it.
    A circle is stored as a polygon (fanout.circle): its centre is the middle of its bounds and
    its radius half its height, since the unit circle it is scaled from reaches exactly ±1."""
    geometry = m.geometry
    if geometry is None or geometry.is_empty:
        return {}
    if m.target == Target.CIRCLE:
        min_lng, min_lat, max_lng, max_lat = geometry.bounds
        return {
            "centre": f"{(min_lat + max_lat) / 2:.6f},{(min_lng + max_lng) / 2:.6f}",
            "radius_m": round((max_lat - min_lat) / 2 * METRES_PER_DEGREE),
        }
    if m.target == Target.POLYGON and isinstance(geometry, shapely.Polygon):
        return {"polygon": "\n".join(f"{lat:.6f},{lng:.6f}" for lng, lat in geometry.exterior.coords[:-1])}
    return {}


class RejectForm(GovukForm):
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}), label="Why not?")
