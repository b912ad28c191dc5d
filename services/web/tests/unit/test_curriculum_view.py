"""How a curriculum is narrowed for a person looking for something: by code, words, an
activity, an assessment method or a state; groups with a match opened, the current
placement's plan opened when nothing is searched."""
from web.curriculum import Search, current_plan, groups_shown

ITEM = {"code": "KLS-007", "title": "Hjertestans", "description": "Kan lede gjenoppliving",
        "activities": [{"title": "Simulering på legevakt"}], "assessment": ["direkte_observasjon"],
        "state": "not_started"}
GROUPS = [{"code": "KLS", "kind": "plan", "title": "Sykehus",
           "items": [ITEM, {**ITEM, "code": "KLS-008", "title": "Sepsis", "state": "approved",
                            "description": "", "activities": []}]},
          {"code": "KLK", "kind": "plan", "title": "Kommune",
           "items": [{**ITEM, "code": "KLK-001", "title": "Legevakt", "activities": []}]}]


def codes(groups):
    return {g.code: [i["code"] for i in g.items] for g in groups}


def test_words_match_code_title_description_and_activities_in_any_case():
    assert Search("kls-007").matches(ITEM) and Search("GJENOPPLIVING").matches(ITEM)
    assert Search("simulering legevakt").matches(ITEM)
    assert not Search("simulering sepsis").matches(ITEM)  # every word must match


def test_a_state_narrows_to_items_in_that_state():
    assert codes(groups_shown(GROUPS, Search(state="approved"))) == {"KLS": ["KLS-008"]}


def test_groups_without_a_match_are_left_out_and_those_with_one_opened():
    shown = groups_shown(GROUPS, Search("legevakt"))
    assert codes(shown) == {"KLS": ["KLS-007"], "KLK": ["KLK-001"]}
    assert all(g.open for g in shown)


def test_without_a_search_every_item_is_shown_and_the_current_plan_opened():
    shown = groups_shown(GROUPS, Search(), opened=["KLK"])
    assert [(g.code, g.open, g.total, g.done) for g in shown] == [("KLS", False, 2, 1),
                                                                   ("KLK", True, 1, 0)]


def test_with_no_current_placement_the_first_group_is_opened():
    assert [g.open for g in groups_shown(GROUPS, Search())] == [True, False]


def test_an_unknown_state_in_the_address_is_no_filter():
    assert Search.of({"q": "  sepsis ", "state": "<script>"}) == Search("sepsis", "")


def test_the_current_plan_comes_from_the_current_placement():
    enrolment = {"current_placement_id": "p2",
                 "groups": [{"code": "KLS", "placement_ids": ["p1"]},
                            {"code": "KLK", "placement_ids": ["p2"]}],
                 "placements": [{"placement_id": "p1", "state": "former", "plan": ["KLS"]},
                                {"placement_id": "p2", "state": "current",
                                 "plan": ["KLK", "FKM-K"]}]}
    assert set(current_plan(enrolment)) == {"KLK", "FKM-K"}
