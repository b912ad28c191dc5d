"""The curriculum file library: administrators publish per curriculum version, everyone in
the programme reads, a new version keeps the history."""
import document_samples as samples
import requests
from documents_world import ADMIN, REGION, STRANGER, TRAINEE, TUTOR

ADMIN_OF_REGION = (REGION, "region_admin")


def publish(world, content, person=ADMIN, memberships=(ADMIN_OF_REGION,),
            path="/library/kbu/2017/files", **params):
    params.setdefault("title", "Kompetencevurderingskort 1")
    params.setdefault("category", "assessment_card")
    params.setdefault("filename", "kv-kort-1.pdf")
    return requests.post(f"{world.api}{path}", params=params, data=content, timeout=30,
                         headers=world.as_(person, *memberships))


def test_an_administrator_publishes_and_a_kbu_trainee_lists_and_downloads(world):
    world.trainee()
    published = publish(world, samples.pdf())
    assert published.status_code == 201, published.text
    listed = world.get("/library/kbu/2017/files", world.as_(TRAINEE))
    assert listed.status_code == 200
    [card] = listed.json()
    assert (card["title"], card["category"], card["current"]["number"]) == (
        "Kompetencevurderingskort 1", "assessment_card", 1)
    download = world.get(f"/library/files/{card['id']}/content", world.as_(TRAINEE))
    assert download.content == samples.pdf()
    assert download.headers["Content-Disposition"].startswith("attachment;")


def test_a_new_version_keeps_the_history(world):
    world.trainee()
    card = publish(world, samples.pdf()).json()
    newer = requests.post(f"{world.api}/library/files/{card['id']}/versions",
                          params={"filename": "kv-kort-1-2026.pdf"}, data=samples.pdf(2),
                          headers=world.as_(ADMIN, ADMIN_OF_REGION), timeout=30)
    assert newer.status_code == 201, newer.text
    assert [v["number"] for v in newer.json()["versions"]] == [1, 2]
    first = world.get(f"/library/files/{card['id']}/versions/1/content", world.as_(TRAINEE))
    current = world.get(f"/library/files/{card['id']}/content", world.as_(TRAINEE))
    assert (first.content, current.content) == (samples.pdf(), samples.pdf(2))
    assert world.get(f"/library/files/{card['id']}/versions/3/content",
                     world.as_(TRAINEE)).status_code == 404


def test_only_administrators_publish(world):
    world.trainee()
    response = publish(world, samples.pdf(), person=TRAINEE, memberships=())
    assert (response.status_code, response.json()["code"]) == (403, "administrator_required")
    assert world.stored_keys() == []


def test_people_outside_the_programme_do_not_read_its_library(world):
    world.trainee(curriculum="lis1")
    publish(world, samples.pdf())
    response = world.get("/library/kbu/2017/files", world.as_(TRAINEE))
    assert (response.status_code, response.json()["code"]) == (403, "not_in_programme")
    assert world.get("/library/kbu/2017/files", world.as_(STRANGER)).status_code == 403


def test_a_tutor_reads_the_library_of_their_trainees_programme(world):
    world.agreement()  # a tutor acts for a trainee only while the region's agreement is in force
    world.trainee()
    world.grant()
    publish(world, samples.pdf())
    assert world.get("/library/kbu/2017/files", world.as_(TUTOR)).status_code == 200


def test_bad_files_and_bad_fields_are_refused_as_uploads_are(world):
    assert publish(world, samples.html()).json()["code"] == "unsupported_type"
    assert publish(world, samples.pdf(), category="poster").status_code == 422
    assert publish(world, samples.pdf(), path="/library/KBU!/2017/files").status_code == 404
    assert world.stored_keys() == []
