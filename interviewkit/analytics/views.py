"""Analytics pages: reliability of questions and interviewers, exposure, calibration."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from interviewkit import charts
from interviewkit.analytics import calibration, selectors
from interviewkit.analytics.documents import calibration_html, report_html
from interviewkit.analytics.forms import DrillForm, ThresholdsForm
from interviewkit.analytics.models import Thresholds
from interviewkit.bank import services as bank_services
from interviewkit.bank.models import Competency, Question
from interviewkit.packets.services import standalone_pdf

QUESTIONS_PER_PAGE = 30


@never_cache
def overview(request):
    """Managers: every question, competency, interviewer and shadow. Interviewers: their own."""
    everything = selectors.sees_everything(request.user)
    ratings = selectors.ratings(request.user)
    context = {
        "everything": everything,
        "raters": selectors.rater_rows(ratings, request.user),
        "qualifications": selectors.qualification_rows(ratings, request.user),
        "drill": calibration.drill_agreement(request.user),
        "thresholds": Thresholds.current(),
    }
    if everything:
        sort = request.GET.get("sort", "reliability")
        sort = sort if sort in selectors.SORTS else "reliability"
        rows = selectors.question_rows(ratings, sort=sort)
        page = Paginator(rows, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = selectors.with_questions(page.object_list)
        context.update(
            sort=sort,
            sorts=[(key, label) for key, (label, _) in selectors.SORTS.items()],
            page=page,
            flagged=sum(bool(row.flags) for row in rows),
            over_exposed=sum(row.over_exposed for row in rows),
            competencies=selectors.competency_rows(ratings),
            form=ThresholdsForm(instance=context["thresholds"]),
        )
    context.update(severity_chart(context["raters"]))
    return render(request, "analytics/overview.html", context)


def severity_chart(rows):
    figures = tuple(
        (row.person.get_full_name() or row.person.username, row.figures.severity, row.low, row.high)
        for row in rows
    )
    if not figures:
        return {"severity_chart": "", "severity_text": ""}
    return {
        "severity_chart": charts.data_uri(charts.severity(figures)),
        "severity_text": charts.severity_text(figures),
    }


@never_cache
def report(request):
    """The reliability report as a PDF, for hiring managers."""
    if not selectors.sees_everything(request.user):
        raise Http404("The reliability report is for hiring managers")
    ratings = selectors.ratings(request.user)
    html = report_html(
        competencies=selectors.competency_rows(ratings),
        raters=selectors.rater_rows(ratings, request.user),
        questions=selectors.question_rows(ratings),
        thresholds=Thresholds.current(),
    )
    pdf, _ = standalone_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="reliability-report.pdf"'
    return response


@require_POST
def thresholds(request):
    if not selectors.sees_everything(request.user):
        raise PermissionDenied("Only hiring managers set the thresholds.")
    form = ThresholdsForm(request.POST, instance=Thresholds.current())
    if form.is_valid():
        saved = form.save(commit=False)
        saved.updated_by = request.user
        saved.save()
        messages.success(request, f"Saved: {saved}.")
    else:
        errors = "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())
        messages.error(request, f"Not saved. {errors}")
    return redirect("analytics:overview")


@require_POST
@permission_required("bank.change_question", raise_exception=True)
def retire(request, slug):
    """Retire an over-exposed question in one click, then propose questions to use instead."""
    question = get_object_or_404(Question, slug=slug)
    bank_services.set_status(question, Question.Status.RETIRED)
    messages.success(
        request, f"Retired “{question.slug}”: new loops will not use it; kits that have it keep it."
    )
    return redirect("analytics:retired", slug=slug)


@permission_required("bank.change_question", raise_exception=True)
def retired(request, slug):
    question = get_object_or_404(Question.objects.select_related("competency"), slug=slug)
    context = {"question": question, "alternates": selectors.alternates(question)}
    return render(request, "analytics/retired.html", context)


@permission_required("bank.view_question", raise_exception=True)
def calibration_index(request):
    questions = (
        Question.objects.filter(status=Question.Status.ACTIVE)
        .annotate(samples=Count("sample_answers"))
        .filter(samples__gt=0)
        .select_related("competency")
        .order_by("competency__position", "slug")
    )
    context = {
        "questions": questions,
        "competencies": Competency.objects.filter(questions__in=questions).distinct(),
        "drill": calibration.drill_agreement(request.user),
    }
    return render(request, "analytics/calibration.html", context)


@never_cache
@permission_required("bank.view_question", raise_exception=True)
def drill(request, slug):
    """Score a question's sample answers blind; after submitting, see the key and why."""
    question = get_object_or_404(Question, slug=slug)
    answers = calibration.blind_order(question, question.sample_answers.all())
    if not answers:
        raise Http404("This question has no sample answers yet")
    form = DrillForm(request.POST or None, answers=answers)
    context = {"question": question, "form": form, "revision": question.revisions.first()}
    if request.method == "POST" and form.is_valid():
        scores = form.scores()
        context.update(
            result=calibration.record_drill(request.user, scores),
            key=[(a, scores[a], abs(scores[a] - a.score)) for a in answers],
            overall=calibration.drill_agreement(request.user),
        )
    return render(request, "analytics/drill.html", context)


@never_cache
@permission_required("bank.view_question", raise_exception=True)
def calibration_packet(request):
    """The calibration packet as a PDF: answers to score blind, then the key."""
    competency = request.GET.get("competency", "")
    questions = calibration.packet_questions(competency or None)
    if not questions:
        raise Http404("No sample answers for that competency")
    pdf, _ = standalone_pdf(calibration_html(questions, competency=competency))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"calibration-{competency or 'all'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
