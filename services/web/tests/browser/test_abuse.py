"""What goes wrong in a running portal, as a person meets it: the session ends in the
middle of a form, a service goes down."""
import os
import re
import signal
import subprocess
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from browsing import assert_accessible, enter, log_in


def age_every_session(portal, minutes=60):
    """As if every browser had been idle for ``minutes``: past the idle timeout."""
    engine = create_engine(portal.databases["web"])
    with engine.begin() as connection:
        connection.execute(text("UPDATE web_sessions SET last_seen_at = last_seen_at - "
                                "make_interval(mins => :minutes)"), {"minutes": minutes})
    engine.dispose()


def test_a_session_that_ends_mid_form_brings_the_person_back_with_what_they_typed(
        open_page, portal):
    page = open_page()
    enter(page, "HelseID", "Nora Eriksen")
    page.get_by_role("button", name="English").click()
    page.goto("/profile")
    page.get_by_label("Mobile phone").fill("+47 911 22 333")
    age_every_session(portal)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Your session has ended")
    assert_accessible(page)
    log_in(page, "HelseID", "Nora Eriksen", start=None)
    expect(page).to_have_url(re.compile(r"/profile$"))
    expect(page.get_by_label(re.compile("Mobile phone|Mobiltelefon"))).to_have_value(
        "+47 911 22 333")
    expect(page.get_by_role("status")).to_contain_text(re.compile("We kept|Vi tok vare"))


def identity_process(portal) -> int:
    for pid in subprocess.run(["pgrep", "-P", str(portal.process.pid)], capture_output=True,
                              text=True).stdout.split():
        if "identity.entrypoints" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(
                errors="replace"):
            return int(pid)
    raise AssertionError("identity is not running")


def test_a_service_that_is_down_gets_a_clear_page_not_a_trace(open_page, portal):
    page = open_page()
    os.kill(identity_process(portal), signal.SIGKILL)  # the launcher restarts it
    page.goto("/agreements")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This part of the portal is temporarily unavailable")
    expect(page.get_by_text("Reference for support")).to_be_visible()
    assert "Traceback" not in page.content()
    assert_accessible(page)
    for _ in range(60):  # back once the launcher has restarted it
        page.reload()
        if page.get_by_role("heading", level=1).inner_text() == "Data-processing agreements":
            break
        page.wait_for_timeout(1000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Data-processing agreements")
