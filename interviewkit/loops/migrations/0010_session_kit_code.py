"""Every session gets a kit code for its printed sheets: added empty, filled with a random
code each (one default for all rows would repeat one code), then made unique."""

from django.db import migrations, models

import interviewkit.loops.models


def give_codes(apps, schema_editor):
    Session = apps.get_model("loops", "Session")
    HistoricalSession = apps.get_model("loops", "HistoricalSession")
    codes = {}
    for session in Session.objects.only("pk"):
        codes[session.pk] = interviewkit.loops.models.new_kit_code()
        Session.objects.filter(pk=session.pk).update(kit_code=codes[session.pk])
    for row in HistoricalSession.objects.only("history_id", "id"):
        code = codes.get(row.id) or interviewkit.loops.models.new_kit_code()
        HistoricalSession.objects.filter(history_id=row.history_id).update(kit_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("loops", "0009_weights_and_baseline"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalsession",
            name="kit_code",
            field=models.CharField(editable=False, max_length=8, null=True),
        ),
        migrations.AddField(
            model_name="session",
            name="kit_code",
            field=models.CharField(editable=False, max_length=8, null=True),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="historicalsession",
            name="kit_code",
            field=models.CharField(
                db_index=True,
                default=interviewkit.loops.models.new_kit_code,
                editable=False,
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="session",
            name="kit_code",
            field=models.CharField(
                default=interviewkit.loops.models.new_kit_code,
                editable=False,
                max_length=8,
                unique=True,
            ),
        ),
    ]
