import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_log_in_through_the_login_page_and_out_again(page, manager):
    page.goto("/")
    assert "/login/" in page.url  # every page but login requires it

    log_in(page, "maria")

    assert page.get_by_role("heading", name="Welcome, Maria").is_visible()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")


def test_wrong_password_says_so_and_stays_on_login(page, manager):
    page.goto("/login/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()

    assert page.get_by_text("Please enter a correct username and password").is_visible()
    assert "/login/" in page.url


def test_login_page_is_styled_from_our_own_static_files(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/login/")

    outside = [url for url in requested if not url.startswith(live_server.url)]
    assert outside == []
    assert any(url.endswith("bootstrap.min.css") for url in requested)
    button_color = page.get_by_role("button", name="Log in").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    # Bootstrap's primary blue, darkened by our app.css to pass contrast: both sheets loaded
    assert button_color == "rgb(10, 88, 202)"
