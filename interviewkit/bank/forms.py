"""Forms of the bank pages: the list's filters and the question editor."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.text import slugify

from interviewkit.bank import limits
from interviewkit.bank.interchange.records import tidy_text
from interviewkit.bank.models import (
    RESERVED_SLUGS,
    Competency,
    Question,
    Role,
    ScoreScale,
    probes_from_lines,
    probes_to_lines,
    slug_base,
)
from interviewkit.bank.standard import still_needs

SORTS = {
    "competency": ("Competency", ["competency__position", "difficulty_rank", "slug"]),
    "relevance": ("Best match", None),
    "newest": ("Newest", ["-created_at", "slug"]),
    "updated": ("Recently edited", ["-updated_at", "slug"]),
    "difficulty": ("Difficulty", ["difficulty_rank", "slug"]),
    "minutes": ("Minutes", ["minutes", "slug"]),
    "most-used": ("Most used", ["-times_used", "slug"]),
    "least-used": ("Least used", ["times_used", "slug"]),
    "slug": ("Slug", ["slug"]),
}


def choices_with_any(choices, label="Any"):
    return [("", label), *choices]


class QuestionFilterForm(forms.Form):
    """The bank list's search box, filters and sort order (GET parameters)."""

    q = forms.CharField(required=False, label="Search", max_length=200)
    competency = forms.ModelChoiceField(
        Competency.objects.all(), required=False, to_field_name="slug", empty_label="Any"
    )
    kind = forms.ChoiceField(choices=choices_with_any(Question.Kind.choices), required=False)
    difficulty = forms.ChoiceField(
        choices=choices_with_any(Question.Difficulty.choices), required=False
    )
    status = forms.ChoiceField(
        choices=choices_with_any(Question.Status.choices, "Not retired") + [("all", "All")],
        required=False,
    )
    role = forms.ModelChoiceField(
        Role.objects.all(), required=False, to_field_name="slug", empty_label="Any"
    )
    tag = forms.SlugField(required=False, max_length=50)
    sort = forms.ChoiceField(
        choices=[(key, label) for key, (label, _) in SORTS.items()], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"


def split_lines(text):
    """A textarea with one item a line to a list: blank lines dropped, spaces trimmed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class LinesField(forms.CharField):
    """A list of one-line items edited as a textarea, one item a line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return split_lines(super().to_python(value))


class ProbesField(LinesField):
    """Probes one a line, each followed by a "Listen for: …" line saying what a good reply holds."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value):
        return "\n".join(probes_to_lines(value)) if isinstance(value, list) else value

    def to_python(self, value):
        return probes_from_lines(super().to_python(value))


class QuestionForm(forms.ModelForm):
    """Create or edit a question. Active questions must meet the bank's standard (BANK.md)."""

    good_signals = LinesField(
        label="What good looks like", help_text="3 to 5 signals, one a line.", required=False
    )
    probes = ProbesField(
        label="Follow-up probes",
        help_text="At least 2, one a line; under each, a line “Listen for: …” saying what a "
        "good reply contains.",
        required=False,
    )
    overlaps = forms.CharField(
        required=False,
        max_length=2000,
        label="Overlaps with",
        help_text="Slugs of questions that ask the same thing another way, comma-separated; "
        "two overlapping questions never land in one loop.",
    )
    red_flags = LinesField(label="Red flags", help_text="At least 2, one a line.", required=False)
    tags = forms.CharField(
        required=False, help_text="Comma-separated, e.g. metrics, leakage.", max_length=500
    )
    roles = forms.ModelMultipleChoiceField(
        Role.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    minutes = forms.IntegerField(
        min_value=1,
        max_value=240,
        required=False,
        help_text="What the question takes with its follow-ups.",
    )
    note = forms.CharField(
        required=False,
        max_length=200,
        label="What changed",
        help_text="Optional; shown in the revision history.",
    )

    class Meta:
        model = Question
        fields = [
            "slug", "prompt", "kind", "competency", "difficulty", "minutes", "status", "roles",
            "tags", "model_answer", "good_signals", "probes", "red_flags",
        ]  # fmt: skip
        widgets = {
            "prompt": forms.Textarea(attrs={"rows": 3}),
            "model_answer": forms.Textarea(attrs={"rows": 12, "class": "font-monospace"}),
        }
        help_texts = {
            "slug": "The question's stable name; leave blank to make one from the prompt.",
            "prompt": f"The question as the interviewer says it (Markdown), up to "
            f"{limits.PROMPT_CHARS:,} characters.",
            "model_answer": f"Markdown: lists, `code` and fenced code blocks; up to "
            f"{limits.ANSWER_CHARS:,} characters.",
            "status": "Only active questions are used to assemble loops.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        # A draft may lack these (an import brings them in so); a question that has a
        # competency and minutes keeps them, as its kits and scores refer to them.
        self.fields["competency"].required = self.instance.competency_id is not None
        self.fields["minutes"].required = self.instance.minutes is not None
        if self.instance.pk:
            # Imports and kits match questions by slug, so it never changes once made.
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = "The question's stable name; it cannot change."
            self.initial["tags"] = ", ".join(tag.name for tag in self.instance.tags.all())
            self.initial["overlaps"] = ", ".join(q.slug for q in self.instance.overlaps.all())
        anchors = list(self.instance.rubric or []) + [""] * 4
        for score, name in ScoreScale.choices:
            self.fields[f"rubric_{score}"] = forms.CharField(
                label=f"{score} · {name}",
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=anchors[score - 1],
                required=False,
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "prompt",
            Row(
                Column("kind"),
                Column("competency"),
                Column("difficulty"),
                Column("minutes"),
                Column("status"),
            ),  # fmt: skip
            Row(Column("slug"), Column("tags"), Column("overlaps")),
            "roles",
            "model_answer",
            Row(Column("good_signals"), Column("probes"), Column("red_flags")),
            Fieldset(
                "Rubric: one anchor per score, specific to this question",
                *[f"rubric_{score}" for score in range(1, 5)],
            ),
        )
        if self.instance.pk:
            self.helper.layout.append("note")
        else:
            del self.fields["note"]  # a new question's first revision is simply "Created"

    def clean_prompt(self):
        return tidy_text(self.cleaned_data["prompt"])

    def clean_model_answer(self):
        return tidy_text(self.cleaned_data["model_answer"])

    def clean_slug(self):
        if self.instance.pk:
            return self.instance.slug
        slug = self.cleaned_data["slug"] or slug_base(self.data.get("prompt", ""))
        if not slug:
            raise forms.ValidationError("Give the question a slug, like precision-vs-recall.")
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(f"“{slug}” is the name of a page; choose another slug.")
        if Question.objects.filter(slug=slug).exists():
            raise forms.ValidationError(
                f"A question with the slug “{slug}” already exists; choose another."
            )
        return slug

    def clean_tags(self):
        names = [name.strip().lower() for name in self.cleaned_data["tags"].split(",")]
        tags = list(dict.fromkeys(name for name in names if name))
        bad = [name for name in tags if slugify(name) != name or len(name) > 50]
        if bad:
            raise forms.ValidationError(
                f"Tags are lowercase words joined by hyphens, like class-imbalance: "
                f"fix {', '.join(bad)}."
            )
        return tags

    def clean_overlaps(self):
        slugs = [s.strip() for s in self.cleaned_data["overlaps"].split(",") if s.strip()]
        slugs = list(dict.fromkeys(slugs))
        found = Question.objects.filter(slug__in=slugs).exclude(pk=self.instance.pk)
        known = {question.slug: question for question in found}
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            raise forms.ValidationError(
                f"No other question has the slug {', '.join(unknown)}: check the spelling."
            )
        return [known[slug] for slug in slugs]

    def clean(self):
        data = super().clean()
        data["rubric"] = [tidy_text(data.get(f"rubric_{score}", "")) for score in range(1, 5)]
        for excess in limits.content_problems(data):
            field = f"rubric_{excess.part}" if excess.field == "rubric" else excess.field
            self.add_error(field, excess.message)
        if data.get("status") == Question.Status.ACTIVE:
            self.check_standard(data)
        return data

    def check_standard(self, data):
        """What an active question needs (a draft may be incomplete): standard.still_needs."""
        content = {**data, "roles": list(data.get("roles") or [])}
        for need in still_needs(content):
            if need.scores:
                for score in need.scores:
                    self.add_error(f"rubric_{score}", f"Write the anchor for a score of {score}.")
            elif need.field == "rubric":
                self.add_error(None, need.message)
            elif need.field not in self.errors:  # a value refused already says what is wrong
                self.add_error(need.field, need.message)

    def save(self, commit=True):
        question = super().save(commit=False)
        question.rubric = self.cleaned_data["rubric"]
        return question
