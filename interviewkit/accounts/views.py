from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from interviewkit.accounts.forms import ProfileForm
from interviewkit.accounts.models import profile_of


@never_cache
def account_settings(request):
    # An unticked box posts nothing, so an empty POST is still a submission.
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=profile_of(request.user))
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, "Saved your settings.")
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})
