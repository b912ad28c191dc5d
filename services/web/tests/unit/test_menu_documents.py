"""The documents area's menu items: a trainee's documents, a tutor's queue, the library."""
from web.menu import menu_for


def endpoints(claims):
    return [item.endpoint for item in menu_for(claims)]


def test_a_person_without_administrative_roles_has_their_documents_and_the_library():
    found = endpoints({"sub": "p"})
    assert "documents.mine" in found and "library.index" in found
    assert "documents.to_confirm" not in found


def test_a_tutor_has_the_queue_of_documents_to_confirm():
    found = endpoints({"sub": "p", "memberships": [{"organisation_id": "x", "role": "tutor"}]})
    assert "documents.to_confirm" in found and "documents.mine" in found


def test_administrators_and_the_operator_have_the_library_but_no_documents_of_their_own():
    for claims in ({"sub": "p", "roles": ["operator"]},
                   {"sub": "p", "memberships": [{"organisation_id": "r",
                                                 "role": "region_admin"}]}):
        found = endpoints(claims)
        assert "library.index" in found and "documents.mine" not in found
