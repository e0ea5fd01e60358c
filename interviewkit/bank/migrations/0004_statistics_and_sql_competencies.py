from django.db import migrations

# Placed among the others: statistics after evaluation, SQL before coding.
COMPETENCIES = [
    ("ml-fundamentals", "ML fundamentals"),
    ("data-processing", "Data processing"),
    ("supervised-learning", "Supervised learning"),
    ("unsupervised-learning", "Unsupervised learning"),
    ("evaluation", "Evaluation & metrics"),
    ("statistics", "Statistics & experimentation"),
    ("deep-learning", "Deep learning"),
    ("nlp-genai", "NLP & GenAI"),
    ("mlops-system-design", "MLOps & system design"),
    ("sql", "SQL & data analysis"),
    ("coding", "Coding"),
    ("behavioural", "Behavioural"),
]


def seed(apps, schema_editor):
    Competency = apps.get_model("bank", "Competency")
    for position, (slug, name) in enumerate(COMPETENCIES):
        Competency.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("bank", "0003_probes_listen_for_and_overlaps")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
