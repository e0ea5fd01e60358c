"""Settings › Webhooks: register, test and delete webhooks, and read their delivery log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from interviewkit.accounts.groups import is_hiring_manager
from interviewkit.webhooks import services
from interviewkit.webhooks.forms import WebhookForm
from interviewkit.webhooks.models import Webhook

LOG_LINES = 20
SHOWN_ONCE = "new_webhook_secret"  # the session key holding a new secret until it is shown


def require_manager(request):
    if not (request.user.is_superuser or is_hiring_manager(request.user)):
        raise PermissionDenied("Only hiring managers register webhooks.")


@never_cache
def webhook_list(request):
    require_manager(request)
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webhook, secret = services.register(request.user, **form.cleaned_data)
        except services.TooMany as error:
            form.add_error(None, str(error))
        else:
            request.session[SHOWN_ONCE] = [webhook.pk, secret]
            return redirect("webhooks:list")
    webhooks = request.user.webhooks.all()
    for webhook in webhooks:
        webhook.log = list(webhook.deliveries.all()[:LOG_LINES])
    shown = request.session.pop(SHOWN_ONCE, None)
    context = {"form": form, "webhooks": webhooks, "new_secret": shown and shown[1]}
    context["new_webhook_id"] = shown and shown[0]
    return render(request, "webhooks/webhooks.html", context)


def own_webhook(request, pk):
    require_manager(request)
    return get_object_or_404(Webhook, pk=pk, owner=request.user)


@require_POST
def webhook_test(request, pk):
    webhook = own_webhook(request, pk)
    services.send_test(webhook)
    messages.success(request, f"A test event is on its way to {webhook.url}; see the log below.")
    return redirect("webhooks:list")


@require_POST
def webhook_delete(request, pk):
    webhook = own_webhook(request, pk)
    webhook.delete()
    messages.success(request, f"Deleted the webhook to {webhook.url}.")
    return redirect("webhooks:list")
