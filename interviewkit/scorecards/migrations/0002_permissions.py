from django.db import migrations

from interviewkit.accounts.groups import HIRING_MANAGERS, INTERVIEWERS, grant

SCORE = ["scorecards.view_scorecard", "scorecards.add_scorecard", "scorecards.change_scorecard"]


def grant_scorecard_permissions(apps, schema_editor):
    grant(apps, INTERVIEWERS, SCORE)
    grant(apps, HIRING_MANAGERS, SCORE)


class Migration(migrations.Migration):
    dependencies = [("scorecards", "0001_initial"), ("loops", "0002_permissions")]
    operations = [migrations.RunPython(grant_scorecard_permissions, migrations.RunPython.noop)]
