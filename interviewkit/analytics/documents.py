"""The calibration packet's HTML: sample answers to score blind, then the key. The PDF is made
the one way every document is (packets.services.document_pdf)."""

from django.template.loader import render_to_string

from interviewkit.analytics.calibration import blind_order
from interviewkit.bank.markdown import render_markdown, short_title
from interviewkit.bank.models import Competency, ScoreScale
from interviewkit.packets.documents import PAPER_SIZES, stylesheet_urls

LETTERS = "ABCDEFGH"


def calibration_html(questions, *, competency="", paper="a4"):
    named = Competency.objects.filter(slug=competency).first() if competency else None
    entries = []
    for number, question in enumerate(questions, 1):
        entries.append(
            {
                "number": number,
                "question": question,
                "title": short_title(question.prompt),
                "prompt_html": render_markdown(question.prompt),
                "rubric": list(zip(ScoreScale.choices, question.rubric, strict=False)),
                "answers": [
                    {
                        "letter": LETTERS[n],
                        "html": render_markdown(answer.answer),
                        "score": answer.score,
                        "label": answer.get_score_display(),
                        "why": answer.why,
                    }
                    for n, answer in enumerate(blind_order(question, question.sample_answers.all()))
                ],
            }
        )
    scope = named.name if named else "Most-used questions"
    context = {
        "title": f"Calibration packet — {scope}",
        "author": "Interview Kit",
        "scope": scope,
        "page_size": PAPER_SIZES[paper],
        "stylesheets": stylesheet_urls(),
        "entries": entries,
        "scores": ScoreScale.choices,
    }
    return render_to_string("packets/calibration.html", context)
