"""A 6-session loop packet: the app's time against WeasyPrint alone on the same HTML (the
app's overhead), what rendering in a limited child process costs against rendering in this
process (as before the child existed), pages per second, peak memory, and the time of a
cached download."""

import io
import random
import resource
import tempfile
import time

from common import setup_django, timed

ANSWER = """A strong candidate explains the idea, the formula `loss = mean((y - p) ** 2)`, and
where it breaks down. They compare two alternatives and say when each is the better choice,
with an example from a system they have built.

```python
import numpy as np

def standardise(X):
    mean, std = X.mean(axis=0), X.std(axis=0)
    return (X - mean) / np.where(std == 0, 1, std)

assert np.allclose(standardise(np.array([[1.0], [3.0]])).ravel(), [-1, 1])
```

- Names the assumption that matters most.
- Says how to check it on real data.
- Knows what to monitor after launch.
"""


def make_bank():
    from interviewkit.bank.models import Competency, Question, Role
    from interviewkit.bank.services import save_question

    rng = random.Random(2)
    kinds = {
        "coding": ["coding"],
        "behavioural": ["behavioural"],
        "mlops-system-design": ["system-design", "scenario", "conceptual"],
    }
    minutes = {"coding": 25, "system-design": 35, "scenario": 10, "behavioural": 8}
    roles = list(Role.objects.all())
    for competency in Competency.objects.all():
        for n in range(14):
            kind = rng.choice(kinds.get(competency.slug, ["conceptual", "scenario"]))
            question = Question(
                slug=f"{competency.slug}-{n}",
                competency=competency,
                kind=kind,
                prompt=f"In {competency.name.lower()}, question {n}: explain the trade-off "
                f"you would make and how you would check it worked.",
                difficulty=rng.choice(["basic", "intermediate", "advanced"]),
                minutes=minutes.get(kind, rng.choice([4, 5, 6, 8])),
                model_answer=ANSWER,
                good_signals=["Explains the idea", "Gives a formula", "Names a failure mode"],
                probes=["What changes at ten times the data?", "How would you test it?"],
                red_flags=["Confuses training and test error", "Cannot give an example"],
                rubric=[
                    f"Anchor {s} for {competency.slug} {n}: what this level sounds like."
                    for s in range(1, 5)
                ],
                status="active",
            )
            save_question(question, roles=roles, tags=["bench"])


def main():
    setup_django()
    from django.conf import settings
    from django.contrib.auth.models import User
    from pypdf import PdfReader
    from weasyprint import HTML

    from interviewkit.bank.models import Role
    from interviewkit.loops.models import Level
    from interviewkit.loops.selectors import loop_with_sessions
    from interviewkit.loops.services import create_loop
    from interviewkit.loops.templates_fixture import load_loop_templates
    from interviewkit.packets.documents import packet_html
    from interviewkit.packets.pdf import BASE_URL, StaticOnlyFetcher, make_pdf, render_pdf
    from interviewkit.packets.services import packet_pdf

    load_loop_templates()
    make_bank()
    owner = User.objects.create_user("bench", first_name="Bench")
    loop = create_loop(
        owner=owner,
        role=Role.objects.get(slug="ml-engineer"),
        level=Level.objects.get(slug="senior"),
        title="Bench loop",
        seed=1,
        candidate_name="Bench Candidate",
    )
    loop = loop_with_sessions(loop.pk)
    assert loop.sessions.count() == 6
    html = packet_html(loop, kind="loop")

    packet_pdf(loop, kind="sheet", session=loop.sessions.all()[0])  # warm up fonts and imports
    app_runs, direct_runs = [], []
    for _ in range(2):  # alternate the two, best of each: this machine is noisy
        settings.MEDIA_ROOT = tempfile.mkdtemp()  # an empty cache: the app must render
        start = time.perf_counter()
        pdf, cached = packet_pdf(loop_with_sessions(loop.pk), kind="loop")
        app_runs.append((time.perf_counter() - start) * 1000)
        assert not cached
        start = time.perf_counter()
        HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
        direct_runs.append((time.perf_counter() - start) * 1000)
    app_ms, direct_ms = min(app_runs), min(direct_runs)

    in_process_runs, child_runs = [], []
    for _ in range(3):  # the same work, with and without the child process around it
        start = time.perf_counter()
        make_pdf(html)
        in_process_runs.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        render_pdf(html)
        child_runs.append((time.perf_counter() - start) * 1000)
    in_process_ms, child_ms = min(in_process_runs), min(child_runs)
    start_ms = min(timed(lambda: render_pdf("<p>x</p>"), repeat=3))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)

    cached_median, cached_best = timed(
        lambda: packet_pdf(loop_with_sessions(loop.pk), kind="loop"), repeat=7
    )
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest
    items = sum(s.items.count() for s in loop.sessions.all())
    print(f"loop packet: 6 sessions, {items} questions, {pages} pages, {len(pdf) / 1024:.0f} KiB")
    print(
        f"app render (HTML + PDF + store): {app_ms:.0f} ms; WeasyPrint alone on the same HTML: "
        f"{direct_ms:.0f} ms; app overhead {app_ms / direct_ms:.2f}x"
    )
    print(
        f"process isolation: {in_process_ms:.0f} ms in this process, {child_ms:.0f} ms in a "
        f"limited child; overhead {child_ms - in_process_ms:+.0f} ms "
        f"({child_ms / in_process_ms:.2f}x); a child rendering one line takes {start_ms:.0f} ms"
    )
    print(f"pages per second: {pages / (app_ms / 1000):.1f}")
    print(
        f"peak memory: {peak_rss:.0f} MiB RSS for this process (its renders in this process "
        f"included); {child_rss:.0f} MiB RSS for the largest render child"
    )
    print(
        f"cached download (HTML render + cache hit): "
        f"median {cached_median:.0f} ms, best {cached_best:.0f} ms"
    )


if __name__ == "__main__":
    main()
