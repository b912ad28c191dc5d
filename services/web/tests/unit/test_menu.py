"""Each role sees only what it may use."""
from web.menu import menu_for


def endpoints(claims):
    return [item.endpoint for item in menu_for(claims)]


def test_a_visitor_sees_only_the_public_agreement_list():
    assert endpoints(None) == ["public.agreements"]


def test_a_registration_limited_token_sees_only_registration():
    assert endpoints({"sub": "p", "registration": "pending", "roles": ["operator"]}) == [
        "account.registration"]


ROLE_PAGES = ("admin.", "operator.", "signatory.")


def everyones(found):
    """Home first, the profile and the public list last, no role's page (areas add theirs
    for every person between)."""
    return found[0] == "public.home" and found[-2:] == ["account.profile", "public.agreements"] \
        and not [e for e in found if e.startswith(ROLE_PAGES)]


def test_a_person_without_roles_sees_home_their_team_documents_notifications_and_profile():
    assert endpoints({"sub": "p"}) == [
        "public.home", "programmes.mine", "team.my_team", "team.my_roles", "documents.mine",
        "library.index", "notifications.mine", "account.profile", "public.agreements"]


def test_the_operator_manages_organisations_and_agreement_texts():
    found = endpoints({"sub": "p", "roles": ["operator"]})
    assert "operator.organisations" in found and "operator.agreement_texts" in found
    assert "admin.tutors" not in found and "signatory.agreements" not in found


def test_a_signatory_signs():
    found = endpoints({"sub": "p", "memberships": [{"organisation_id": "o", "role": "signatory"}]})
    assert "signatory.agreements" in found and "operator.organisations" not in found


def test_a_region_administrator_manages_tutors_access_and_people():
    found = endpoints({"sub": "p", "memberships": [
        {"organisation_id": "r", "role": "region_admin"}]})
    assert "admin.tutors" in found and "admin.people" in found


def test_a_municipality_administrator_creates_profiles_but_grants_no_tutor_access():
    found = endpoints({"sub": "p", "memberships": [
        {"organisation_id": "m", "role": "municipality_admin"}]})
    assert "admin.people" in found and "admin.tutors" not in found


def test_a_tutor_sees_no_administration():
    found = endpoints({"sub": "p", "memberships": [{"organisation_id": "x", "role": "tutor"}]})
    assert not [e for e in found if e.startswith(("admin.", "operator.", "signatory."))]


def test_malformed_memberships_are_ignored():
    assert everyones(endpoints({"sub": "p", "memberships": ["signatory", None]}))


def test_administrators_see_their_failed_deliveries_and_the_operator_the_delivery_log():
    admin = endpoints({"sub": "p", "memberships": [
        {"organisation_id": "m", "role": "municipality_admin"}]})
    operator = endpoints({"sub": "p", "roles": ["operator"]})
    assert "notifications.failed" in admin and "notifications.log" not in admin
    assert "notifications.log" in operator and "notifications.failed" not in operator


def test_a_tutor_appoints_vejledere_and_has_no_lis1_team():
    found = endpoints({"sub": "p", "memberships": [{"organisation_id": "x", "role": "tutor"}]})
    assert "team.vejledere" in found and "team.my_team" not in found
    assert "team.my_roles" in found


def test_an_administrator_has_no_lis1_team_and_no_vejledere():
    found = endpoints({"sub": "p", "memberships": [
        {"organisation_id": "m", "role": "municipality_admin"}]})
    assert "team.my_team" not in found and "team.vejledere" not in found


def test_administrators_and_the_operator_enrol_trainees_and_only_a_region_opens_access():
    region = endpoints({"sub": "p", "memberships": [{"organisation_id": "r",
                                                      "role": "region_admin"}]})
    municipality = endpoints({"sub": "p", "memberships": [{"organisation_id": "m",
                                                            "role": "municipality_admin"}]})
    operator = endpoints({"sub": "p", "roles": ["operator"]})
    assert "programmes.enrolments" in region and "programmes.access" in region
    assert "programmes.enrolments" in municipality and "programmes.access" not in municipality
    assert "programmes.enrolments" in operator
    assert "programmes.mine" not in operator and "programmes.mine" not in region


def test_a_tutor_sees_their_trainees_and_others_do_not():
    assert "programmes.trainees" in endpoints({"sub": "p", "memberships": [
        {"organisation_id": "x", "role": "tutor"}]})
    assert "programmes.trainees" not in endpoints({"sub": "p"})
