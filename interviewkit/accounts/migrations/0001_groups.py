from django.db import migrations

from interviewkit.accounts.groups import HIRING_MANAGERS, INTERVIEWERS


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in (HIRING_MANAGERS, INTERVIEWERS):
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
