"""Interviewers on a session get a role (lead, panel or shadow): the M2M moves onto a
through model, keeping every existing assignment as a panel interviewer."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_assignments(apps, schema_editor):
    Session = apps.get_model("loops", "Session")
    Assignment = apps.get_model("loops", "Assignment")
    old = Session.old_interviewers.through.objects.values_list("session_id", "user_id")
    Assignment.objects.bulk_create(
        Assignment(session_id=session, interviewer_id=user, role="panel") for session, user in old
    )


def copy_back(apps, schema_editor):
    Session = apps.get_model("loops", "Session")
    Assignment = apps.get_model("loops", "Assignment")
    through = Session.old_interviewers.through
    through.objects.bulk_create(
        through(session_id=session, user_id=user)
        for session, user in Assignment.objects.values_list("session_id", "interviewer_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("loops", "0006_session_time_and_place"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("session", "interviewers", "old_interviewers"),
        migrations.AlterField(
            model_name="session",
            name="old_interviewers",
            field=models.ManyToManyField(blank=True, related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.CreateModel(
            name="Assignment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("lead", "Lead"), ("panel", "Panel"), ("shadow", "Shadow")],
                        default="panel",
                        max_length=6,
                    ),
                ),
                (
                    "interviewer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="assignments",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="assignments",
                        to="loops.session",
                    ),
                ),
            ],
            options={"ordering": ["session", "pk"]},
        ),
        migrations.AddConstraint(
            model_name="assignment",
            constraint=models.UniqueConstraint(
                fields=("session", "interviewer"), name="one_assignment_per_interviewer"
            ),
        ),
        migrations.RunPython(copy_assignments, copy_back),
        migrations.RemoveField("session", "old_interviewers"),
        migrations.AddField(
            model_name="session",
            name="interviewers",
            field=models.ManyToManyField(
                blank=True,
                related_name="interview_sessions",
                through="loops.Assignment",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
