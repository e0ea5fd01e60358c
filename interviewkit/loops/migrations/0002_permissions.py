from django.db import migrations

from interviewkit.accounts.groups import HIRING_MANAGERS, INTERVIEWERS, grant


def grant_loop_permissions(apps, schema_editor):
    grant(apps, INTERVIEWERS, ["loops.view_loop", "loops.view_session"])
    grant(
        apps,
        HIRING_MANAGERS,
        ["loops.view_loop", "loops.add_loop", "loops.change_loop", "loops.view_session"],
    )


class Migration(migrations.Migration):
    dependencies = [("loops", "0001_initial"), ("bank", "0002_competencies_roles_permissions")]
    operations = [migrations.RunPython(grant_loop_permissions, migrations.RunPython.noop)]
