"""How analytics plugs into the bank's pages (see bank.hooks): a question's reliability."""

from django.template.loader import render_to_string

from interviewkit.bank import hooks as bank_hooks


def question_reliability(request, question):
    # Imported here: NumPy, krippendorff and matplotlib stay out of processes that never draw
    # a chart (every PDF render's child starts Django, and its memory is limited).
    from interviewkit import charts
    from interviewkit.analytics.selectors import question_figures

    figures = question_figures(question, request.user)
    counts = figures.use.counts
    context = {
        "figures": figures,
        "histogram": charts.data_uri(charts.anchor_use(counts)) if figures.use.total else "",
        "histogram_text": charts.anchor_use_text(counts),
        "samples": question.sample_answers.count(),
        "question": question,
    }
    return render_to_string("analytics/_question_reliability.html", context, request=request)


def connect():
    """Register once per process (ready() may run again in some test runners)."""
    if question_reliability not in bank_hooks.question_panels:
        bank_hooks.question_panels.append(question_reliability)
