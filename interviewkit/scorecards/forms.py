from django import forms

from interviewkit.loops.models import Loop
from interviewkit.scorecards.models import Recommendation

SCORE_CHOICES = [(str(value), f"{value} · {label}") for value, label in Recommendation.choices]
SCORE_CHOICES.append(("na", "Not assessed"))


class ScorecardForm(forms.Form):
    """A score and notes per kit item, then the overall recommendation and takeaways."""

    recommendation = forms.TypedChoiceField(
        choices=Recommendation.choices,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        label="Overall recommendation",
    )
    takeaways = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Key takeaways",
        help_text="The evidence behind your recommendation, in a few lines.",
    )

    def __init__(self, *args, scorecard, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(scorecard.scores.all())
        for row in self.rows:
            value = "na" if row.not_assessed else (str(row.score) if row.score else None)
            self.fields[f"score_{row.item_id}"] = forms.ChoiceField(
                choices=SCORE_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial=value,
                label="Score",
            )
            self.fields[f"notes_{row.item_id}"] = forms.CharField(
                required=False,
                initial=row.notes,
                label="Notes",
                widget=forms.Textarea(attrs={"rows": 3, "placeholder": "What the candidate said"}),
            )
        self.fields["recommendation"].initial = scorecard.recommendation
        self.fields["takeaways"].initial = scorecard.takeaways

    def item_fields(self):
        """(score row, score field, notes field) in the session's order."""
        return [
            (row, self[f"score_{row.item_id}"], self[f"notes_{row.item_id}"]) for row in self.rows
        ]

    def draft(self):
        data = self.cleaned_data
        return {
            "scores": {
                row.item_id: (data[f"score_{row.item_id}"] or None, data[f"notes_{row.item_id}"])
                for row in self.rows
            },
            "recommendation": data["recommendation"],
            "takeaways": data["takeaways"],
        }


class KitCodeForm(forms.Form):
    """The home page's box for the kit code printed on a scoring sheet."""

    code = forms.CharField(
        label="Kit code from a scoring sheet",
        help_text="Printed under the sheet's QR code, such as 7KQM-4HXR.",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=Loop.Decision.choices, widget=forms.RadioSelect, label="Decision"
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        label="Rationale",
        help_text="The evidence the decision rests on, competency by competency.",
        error_messages={"required": "Write the rationale: what evidence the decision rests on."},
    )
