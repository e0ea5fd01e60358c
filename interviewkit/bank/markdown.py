"""Question Markdown to safe HTML, the same for pages and for PDFs.

Markdown (python-markdown) renders, Pygments highlights fenced code with CSS classes, and
nh3 (an allow-list sanitizer) then keeps only harmless tags, attributes and link schemes:
no scripts, no event handlers, no images, no javascript: or file: links.

Rendering never raises and its cost is bounded: text over the limits of bank/limits.py (saved
before they existed, or by a script), text the parser fails on, and HTML nested deeper than
the PDF renderer can follow are all shown as escaped plain text with a notice instead.
"""

import logging
import re

import markdown
import nh3
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from pygments.token import STANDARD_TYPES

from interviewkit.bank import limits

logger = logging.getLogger(__name__)

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code",
    "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
    "span", "div", "sub", "sup", "del",
}  # fmt: skip
PYGMENTS_CLASSES = {name for name in STANDARD_TYPES.values() if name} | {"codehilite"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_CLASSES = {"span": PYGMENTS_CLASSES, "div": {"codehilite"}}
EXTENSIONS = ["fenced_code", "codehilite", "tables", "sane_lists"]
EXTENSION_CONFIGS = {"codehilite": {"guess_lang": False, "css_class": "codehilite"}}


def render_markdown(text):
    """Markdown source to sanitized HTML, marked safe for templates; never raises."""
    text = str(text or "")  # a revision's snapshot holds whatever a script put there
    problems = limits.markdown_problems(text)
    if problems:
        return plain_text(text, problems[0])
    try:
        html = markdown.markdown(
            text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html"
        )
        clean = sanitize(html)
    except Exception:  # a page or a packet must still show, whatever is stored
        logger.exception("could not format Markdown; showing it as plain text")
        return plain_text(text, "It could not be formatted.")
    if nesting_depth(clean) > limits.HTML_DEPTH:  # emphasis or raw HTML inside each other
        why = f"It nests elements more than {limits.HTML_DEPTH} deep: flatten it."
        return plain_text(text, why)
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3


def sanitize(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def plain_text(text, why):
    """Escaped text with a notice saying why, cut to what the limits allow a formatted text."""
    shown = "\n".join(text[: limits.ANSWER_CHARS].split("\n")[: limits.MARKDOWN_LINES])
    if len(shown) < len(text):
        why += f" The first {len(shown):,} of its {len(text):,} characters are shown."
    return format_html(
        '<p class="markdown-notice">Shown as plain text. {}</p>'
        '<div class="markdown-plain">{}</div>',
        why,
        shown,
    )


TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)[^>]*>")
VOID_TAGS = {"br", "hr"}


def nesting_depth(html):
    """How deep elements sit inside each other in sanitized (so well-formed) HTML."""
    depth = deepest = 0
    for match in TAG.finditer(html):
        if match.group(2) not in VOID_TAGS:
            depth += -1 if match.group(1) else 1
            deepest = max(deepest, depth)
    return deepest


TITLE_WORDS = 12
TITLE_CHARS = 1_000  # enough for a dozen words; a stored prompt may be far longer


def short_title(prompt):
    """The first sentence of a prompt, at most a dozen words, without Markdown marks."""
    text = re.sub(r"[`*_#>\[\]]", "", (prompt or "")[:TITLE_CHARS]).strip()
    sentence = re.split(r"(?<=[.?!])\s", text, maxsplit=1)[0]
    words = sentence.split()
    return " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "")
