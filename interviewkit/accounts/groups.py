"""The two groups and what each may do; migrations call grant() as models appear."""

HIRING_MANAGERS = "Hiring managers"
INTERVIEWERS = "Interviewers"


def grant(apps, group_name, permissions):
    """Give a group permissions named "app_label.codename", creating missing ones first."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for name in permissions:
        app_label, codename = name.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def is_hiring_manager(user):
    # Hiring managers are who may change loops; has_perm caches the user's permissions, so
    # asking once per session on a page costs no query each time.
    return user.has_perm("loops.change_loop")
