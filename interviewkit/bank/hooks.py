"""Where apps built on the bank plug into its pages, so that the bank imports none of them.

`question_panels` holds functions(request, question) -> HTML shown on a question's page
(where it was asked and how it was scored, from the scorecards app).
"""

question_panels = []


def panels_for(request, question):
    return "".join(panel(request, question) for panel in question_panels)
