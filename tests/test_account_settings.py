"""Each person's settings page: where mail goes, and reminders on or off."""

from interviewkit.accounts.models import Profile, profile_of


def test_the_navbar_links_to_the_settings(interviewer_client):
    assert 'href="/account/settings/"' in interviewer_client.get("/").content.decode()


def test_reminders_are_on_until_turned_off(interviewer_client, interviewer):
    page = interviewer_client.get("/account/settings/").content.decode()
    assert "ivan@example.com" in page and "checked" in page
    assert profile_of(interviewer).reminders

    response = interviewer_client.post("/account/settings/", {}, follow=True)
    assert "Saved your settings." in response.content.decode()
    assert Profile.objects.get(user=interviewer).reminders is False

    interviewer_client.post("/account/settings/", {"reminders": "on"})
    assert Profile.objects.get(user=interviewer).reminders is True


def test_a_person_without_an_address_is_told_so(interviewer_client, interviewer):
    interviewer.email = ""
    interviewer.save()
    page = interviewer_client.get("/account/settings/").content.decode()
    assert "You have no email address" in page
