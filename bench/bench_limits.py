"""The content limits against the shipped bank (its largest values, and the room each limit
leaves), and the time to print the worst question the limits allow: an interviewer guide
holding one question at every limit, in each shape that costs the PDF renderer most."""

import io
import sys
import time
from pathlib import Path

import yaml
from common import ROOT, empty_packet_store, setup_django

WORDS = ("gradient", "boosting", "fits", "each", "tree", "to", "the", "residuals", "of", "the")


def words(chars):
    """Plain words, about `chars` characters of them."""
    text, index = [], 0
    while sum(map(len, text)) + len(text) < chars:
        text.append(WORDS[index % len(WORDS)])
        index += 1
    return " ".join(text)[:chars].rstrip()


def fill(parts, chars, lines):
    """Join parts, then pad with one paragraph of words up to the limits."""
    text = "\n\n".join(parts)
    room_lines = lines - text.count("\n") - 3
    room_chars = chars - len(text) - 2
    if room_lines > 0 and room_chars > 0:
        text += "\n\n" + words(room_chars)
    return text[:chars]


def shapes(chars):
    """Markdown texts of `chars` characters, each at the limits that cost a PDF the most."""
    from interviewkit.bank import limits

    lines = limits.MARKDOWN_LINES
    depth = limits.MARKDOWN_DEPTH
    items = limits.MARKDOWN_LIST_ITEMS
    rows, columns = limits.TABLE_ROWS, limits.TABLE_COLUMNS
    nested = "\n".join("- " * depth + words(20) for _ in range(min(items // depth, lines // 2)))
    header = "|" + "|".join(["head"] * columns) + "|\n|" + "|".join(["-"] * columns) + "|\n"
    table = header + "\n".join("|" + "|".join(["cell"] * columns) + "|" for _ in range(rows - 2))
    code_line = "total = sum(weight * value for weight, value in pairs)  # x"
    code_lines = min(limits.CODE_LINES, limits.CODE_CHARS // (len(code_line) + 1))
    code = "```python\n" + "\n".join([code_line] * code_lines) + "\n```"
    return {
        "prose": fill([], chars, lines),
        "nested lists": fill([nested], chars, lines),
        "short paragraphs": "\n\n".join(["Yes."] * (lines // 2))[:chars],
        "headings": "\n\n".join(["## Heading"] * (lines // 2))[:chars],
        "table": fill([table], chars, lines),
        "code": fill([code], chars, lines),
        # Inline elements in one paragraph cost the PDF renderer their square; an unclosed <a>
        # costs one mark. From each [ the parser looks ahead for a link to the text's end.
        "inline elements": fill(["<a>x " * limits.MARKDOWN_MARKS], chars, lines),
        "brackets": ("[" + words(chars // limits.MARKDOWN_BRACKETS - 1)) * limits.MARKDOWN_BRACKETS,
    }


def shipped_maxima():
    """{measure: (largest value in fixtures/bank, slug)} for every measure a limit bounds."""
    from interviewkit.bank import limits

    largest = {}

    def note(measure, value, slug):
        if value > largest.get(measure, (-1, ""))[0]:
            largest[measure] = (value, slug)

    for path in sorted((ROOT / "fixtures" / "bank").glob("*.yaml")):
        for question in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            slug = question["slug"]
            note("prompt chars", len(question["prompt"]), slug)
            note("answer chars", len(question["model_answer"]), slug)
            for field in limits.LIST_ITEMS:
                note(f"{field} items", len(question.get(field, [])), slug)
            texts = [str(item) for item in question["good_signals"] + question["red_flags"]]
            for probe in question["probes"]:
                texts += list(probe.values()) if isinstance(probe, dict) else [probe]
            note("item chars", max(map(len, texts)), slug)
            note("anchor chars", max(len(str(a)) for a in question["rubric"].values()), slug)
            for field in ("prompt", "model_answer"):
                for measure, value in limits.measure_markdown(question[field]).items():
                    note(f"markdown {measure}", value, slug)
        note("questions per file", len(yaml.safe_load(path.read_text())["questions"]), path.name)
    return largest


def print_room():
    from interviewkit.bank import limits

    bounds = {
        "prompt chars": limits.PROMPT_CHARS,
        "answer chars": limits.ANSWER_CHARS,
        "item chars": limits.ITEM_CHARS,
        "anchor chars": limits.ANCHOR_CHARS,
        **{f"{field} items": limit for field, limit in limits.LIST_ITEMS.items()},
        **{f"markdown {measure}": limit for measure, limit, _ in limits.MARKDOWN_LIMITS},
        "questions per file": limits.QUESTIONS_PER_FILE,
    }
    largest = shipped_maxima()
    print(f"{'measure':28} {'shipped':>8} {'limit':>8}  room  largest in")
    for measure, limit in bounds.items():
        value, where = largest.get(measure, (0, ""))
        room = f"{limit / value:5.1f}x" if value else "    -"
        print(f"{measure:28} {value:8,} {limit:8,} {room}  {where}")


def worst_question(shape):
    from interviewkit.bank import limits

    item = words(limits.ITEM_CHARS)
    return {
        "prompt": shapes(limits.PROMPT_CHARS)[shape],
        "model_answer": shapes(limits.ANSWER_CHARS)[shape],
        "good_signals": [item] * limits.LIST_ITEMS["good_signals"],
        "probes": [{"ask": item, "listen_for": item}] * limits.LIST_ITEMS["probes"],
        "red_flags": [item] * limits.LIST_ITEMS["red_flags"],
        "rubric": [f"{score} {words(limits.ANCHOR_CHARS - 2)}" for score in range(1, 5)],
    }


def guide_with(content, number):
    """A loop whose one session holds one question with this content; returns the session."""
    from django.contrib.auth.models import User

    from interviewkit.bank.models import Competency, Question, Role
    from interviewkit.bank.services import save_question
    from interviewkit.loops.models import Level, LoopTemplate, SessionTemplate
    from interviewkit.loops.selectors import loop_with_sessions
    from interviewkit.loops.services import create_loop

    competency = Competency.objects.order_by("position")[number]
    role = Role.objects.get(slug="ml-engineer")
    level = Level.objects.create(slug=f"l{number}", name=f"Level {number}", difficulty_mix={})
    template = LoopTemplate.objects.create(role=role, level=level)
    session = SessionTemplate.objects.create(template=template, name="Guide", minutes=30)
    session.focus.set([competency])
    question = Question(
        slug=f"worst-{number}",
        competency=competency,
        kind="conceptual",
        difficulty="advanced",
        minutes=15,
        status="active",
        **content,
    )
    save_question(question, roles=[role], tags=[f"tag-{n}" for n in range(20)])
    owner, _ = User.objects.get_or_create(username="bench")
    loop = create_loop(owner=owner, role=role, level=level, title="Worst", seed=1)
    return loop_with_sessions(loop.pk).sessions.get()


def render_seconds(session, repeat=2):
    """Best of `repeat` renders of the session's guide with an empty cache, and its pages."""
    from pypdf import PdfReader

    from interviewkit.packets.services import packet_pdf

    times = []
    for _ in range(repeat):
        empty_packet_store()
        start = time.perf_counter()
        pdf, cached = packet_pdf(session.loop, kind="guide", session=session)
        times.append(time.perf_counter() - start)
        assert not cached
    return min(times), len(PdfReader(io.BytesIO(pdf)).pages)


def main():
    setup_django()
    from interviewkit.bank import limits

    print_room()
    print("\nguide of one question at the limits, by shape (best of 2, empty cache):")
    worst = 0
    for number, shape in enumerate(shapes(limits.ANSWER_CHARS)):
        content = worst_question(shape)
        assert limits.content_problems(content) == [], (shape, limits.content_problems(content))
        seconds, pages = render_seconds(guide_with(content, number))
        worst = max(worst, seconds)
        print(f"  {shape:18} {seconds:6.2f} s  {pages:3} pages")
    # A 5 MB list saved by a script, past every check: the renderer shows it as plain text.
    stored = {**worst_question("prose"), "model_answer": "- " * 2_500_000}
    seconds, pages = render_seconds(guide_with(stored, len(shapes(1))))
    print(f"  {'5 MB stored list':18} {seconds:6.2f} s  {pages:3} pages (shown as plain text)")
    print(f"worst: {max(worst, seconds):.2f} s")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
