"""What only the AWS store does: its item layout, presigned URLs, index-only listing, AWS errors.

Every test talks to a moto server on 127.0.0.1 through AWS_ENDPOINT_URL.
"""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from mumble.aws_clients import make_client
from mumble.backends import make_store
from mumble.errors import StorageFailed, StorageReadFailed
from mumble.settings import load_settings
from mumble.store.aws import AwsStore
from mumble.store.base import DONE, PROCESSING, GalleryQuery, Record, new_record_id, utc_now


def make_record(owner="local", transcript="我想去海边", created_at=None):
    now = created_at or utc_now()
    return Record(id=new_record_id(), owner=owner, created_at=now, updated_at=now, transcript=transcript,
                  prompt=f"画：{transcript}", context={"mood": "平静", "mood_key": "calm"}, audio_format="wav",
                  duration_s=2.0)


@pytest.fixture
def store(aws_settings) -> AwsStore:
    return AwsStore(aws_settings)


def raw_item(store: AwsStore, pk: str, sk: str) -> dict | None:
    from boto3.dynamodb.types import TypeDeserializer

    response = store._dynamodb.get_item(TableName=store.resources.table, Key={"PK": {"S": pk}, "SK": {"S": sk}})
    if "Item" not in response:
        return None
    return {name: TypeDeserializer().deserialize(value) for name, value in response["Item"].items()}


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_storage_setting_selects_the_aws_store(aws_settings):
    store = make_store(aws_settings)
    assert isinstance(store, AwsStore)
    assert store.resources.table == f"mumble-{aws_settings.stage}"
    assert store.resources.audio_bucket == f"mumble-audio-{aws_settings.stage}"
    assert store.resources.images_bucket == f"mumble-images-{aws_settings.stage}"


def test_resource_names_can_be_overridden(aws_environment):
    settings = load_settings({"MUMBLE_TABLE": "gallery", "MUMBLE_AUDIO_BUCKET": "team-audio",
                              "MUMBLE_IMAGES_BUCKET": "team-images", "MUMBLE_REGION": "eu-west-1"})
    store = AwsStore(settings)
    assert (store.resources.table, store.resources.audio_bucket, store.resources.images_bucket) == (
        "gallery", "team-audio", "team-images")
    assert store.region == "eu-west-1"


def test_record_is_stored_as_artwork_and_recording_items(store):
    record = store.create(make_record(owner="alice", created_at="2026-02-01T08:00:00.000+00:00"), b"audio")

    artwork = raw_item(store, f"IMAGE#{record.id}", "METADATA")
    recording = raw_item(store, f"AUDIO#{record.id}", "TRANSCRIPTION")
    assert artwork["GSI1PK"] == "USER#alice"
    assert artwork["GSI1SK"] == f"2026-02-01T08:00:00.000+00:00#{record.id}"
    assert artwork["GSI2PK"] == "RECORDS"
    assert artwork["context"] == {"mood": "平静", "mood_key": "calm"}
    assert recording["audio_key"] == f"audio/{record.id}.wav"
    assert recording["transcript"] == "我想去海边"
    assert recording["transcription_status"] == DONE


def test_recording_item_follows_a_later_transcript(store):
    record = make_record(transcript=None)
    record.transcript = None
    store.create(record, b"audio")
    assert raw_item(store, f"AUDIO#{record.id}", "TRANSCRIPTION")["transcription_status"] == PROCESSING

    store.update(record.id, transcript="后来识别出的文字")

    recording = raw_item(store, f"AUDIO#{record.id}", "TRANSCRIPTION")
    assert recording["transcript"] == "后来识别出的文字"
    assert recording["transcription_status"] == DONE


def test_delete_removes_both_items(store):
    record = store.create(make_record(), b"audio")
    store.delete(record.id)
    assert raw_item(store, f"IMAGE#{record.id}", "METADATA") is None
    assert raw_item(store, f"AUDIO#{record.id}", "TRANSCRIPTION") is None


def test_listing_and_counting_only_query_indexes(store):
    for number in range(1, 6):
        store.create(make_record(owner="alice" if number % 2 else "bob",
                                 created_at=f"2026-01-0{number}T00:00:00.000+00:00"), b"a")
    operations: list[str] = []
    store._dynamodb.meta.events.register("before-call.dynamodb.*",
                                         lambda model, **kwargs: operations.append(model.name))

    store.list(limit=2)
    store.list(GalleryQuery(owner="alice"), limit=2)
    store.list(GalleryQuery(mood_key="calm", text="海边", date_from="2026-01-02"), limit=2)
    store.count()
    store.count(GalleryQuery(owner="bob", text="海"))

    assert operations
    assert set(operations) == {"Query"}


def test_presigned_url_is_fetchable(store):
    record = store.create(make_record(), b"RIFF-audio-bytes")
    store.attach_artwork(record.id, b"\x89PNG-bytes", b"RIFF-webp")

    audio_url = store.presigned_url(record.audio_key)
    image = httpx.get(store.presigned_url(f"images/{record.id}.png"), timeout=10)

    assert audio_url.startswith(store.settings.aws_endpoint_url)
    assert "X-Amz-Expires=3600" in audio_url
    assert httpx.get(audio_url, timeout=10).content == b"RIFF-audio-bytes"
    assert image.status_code == 200
    assert image.content == b"\x89PNG-bytes"
    assert image.headers["content-type"] == "image/png"


def test_presigned_url_expiry_comes_from_settings(aws_settings, monkeypatch):
    monkeypatch.setenv("MUMBLE_PRESIGN_SECONDS", "120")
    store = AwsStore(load_settings())
    record = store.create(make_record(), b"audio")
    assert "X-Amz-Expires=120" in store.presigned_url(record.audio_key)
    assert "X-Amz-Expires=30" in store.presigned_url(record.audio_key, expires_in=30)


def test_presigned_url_is_refused_for_foreign_keys(store):
    with pytest.raises(StorageFailed):
        store.presigned_url("../other-bucket/secret.png")


def test_locate_names_the_bucket_and_key(store):
    record = store.create(make_record(), b"audio")
    assert store.locate(record.audio_key) == f"s3://{store.resources.audio_bucket}/{record.audio_key}"
    assert store.locate(f"thumbnails/{record.id}.webp") == (
        f"s3://{store.resources.images_bucket}/thumbnails/{record.id}.webp")


def test_objects_carry_no_public_grant(store):
    record = store.create(make_record(), b"audio")
    store.attach_artwork(record.id, b"png", b"thumb")

    for bucket, key in ((store.resources.audio_bucket, record.audio_key),
                        (store.resources.images_bucket, f"images/{record.id}.png")):
        grants = store._s3.get_object_acl(Bucket=bucket, Key=key)["Grants"]
        grantees = {grant["Grantee"].get("URI") for grant in grants}
        assert "http://acs.amazonaws.com/groups/global/AllUsers" not in grantees
        assert "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" not in grantees


def test_create_never_overwrites_an_existing_object(store):
    record = make_record()
    key = f"audio/{record.id}.wav"
    store._s3.put_object(Bucket=store.resources.audio_bucket, Key=key, Body=b"someone else's audio")

    with pytest.raises(StorageFailed):
        store.create(record, b"new audio")

    assert store._s3.get_object(Bucket=store.resources.audio_bucket, Key=key)["Body"].read() == b"someone else's audio"


def lose_responses(monkeypatch, client, operation: str) -> None:
    """Make client's operation succeed on the server but raise as if its response timed out."""
    from botocore.exceptions import ReadTimeoutError

    original = getattr(client, operation)

    def write_then_time_out(**kwargs):
        original(**kwargs)
        raise ReadTimeoutError(endpoint_url="http://127.0.0.1")

    monkeypatch.setattr(client, operation, write_then_time_out)


def test_create_whose_response_was_lost_keeps_the_record(store, monkeypatch):
    lose_responses(monkeypatch, store._dynamodb, "transact_write_items")
    record = store.create(make_record(), b"audio")

    monkeypatch.undo()
    assert store.get(record.id).audio_key == record.audio_key
    assert store.read(record.audio_key) == b"audio"


def test_artwork_whose_response_was_lost_keeps_the_images(store, monkeypatch):
    record = store.create(make_record(), b"audio")
    lose_responses(monkeypatch, store._dynamodb, "put_item")

    done = store.attach_artwork(record.id, b"png", b"thumb")

    monkeypatch.undo()
    assert done.status == DONE
    assert store.get(record.id).image_key == f"images/{record.id}.png"
    assert store.read(f"images/{record.id}.png") == b"png"


def test_delete_whose_response_was_lost_still_removes_objects(store, monkeypatch):
    record = store.create(make_record(), b"audio")
    lose_responses(monkeypatch, store._dynamodb, "transact_write_items")

    assert store.delete(record.id) is True

    monkeypatch.undo()
    assert store._s3.list_objects_v2(Bucket=store.resources.audio_bucket).get("Contents", []) == []


def test_write_of_unknown_outcome_keeps_the_objects(store, monkeypatch):
    from botocore.exceptions import ClientError

    def unavailable(**kwargs):
        raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "injected"}}, "DynamoDB")

    record = make_record()
    monkeypatch.setattr(store._dynamodb, "transact_write_items", unavailable)
    monkeypatch.setattr(store._dynamodb, "get_item", unavailable)

    with pytest.raises(StorageFailed):
        store.create(record, b"audio")

    monkeypatch.undo()
    keys = [item["Key"] for item in store._s3.list_objects_v2(Bucket=store.resources.audio_bucket)["Contents"]]
    assert keys == [f"audio/{record.id}.wav"]


def test_clients_use_standard_retries_and_timeouts(store, aws_settings):
    for client in (store._dynamodb, store._s3):
        config = client.meta.config
        assert config.retries == {"mode": "standard", "total_max_attempts": aws_settings.aws_max_attempts}
        assert config.connect_timeout == 5
        assert config.read_timeout == 30


def test_missing_table_error_says_to_run_init_aws(aws_environment, monkeypatch):
    monkeypatch.setenv("MUMBLE_STAGE", "never-provisioned")
    store = AwsStore(load_settings())
    with pytest.raises(StorageReadFailed) as caught:
        store.get(new_record_id())
    message = caught.value.message("en")
    assert "mumble-never-provisioned" in message
    assert "init-aws" in message


def test_unreachable_endpoint_fails_fast_with_a_clear_error(aws_environment, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setenv("MUMBLE_AWS_MAX_ATTEMPTS", "1")
    store = AwsStore(load_settings())

    started = time.monotonic()
    with pytest.raises(StorageFailed) as caught:
        store.create(make_record(), b"audio")
    elapsed = time.monotonic() - started

    assert "PutObject" in caught.value.detail
    assert "Could not connect" in caught.value.detail
    assert elapsed < 5


def test_missing_region_is_a_clear_error(aws_environment, monkeypatch):
    monkeypatch.delenv("AWS_REGION")
    with pytest.raises(StorageFailed) as caught:
        AwsStore(load_settings())
    assert "MUMBLE_REGION" in caught.value.message("en")


def test_health_reports_table_and_buckets(store):
    report = store.health()
    assert report["ok"] is True
    assert report["table_status"] == "ACTIVE"
    assert report["endpoint"] == store.settings.aws_endpoint_url
    assert report["records"] == 0


def test_health_reports_missing_buckets_without_raising(aws_environment, monkeypatch):
    monkeypatch.setenv("MUMBLE_STAGE", "missing-too")
    report = AwsStore(load_settings()).health()
    assert report["ok"] is False
    assert report["writable"] is False
    assert "mumble-audio-missing-too" in report["error"]


def test_uppercase_stage_is_rejected():
    from mumble.settings import SettingsError

    with pytest.raises(SettingsError, match="MUMBLE_STAGE"):
        load_settings({"MUMBLE_STAGE": "Prod_EU"})


def test_region_setting_prefers_mumble_region():
    settings = load_settings({"AWS_REGION": "us-east-1", "MUMBLE_REGION": "ap-east-1"})
    assert settings.aws_region == "ap-east-1"
    assert load_settings({"AWS_REGION": "us-west-2"}).aws_region == "us-west-2"
