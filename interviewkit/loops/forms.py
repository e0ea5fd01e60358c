import zoneinfo
from datetime import UTC
from functools import cache

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from interviewkit.accounts.groups import HIRING_MANAGERS, INTERVIEWERS
from interviewkit.bank.models import Competency, Question, Role
from interviewkit.loops.models import SEEDS, Assignment, Level, Loop, default_title

KIND_CHOICES = Question.Kind.choices


class LoopForm(forms.ModelForm):
    role = forms.ModelChoiceField(Role.objects.all(), empty_label=None)
    level = forms.ModelChoiceField(Level.objects.all(), empty_label=None)
    title = forms.CharField(
        required=False, max_length=200, help_text="Leave blank for “Level Role — Candidate”."
    )
    seed = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=SEEDS - 1,
        help_text="Optional: the same seed and bank give the same loop.",
    )

    class Meta:
        model = Loop
        fields = ["role", "level", "title", "candidate_name", "candidate_email", "target_date"]
        widgets = {"target_date": forms.DateInput(attrs={"type": "date"})}
        labels = {"candidate_email": "Candidate email"}
        help_texts = {
            "candidate_email": "Used to avoid questions this candidate was asked in earlier loops."
        }

    def clean(self):
        data = super().clean()
        if not data.get("title") and data.get("role") and data.get("level"):
            data["title"] = default_title(data["level"], data["role"], data.get("candidate_name"))
        return data


class LoopDetailsForm(forms.ModelForm):
    """What can change about a loop after it is assembled."""

    class Meta:
        model = Loop
        fields = ["title", "candidate_name", "candidate_email", "target_date"]
        widgets = {"target_date": forms.DateInput(attrs={"type": "date"})}
        labels = {"candidate_email": "Candidate email"}
        help_texts = {
            "candidate_email": "Used to avoid questions this candidate was asked in earlier loops."
        }


class LoopFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=100,
        label="Candidate",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name or email"}),
    )
    status = forms.ChoiceField(choices=[("", "Any open"), *Loop.Status.choices], required=False)
    role = forms.ModelChoiceField(Role.objects.all(), required=False, empty_label="Any role")
    level = forms.ModelChoiceField(Level.objects.all(), required=False, empty_label="Any level")
    owner = forms.ModelChoiceField(
        get_user_model().objects.none(), required=False, empty_label="Any owner"
    )
    closed = forms.BooleanField(required=False, label="Include closed loops")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owners = get_user_model().objects.filter(loops__isnull=False).distinct()
        self.fields["owner"].queryset = owners.order_by("first_name", "username")
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean_q(self):
        return self.cleaned_data["q"].replace("\x00", "")


@cache
def time_zone_choices():
    """Place names (Europe/Berlin), UTC and the site's own zone: not the legacy aliases."""
    names = {n for n in zoneinfo.available_timezones() if "/" in n and not n.startswith("Etc/")}
    return [(name, name.replace("_", " ")) for name in sorted(names | {"UTC", settings.TIME_ZONE})]


class WallClockField(forms.DateTimeField):
    """A date and time as a clock reads it, with no zone: the form pairs it with the time zone
    chosen beside it (the site's zone must not shift or refuse it)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value):
        with timezone.override(UTC):  # UTC has no gaps, so no wall-clock time is refused here
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result else None


def in_zone(wall_clock, name):
    """The aware time a wall clock shows in a zone; None when the clocks skip that time."""
    zone = zoneinfo.ZoneInfo(name)
    aware = wall_clock.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall_clock:
        return None
    return aware


class SessionForm(forms.Form):
    name = forms.CharField(max_length=100)
    minutes = forms.IntegerField(
        min_value=15, max_value=240, help_text="Including 5 minutes of intro and 5 of wrap-up."
    )
    starts_at = WallClockField(
        required=False, label="Starts at", help_text="Leave blank while the time is not set."
    )
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        required=False,
        help_text="Where the interview takes place; calendars show it in each person's own.",
    )
    location = forms.CharField(
        max_length=200, required=False, help_text="A room or an address, if any."
    )
    video_link = forms.URLField(
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="The call's address, if it is held by video.",
    )
    focus = forms.ModelMultipleChoiceField(
        Competency.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pick at least one competency for the session to cover."},
    )
    kinds = forms.MultipleChoiceField(
        choices=KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked means any kind of question.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = settings.TIME_ZONE

    def clean_video_link(self):
        link = self.cleaned_data["video_link"]
        if link and not link.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("Give the call's web address, starting with https://.")
        return link

    def clean(self):
        """Turn the wall-clock start into an aware time in the chosen zone."""
        data = super().clean()
        data["time_zone"] = data.get("time_zone") or settings.TIME_ZONE
        if data.get("starts_at"):
            aware = in_zone(data["starts_at"], data["time_zone"])
            if aware is None:
                self.add_error(
                    "starts_at",
                    f"The clocks in {data['time_zone']} skip that time (they go forward); "
                    f"choose a time an hour later or earlier.",
                )
            data["starts_at"] = aware
        return data

    @classmethod
    def initial_for(cls, session):
        """The form's initial values for a session, its start shown in its own zone."""
        start = session.local_start
        return {
            "name": session.name,
            "minutes": session.minutes,
            "focus": session.focus.all(),
            "kinds": session.kinds,
            "starts_at": start.replace(tzinfo=None) if start else None,
            "time_zone": session.time_zone,
            "location": session.location,
            "video_link": session.video_link,
        }


def interviewer_choices():
    return (
        get_user_model()
        .objects.filter(Q(groups__name__in=[INTERVIEWERS, HIRING_MANAGERS]) | Q(is_superuser=True))
        .filter(is_active=True)
        .distinct()
        .order_by("first_name", "username")
    )


class InterviewersForm(forms.Form):
    """A role (or none) for each person who may interview: one select per person."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(interviewer_choices())
        for person in self.people:
            self.fields[f"role_{person.pk}"] = forms.ChoiceField(
                choices=[("", "Not on this session"), *Assignment.Role.choices],
                required=False,
                label=person.get_full_name() or person.username,
            )

    def clean(self):
        data = super().clean()
        roles = {p: data[f"role_{p.pk}"] for p in self.people if data.get(f"role_{p.pk}")}
        if sum(role == Assignment.Role.LEAD for role in roles.values()) > 1:
            raise forms.ValidationError("A session has one lead: choose panel for the others.")
        data["roles"] = roles
        return data
