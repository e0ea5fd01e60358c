"""Loading levels and loop templates from fixtures/loop_templates.yaml."""

from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from interviewkit.bank.models import Competency, Role
from interviewkit.loops.models import Level, LoopTemplate, SessionTemplate

TEMPLATES_FILE = Path(settings.BASE_DIR) / "fixtures" / "loop_templates.yaml"


def minutes_for(minutes, level_slug):
    if isinstance(minutes, dict):
        return minutes.get(level_slug, minutes["default"])
    return minutes


@transaction.atomic
def load_loop_templates(path=TEMPLATES_FILE):
    """Create missing levels and templates; existing ones (maybe edited in the admin) stay,
    except that a template without competency weights gets the file's.

    Returns the number of templates created.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    levels = []
    for position, spec in enumerate(data["levels"]):
        level, _ = Level.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "position": position,
                "difficulty_mix": spec["difficulty_mix"],
            },
        )
        levels.append(level)
    competencies = {competency.slug: competency for competency in Competency.objects.all()}
    created = 0
    for role_slug, sessions in data["roles"].items():
        role = Role.objects.get(slug=role_slug)
        weights = data.get("weights", {}).get(role_slug, {})
        for level in levels:
            template, is_new = LoopTemplate.objects.get_or_create(
                role=role, level=level, defaults={"weights": weights}
            )
            if not is_new:
                if not template.weights and weights:  # templates made before weights existed
                    template.weights = weights
                    template.save(update_fields=["weights"])
                continue
            created += 1
            for position, spec in enumerate(sessions):
                session = SessionTemplate.objects.create(
                    template=template,
                    position=position,
                    name=spec["name"],
                    minutes=minutes_for(spec["minutes"], level.slug),
                    kinds=spec["kinds"],
                )
                session.focus.set([competencies[slug] for slug in spec["focus"]])
    return created
