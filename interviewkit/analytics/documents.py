"""Analytics as documents: the calibration packet (sample answers to score blind, then the
key) and the reliability report. The PDFs are made the one way every document is
(packets.services.document_pdf); charts go inline as SVG, as the renderer fetches nothing."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from interviewkit import charts
from interviewkit.analytics.calibration import blind_order
from interviewkit.analytics.selectors import with_questions
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


REPORT_QUESTIONS = 12  # the least reliable questions the report shows with their charts


def report_html(*, competencies, raters, questions, thresholds, paper="a4"):
    """The reliability report as a document: competencies, interviewers with the severity
    chart, and the least reliable questions with their anchor-use histograms, charts inline."""
    figures = tuple(
        (row.person.get_full_name() or row.person.username, row.figures.severity, row.low, row.high)
        for row in raters
    )
    flagged = with_questions([row for row in questions if row.alpha.enough][:REPORT_QUESTIONS])
    context = {
        "title": "Reliability report",
        "author": "Interview Kit",
        "page_size": PAPER_SIZES[paper],
        "stylesheets": stylesheet_urls(),
        "competencies": competencies,
        "raters": raters,
        "severity_svg": mark_safe(charts.severity(figures)) if figures else "",  # noqa: S308
        "severity_text": charts.severity_text(figures) if figures else "",
        "questions": [
            (
                row,
                mark_safe(charts.anchor_use(row.use.counts)),  # noqa: S308 - drawn by matplotlib
                charts.anchor_use_text(row.use.counts),
            )
            for row in flagged
        ],
        "thresholds": thresholds,
        "today": timezone.localdate(),
    }
    return render_to_string("packets/reliability.html", context)
