"""Charts drawn by matplotlib as SVG on the server, offline: pages show them as data: images
(the Content-Security-Policy allows data: images and no inline script or style), PDFs put the
SVG inline (the renderer fetches nothing). Each chart comes with a sentence of its figures
for alt text, so nobody needs to see it to read it.

Output is deterministic (no date, fixed ids) so an unchanged chart keeps a PDF's cache key.
"""

import base64
import functools
import hashlib
import io
import re


@functools.cache
def mpl():
    """matplotlib, loaded on the first chart: processes that draw none (every PDF render's
    child starts Django under a memory limit) never load it."""
    import matplotlib
    import matplotlib.figure
    import matplotlib.ticker

    matplotlib.use("svg")
    return matplotlib


STYLE = {
    "svg.fonttype": "none",  # text stays text: searchable, and crisp at any zoom
    "svg.hashsalt": "interviewkit",
    "font.family": "sans-serif",
    "font.sans-serif": ["Source Sans 3", "DejaVu Sans", "Arial", "sans-serif"],
    "font.size": 9,
    "axes.edgecolor": "#adb5bd",
    "axes.labelcolor": "#343a40",
    "xtick.color": "#495057",
    "ytick.color": "#495057",
    "axes.spines.top": False,
    "axes.spines.right": False,
}
BLUE, ORANGE, GREY, RED = "#1f4e79", "#d9822b", "#adb5bd", "#b02a37"
SCALE = (1, 2, 3, 4)
SCALE_LABELS = ("1 strong no", "2 no", "3 yes", "4 strong yes")


STYLE_ATTRIBUTE = re.compile(r'style="([^"]*)"')
STYLE_ELEMENT = re.compile(r"<style[^>]*>[^<]*</style>")


def svg(figure):
    """The figure as SVG text without the XML prolog, ready to inline in HTML.

    Styles become presentation attributes and matplotlib's one <style> rule goes onto the root:
    inline in a document, a <style> would apply to the whole page, and the PDF renderer's
    CSS parser warns on SVG properties in style attributes.
    """
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = out.getvalue()
    text = STYLE_ELEMENT.sub("", text[text.index("<svg") :])
    text = text.replace("<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1)
    return own_ids(STYLE_ATTRIBUTE.sub(as_attributes, text))


def own_ids(text):
    """Prefix the ids matplotlib gives (figure_1, patch_1, …) and the references to them with
    a digest of the chart, so several charts inline in one document do not collide."""
    prefix = "chart-" + hashlib.sha256(text.encode()).hexdigest()[:10]
    text = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', text)
    return re.sub(r'(href="|url\()#', rf"\1#{prefix}-", text)


def as_attributes(match):
    declarations = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in declarations)


def data_uri(text):
    return "data:image/svg+xml;base64," + base64.b64encode(text.encode()).decode()


def drawn(function):
    """Cache a chart on its (hashable) figures and draw it with the house style."""

    @functools.lru_cache(maxsize=512)
    def draw(*args):
        with mpl().rc_context(STYLE):
            return function(*args)

    return draw


@drawn
def anchor_use(counts):
    """Bars: how often each score of the 1-4 scale was given."""
    figure = mpl().figure.Figure(figsize=(3.6, 1.9))
    axes = figure.subplots()
    bars = axes.bar(SCALE, counts, color=BLUE, width=0.6)
    axes.bar_label(bars, padding=2, fontsize=8)
    axes.set_xticks(SCALE, SCALE_LABELS, fontsize=8)
    axes.set_ylabel("scores")
    axes.set_ylim(0, max(max(counts), 1) * 1.25)
    axes.yaxis.set_major_locator(mpl().ticker.MaxNLocator(integer=True, nbins=4))
    return svg(figure)


def anchor_use_text(counts):
    return "Scores given: " + ", ".join(
        f"{label}: {count}" for label, count in zip(SCALE_LABELS, counts, strict=True)
    )


@drawn
def severity(rows):
    """Dots with 95% intervals: each interviewer's mean difference from co-raters."""
    names = [name for name, *_ in rows]
    figure = mpl().figure.Figure(figsize=(6.0, 0.6 + 0.3 * len(rows)))
    axes = figure.subplots()
    positions = range(len(rows))
    for y, (_, value, low, high) in zip(positions, rows, strict=True):
        colour = RED if value < -0.25 else ORANGE if value > 0.25 else BLUE
        axes.plot([low, high], [y, y], color=GREY, linewidth=2, solid_capstyle="round")
        axes.plot([value], [y], "o", color=colour, markersize=6)
    axes.axvline(0, color="#495057", linewidth=0.8)
    axes.set_yticks(list(positions), names)
    axes.invert_yaxis()
    reach = max([1.0] + [max(abs(low), abs(high)) for _, _, low, high in rows])
    axes.set_xlim(-reach * 1.05, reach * 1.05)
    axes.set_xlabel("← harsher   mean difference from co-raters (points)   more lenient →")
    axes.spines["left"].set_visible(False)
    axes.tick_params(axis="y", length=0)
    return svg(figure)


def severity_text(rows):
    return "Severity: " + "; ".join(f"{name} {value:+.2f}" for name, value, _, _ in rows)


@drawn
def spread(rows):
    """Per competency: every interviewer's mean as a dot, the mean of all as a bar."""
    figure = mpl().figure.Figure(figsize=(5.6, 0.5 + 0.34 * len(rows)))
    axes = figure.subplots()
    for y, (_, average, people) in enumerate(rows):
        axes.barh(y, average - 1, left=1, color="#dbe5f1", height=0.6)
        axes.plot([average, average], [y - 0.3, y + 0.3], color=BLUE, linewidth=2)
        for value in people:
            axes.plot([value], [y], "o", color=ORANGE, markersize=5, alpha=0.9)
    axes.set_yticks(range(len(rows)), [name for name, *_ in rows])
    axes.invert_yaxis()
    axes.set_xlim(0.9, 4.1)  # room for a dot at either end of the scale
    axes.set_xticks(SCALE, SCALE_LABELS, fontsize=8)
    axes.set_xlabel("bar: mean of independent ratings · dots: each interviewer's mean")
    axes.spines["left"].set_visible(False)
    axes.tick_params(axis="y", length=0)
    return svg(figure)


def spread_text(rows):
    return "Competency means: " + "; ".join(
        f"{name} {average:.1f} (interviewers {', '.join(f'{v:.1f}' for v in people)})"
        for name, average, people in rows
    )
