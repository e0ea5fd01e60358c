from django import forms

from interviewkit.analytics.models import Thresholds
from interviewkit.bank.models import ScoreScale


class ThresholdsForm(forms.ModelForm):
    class Meta:
        model = Thresholds
        fields = ["exposure_limit", "qualify_sessions", "qualify_agreement"]
        labels = {
            "exposure_limit": "Over-exposed above (times in 90 days)",
            "qualify_sessions": "Shadowed sessions to qualify",
            "qualify_agreement": "Agreement to qualify (%)",
        }


class DrillForm(forms.Form):
    """A score for each sample answer of a question, given before the key is shown."""

    def __init__(self, *args, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = list(answers)
        for number, answer in enumerate(self.answers, 1):
            self.fields[f"answer_{answer.pk}"] = forms.TypedChoiceField(
                choices=[(value, f"{value} · {label}") for value, label in ScoreScale.choices],
                coerce=int,
                widget=forms.RadioSelect,
                label=f"Your score for answer {number}",
                error_messages={"required": f"Score answer {number} before you see the key."},
            )

    def scores(self):
        return {answer: self.cleaned_data[f"answer_{answer.pk}"] for answer in self.answers}

    def rows(self):
        return [(answer, self[f"answer_{answer.pk}"]) for answer in self.answers]
