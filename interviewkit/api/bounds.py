"""Bounds on request bodies, refused with the bound in the message before anything is read."""

from functools import wraps

from interviewkit.api.problems import Problem, problem_response

MAX_JSON_BYTES = 64 * 1024


def content_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def body_at_most(limit):
    """For ninja's decorate_view: a larger body is refused before ninja parses it."""

    def decorator(run):
        @wraps(run)
        def checked(request, *args, **kwargs):
            if content_length(request) > limit:
                detail = f"The body is over {limit // 1024} KB, the most this endpoint reads."
                return problem_response(request, 413, detail, kind="too-large")
            return run(request, *args, **kwargs)

        return checked

    return decorator


def bounded_body(request, limit):
    """The raw body, refused when longer than `limit` bytes (read no further than that)."""
    data = b"" if content_length(request) > limit else request.read(limit + 1)
    if content_length(request) > limit or len(data) > limit:
        raise Problem(
            413,
            f"The body is over {limit // (1024 * 1024)} MB: split the file and import each part.",
            kind="too-large",
        )
    return data
