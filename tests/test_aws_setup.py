"""`init-aws` provisioning on a moto server: what it creates, and that a second run changes nothing."""

from __future__ import annotations

import json
import uuid

import pytest

from mumble.aws_clients import make_client, resource_names
from mumble.cli import main
from mumble.errors import ProvisioningFailed
from mumble.settings import load_settings
from mumble.store.aws_setup import CREATED, EXISTS, UPDATED, provision


@pytest.fixture
def fresh_settings(aws_environment, monkeypatch, tmp_path):
    """Settings for a stage that has no table and no buckets yet."""
    monkeypatch.setenv("MUMBLE_STAGE", f"p{uuid.uuid4().hex[:12]}")
    monkeypatch.setenv("MUMBLE_DATA_DIR", str(tmp_path / "data"))
    return load_settings()


def outcomes(steps) -> dict[tuple[str, str], str]:
    return {(step.kind, step.name): step.outcome for step in steps}


def test_first_run_creates_everything_and_second_finds_it(fresh_settings):
    names = resource_names(fresh_settings)

    first = outcomes(provision(fresh_settings))
    second = provision(fresh_settings)

    assert first[("table", names.table)] == CREATED
    assert first[("index", f"{names.table}/GSI1")] == CREATED
    assert first[("index", f"{names.table}/GSI2")] == CREATED
    assert first[("backups", names.table)] == CREATED
    for bucket in (names.audio_bucket, names.images_bucket):
        assert first[("bucket", bucket)] == CREATED
        assert first[("public_access", bucket)] == CREATED
        assert first[("cors", bucket)] == CREATED
        assert first[("encryption", bucket)] in (CREATED, EXISTS)
    assert set(outcomes(second)) == set(first)
    assert {step.outcome for step in second} == {EXISTS}


def test_provisioned_table_settings(fresh_settings):
    provision(fresh_settings)
    dynamodb = make_client("dynamodb", fresh_settings)
    table = resource_names(fresh_settings).table

    description = dynamodb.describe_table(TableName=table)["Table"]
    indexes = {index["IndexName"]: [key["AttributeName"] for key in index["KeySchema"]]
               for index in description["GlobalSecondaryIndexes"]}
    backups = dynamodb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]

    assert description["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert [key["AttributeName"] for key in description["KeySchema"]] == ["PK", "SK"]
    assert indexes == {"GSI1": ["GSI1PK", "GSI1SK"], "GSI2": ["GSI2PK", "GSI2SK"]}
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"


def test_buckets_are_private_encrypted_and_allow_cors_get(fresh_settings):
    provision(fresh_settings, cors_origins=["https://mumble.example.com"])
    s3 = make_client("s3", fresh_settings)

    for bucket in (resource_names(fresh_settings).audio_bucket, resource_names(fresh_settings).images_bucket):
        block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
        rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
        cors = s3.get_bucket_cors(Bucket=bucket)["CORSRules"]
        assert all(block.values())
        assert len(block) == 4
        assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
        assert cors[0]["AllowedOrigins"] == ["https://mumble.example.com"]
        assert "GET" in cors[0]["AllowedMethods"]
        assert "PUT" not in cors[0]["AllowedMethods"]


def test_changed_cors_origin_is_updated(fresh_settings):
    provision(fresh_settings, cors_origins=["https://old.example.com"])
    steps = provision(fresh_settings, cors_origins=["https://new.example.com"])
    changed = {step.name: step.outcome for step in steps if step.kind == "cors"}
    assert set(changed.values()) == {UPDATED}


def test_missing_index_is_added_to_an_older_table(fresh_settings):
    table = resource_names(fresh_settings).table
    make_client("dynamodb", fresh_settings).create_table(
        TableName=table, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": name, "AttributeType": "S"} for name in ("PK", "SK", "GSI1PK", "GSI1SK")],
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[{"IndexName": "GSI1", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "GSI1PK", "KeyType": "HASH"},
                                               {"AttributeName": "GSI1SK", "KeyType": "RANGE"}]}],
    )

    steps = outcomes(provision(fresh_settings))

    assert steps[("table", table)] == EXISTS
    assert steps[("index", f"{table}/GSI1")] == EXISTS
    assert steps[("index", f"{table}/GSI2")] == CREATED
    description = make_client("dynamodb", fresh_settings).describe_table(TableName=table)["Table"]
    assert {index["IndexName"] for index in description["GlobalSecondaryIndexes"]} == {"GSI1", "GSI2"}


def test_table_with_other_keys_is_refused(fresh_settings):
    make_client("dynamodb", fresh_settings).create_table(
        TableName=resource_names(fresh_settings).table, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
    )
    with pytest.raises(ProvisioningFailed, match="MUMBLE_TABLE"):
        provision(fresh_settings)


def test_cli_init_aws_twice_reports_what_existed(fresh_settings, monkeypatch, capsys):
    monkeypatch.setenv("MUMBLE_LANGUAGE", "en")

    assert main(["--quiet", "init-aws"]) == 0
    first = capsys.readouterr().out
    assert main(["--quiet", "init-aws"]) == 0
    second = capsys.readouterr().out

    table = resource_names(fresh_settings).table
    assert f"Created: DynamoDB table {table}" in first
    assert f"Already existed: DynamoDB table {table}" in second
    assert "Created" not in second
    assert "0 created or updated, 12 already existed" in second


def test_cli_init_aws_prints_json_and_chinese(fresh_settings, capsys):
    assert main(["--quiet", "init-aws", "--json"]) == 0
    steps = json.loads(capsys.readouterr().out)
    assert len(steps) == 12  # table, 2 indexes, recovery; bucket, access block, encryption, CORS twice
    assert {step["outcome"] for step in steps} <= {CREATED, EXISTS}

    assert main(["--quiet", "init-aws"]) == 0
    text = capsys.readouterr().out
    assert f"已存在：DynamoDB 表 {resource_names(fresh_settings).table}" in text


def test_cli_init_aws_without_region_exits_1(aws_environment, monkeypatch, capsys):
    monkeypatch.delenv("AWS_REGION")
    assert main(["--quiet", "init-aws"]) == 1
    assert "MUMBLE_REGION" in capsys.readouterr().err
