from django.db import migrations

from interviewkit.accounts.groups import HIRING_MANAGERS, INTERVIEWERS, grant

COMPETENCIES = [
    ("ml-fundamentals", "ML fundamentals"),
    ("data-processing", "Data processing"),
    ("supervised-learning", "Supervised learning"),
    ("unsupervised-learning", "Unsupervised learning"),
    ("evaluation", "Evaluation & metrics"),
    ("deep-learning", "Deep learning"),
    ("nlp-genai", "NLP & GenAI"),
    ("mlops-system-design", "MLOps & system design"),
    ("coding", "Coding"),
    ("behavioural", "Behavioural"),
]
ROLES = [
    ("ml-engineer", "ML Engineer"),
    ("data-scientist", "Data Scientist"),
    ("ai-engineer", "AI/GenAI Engineer"),
    ("mlops-engineer", "MLOps Engineer"),
]
READ = ["bank.view_question", "bank.view_competency", "bank.view_role", "bank.view_tag"]
WRITE = ["bank.add_question", "bank.change_question", "bank.add_tag"]


def seed(apps, schema_editor):
    Competency = apps.get_model("bank", "Competency")
    Role = apps.get_model("bank", "Role")
    for position, (slug, name) in enumerate(COMPETENCIES):
        Competency.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    for position, (slug, name) in enumerate(ROLES):
        Role.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})
    grant(apps, INTERVIEWERS, READ)
    grant(apps, HIRING_MANAGERS, READ + WRITE)


class Migration(migrations.Migration):
    dependencies = [("bank", "0001_initial"), ("accounts", "0001_groups")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
