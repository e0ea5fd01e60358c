from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What will use it, e.g. “Greenhouse sync”: you will see it in the list.",
    )
