"""By configuration alone the service keeps its bytes in an S3-compatible store (moto's
server here): the same upload, download and withdrawal as with the local folder."""
import document_samples as samples
import pytest
from documents_world import TRAINEE, TUTOR

from documents.adapters.s3 import S3Store


@pytest.fixture
def settings(settings, s3_bucket):
    return dict(settings, STORAGE="s3", S3_BUCKET=s3_bucket["bucket"], S3_PREFIX="evidence/",
                S3_ENDPOINT_URL=s3_bucket["endpoint_url"], S3_REGION="us-east-1",
                S3_ACCESS_KEY_ID="test", S3_SECRET_ACCESS_KEY="test")


def test_uploads_go_to_the_bucket_and_come_back_from_it(world):
    assert isinstance(world.store, S3Store)
    world.kbu_trainee_with_tutor()
    content = samples.padded_pdf(300_000)
    document = world.uploaded(content)
    [key] = world.stored_keys()
    assert key == world.sql("SELECT storage_key FROM documents")[0][0]
    download = world.get(f"/documents/{document['id']}/content", world.as_(TUTOR))
    assert download.content == content
    world.post(f"/documents/{document['id']}/withdraw", TRAINEE)
    assert world.stored_keys() == []


def test_a_refused_upload_leaves_nothing_in_the_bucket(world):
    world.kbu_trainee_with_tutor()
    assert world.upload(samples.svg()).status_code == 415
    assert world.stored_keys() == []
