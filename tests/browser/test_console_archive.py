"""The facilitator's archive and exports, clicked through in the console."""
import pytest
from playwright.sync_api import expect

from ..conftest import small_plan

pytestmark = pytest.mark.browser


def signed_in(browser, server, page_errors):
    page = page_errors(browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
                       .new_page(), "console")
    page.goto(f"{server.url}/console?token=live-test-token")
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def row(page, title):
    return page.locator("#sessions-list tr", has_text=title)


def test_duplicate_close_reopen_delete_and_import(browser, server, page_errors, tmp_path):
    server.api("POST", "/api/sessions", json={"plan": small_plan(title="Kept meet-up")})
    server.api("POST", "/api/sessions", json={"plan": small_plan(title="Doomed meet-up")})
    page = signed_in(browser, server, page_errors)
    row(page, "Kept meet-up").wait_for()

    row(page, "Kept meet-up").get_by_role("button", name="Duplicate").click()
    page.get_by_text("Duplicated as").wait_for()
    page.wait_for_function("document.querySelectorAll('#sessions-list tbody tr').length === 3")

    row(page, "Doomed meet-up").get_by_role("button", name="Close").click()
    row(page, "Doomed meet-up").get_by_role("button", name="Reopen").wait_for()
    row(page, "Doomed meet-up").get_by_role("button", name="Reopen").click()
    row(page, "Doomed meet-up").get_by_role("button", name="Close").wait_for()

    code = next(s["code"] for s in server.api("GET", "/api/sessions")["sessions"] if s["title"] == "Doomed meet-up")
    page.goto(f"{server.url}/console/{code}")
    page.wait_for_selector(".connection-ok")
    page.fill("#material-title", "Slides of the keynote")
    page.fill("#material-url", "https://example.org/keynote")
    page.get_by_role("button", name="Attach").click()
    page.get_by_text("Attached").wait_for()
    page.select_option("#export-format", "zip")
    with page.expect_download() as download:
        page.click("#export")
    bundle = tmp_path / download.value.suggested_filename
    download.value.save_as(bundle)
    assert bundle.name == f"baraza-{code}.zip"

    page.goto(f"{server.url}/console")
    row(page, "Doomed meet-up").get_by_role("button", name="Delete").click()
    page.get_by_text("Deleted.").wait_for()
    expect(row(page, "Doomed meet-up")).to_have_count(0)

    page.set_input_files("#import-file", str(bundle))
    page.get_by_role("button", name="Import").click()
    page.get_by_text(f"Imported as {code[:3]} {code[3:]}").wait_for()
    row(page, "Doomed meet-up").wait_for()
    record = server.api("GET", f"/api/sessions/{code}/export?format=json")
    assert record["stages"][0]["materials"] == [
        {"title": "Slides of the keynote", "kind": "link", "url": "https://example.org/keynote"}]
    assert page_errors.seen == []
