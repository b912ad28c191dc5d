"""Where a person may be sent back to after login: only paths on this site."""
import pytest

from web.security import safe_return_to


@pytest.mark.parametrize("target", ["/", "/profile", "/agreements?q=Bergen&country=NO",
                                    "/operator/organisations/7#agreement"])
def test_a_path_on_this_site_is_kept(target):
    assert safe_return_to(target) == target


@pytest.mark.parametrize("target", [
    None, "", "https://evil.example/", "http:/evil.example", "//evil.example", "///evil.example",
    "/\\evil.example", "\\\\evil.example", "evil.example", "javascript:alert(1)",
    "/\t/evil.example", "/profile\r\nSet-Cookie: a=b", "/ evil", "/auth/callback?code=x",
    "/auth/logout", "/api/identity/v1/people/me", "/health/ready", "/" + "a" * 2001,
    "/%0d%0aLocation:%20https://evil.example".replace("%0d%0a", "\r\n"),
])
def test_anything_else_becomes_the_front_page(target):
    assert safe_return_to(target) == "/"


def test_the_default_can_be_chosen():
    assert safe_return_to("//evil.example", default="/profile") == "/profile"
