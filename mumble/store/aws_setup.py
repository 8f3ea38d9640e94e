"""`python -m mumble init-aws`: create the table and buckets the AWS store needs.

Each step checks first and changes only what is missing or different, so a
second run changes nothing and reports every item as already existing.

The table gets GSI1 and GSI2, on-demand billing and point-in-time recovery
where the endpoint supports it. Each bucket gets all four public access
blocks, default encryption (SSE-S3) and a CORS rule for GET. Settings an
operator chose on an existing resource (provisioned billing, a KMS key) are
left alone.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any, Iterable, Sequence

from ..aws_clients import make_client, resource_names
from ..errors import ProvisioningFailed
from ..settings import Settings
from .aws import GSI1, GSI2, INDEX_KEYS

logger = logging.getLogger("mumble.store.aws_setup")

CREATED = "created"
EXISTS = "exists"
UPDATED = "updated"
SKIPPED = "skipped"

PUBLIC_ACCESS_BLOCK = {
    "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True,
}
# Error codes of endpoints without point-in-time recovery (DynamoDB Local, some emulators).
_UNSUPPORTED_CODES = {"UnknownOperationException", "NotImplemented", "NotImplementedException",
                      "UnrecognizedClientException", "InvalidAction"}
_TABLE_WAIT = {"Delay": 2, "MaxAttempts": 90}


@dataclass
class Step:
    """One checked resource or setting: what it is, its name and what init-aws did."""

    # table, index, backups, bucket, public_access, encryption or cors
    kind: str
    name: str
    # created, exists, updated or skipped
    outcome: str
    detail: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def provision(settings: Settings, cors_origins: Sequence[str] = ("*",)) -> list[Step]:
    """Create what is missing for the AWS store and return one Step per item checked.

    Args:
        settings: names, region and endpoint (see resource_names).
        cors_origins: origins allowed to GET objects from a browser. "*" is safe
            because every object is private: a GET still needs a presigned URL.

    Raises:
        ProvisioningFailed: a call failed, or a name is taken or shaped differently.
    """
    from botocore.exceptions import BotoCoreError, ClientError, NoRegionError, WaiterError

    resources = resource_names(settings)
    try:
        dynamodb = make_client("dynamodb", settings)
        s3 = make_client("s3", settings)
    except NoRegionError:
        raise ProvisioningFailed("no AWS region is set; set MUMBLE_REGION or AWS_REGION, e.g. ap-east-1") from None

    steps: list[Step] = []
    try:
        steps += _provision_table(dynamodb, resources.table)
        for bucket in (resources.audio_bucket, resources.images_bucket):
            steps += _provision_bucket(s3, bucket, s3.meta.region_name, list(cors_origins))
    except ClientError as error:
        info = error.response.get("Error", {})
        raise ProvisioningFailed(f"{error.operation_name} failed: {info.get('Code')} ({info.get('Message', '')})") from None
    except (BotoCoreError, WaiterError) as error:
        raise ProvisioningFailed(str(error)) from None
    for step in steps:
        logger.info("init-aws", extra={"fields": step.to_dict()})
    return steps


# Table


def _provision_table(dynamodb, table: str) -> list[Step]:
    from botocore.exceptions import ClientError

    try:
        description = dynamodb.describe_table(TableName=table)["Table"]
    except ClientError as error:
        if _code(error) != "ResourceNotFoundException":
            raise
        description = None

    steps: list[Step] = []
    if description is None:
        try:
            dynamodb.create_table(**table_definition(table))
            steps.append(Step("table", table, CREATED))
        except ClientError as error:
            # Another init-aws created it between our two calls.
            if _code(error) != "ResourceInUseException":
                raise
            steps.append(Step("table", table, EXISTS))
        steps += [Step("index", f"{table}/{index}", CREATED) for index in (GSI1, GSI2)]
    else:
        _check_key_schema(description)
        steps.append(Step("table", table, EXISTS))
    dynamodb.get_waiter("table_exists").wait(TableName=table, WaiterConfig=_TABLE_WAIT)
    if description is not None:
        steps += _add_missing_indexes(dynamodb, table, description)
    steps.append(_enable_point_in_time_recovery(dynamodb, table))
    return steps


def table_definition(table: str) -> dict[str, Any]:
    key_names = ["PK", "SK"] + [name for pair in INDEX_KEYS.values() for name in pair]
    return {
        "TableName": table,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": name, "AttributeType": "S"} for name in key_names],
        "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        "GlobalSecondaryIndexes": [_index_definition(index) for index in (GSI1, GSI2)],
    }


def _index_definition(index: str) -> dict[str, Any]:
    partition, sort = INDEX_KEYS[index]
    return {
        "IndexName": index,
        "KeySchema": [{"AttributeName": partition, "KeyType": "HASH"}, {"AttributeName": sort, "KeyType": "RANGE"}],
        # The gallery shows whole records, so the index carries every attribute and a page needs no GetItem.
        "Projection": {"ProjectionType": "ALL"},
    }


def _check_key_schema(description: dict[str, Any]) -> None:
    keys = {item["AttributeName"]: item["KeyType"] for item in description["KeySchema"]}
    if keys != {"PK": "HASH", "SK": "RANGE"}:
        raise ProvisioningFailed(
            f"table {description['TableName']} exists with key schema {keys}, not PK (hash) and SK (range); "
            "set MUMBLE_TABLE to another name or MUMBLE_STAGE to another stage"
        )


def _add_missing_indexes(dynamodb, table: str, description: dict[str, Any]) -> list[Step]:
    """Add GSI1/GSI2 to a table made without them, one per run, because DynamoDB builds one new index at a time."""
    indexes = description.get("GlobalSecondaryIndexes", [])
    existing = {index["IndexName"] for index in indexes}
    steps: list[Step] = []
    started = any(index.get("IndexStatus") != "ACTIVE" for index in indexes)
    for index in (GSI1, GSI2):
        name = f"{table}/{index}"
        if index in existing:
            steps.append(Step("index", name, EXISTS))
        elif started:
            steps.append(Step("index", name, SKIPPED, "another index is being built; run init-aws again once it is ACTIVE"))
        else:
            partition, sort = INDEX_KEYS[index]
            update: dict[str, Any] = {"Create": _index_definition(index)}
            if description.get("BillingModeSummary", {}).get("BillingMode") != "PAY_PER_REQUEST":
                # A table with provisioned capacity needs it on the index too: reuse the table's own.
                throughput = description["ProvisionedThroughput"]
                update["Create"]["ProvisionedThroughput"] = {
                    "ReadCapacityUnits": throughput["ReadCapacityUnits"],
                    "WriteCapacityUnits": throughput["WriteCapacityUnits"],
                }
            dynamodb.update_table(
                TableName=table,
                AttributeDefinitions=[{"AttributeName": partition, "AttributeType": "S"},
                                      {"AttributeName": sort, "AttributeType": "S"}],
                GlobalSecondaryIndexUpdates=[update],
            )
            # DynamoDB fills the new index from existing items in the background (minutes on a large table).
            steps.append(Step("index", name, CREATED, "backfilling"))
            started = True
    return steps


def _enable_point_in_time_recovery(dynamodb, table: str) -> Step:
    from botocore.exceptions import ClientError

    try:
        backups = dynamodb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
        status = backups.get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus")
        if status == "ENABLED":
            return Step("backups", table, EXISTS)
        dynamodb.update_continuous_backups(
            TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
        )
    except ClientError as error:
        if _code(error) in _UNSUPPORTED_CODES:
            return Step("backups", table, SKIPPED, f"not supported by this endpoint: {_code(error)}")
        raise
    return Step("backups", table, CREATED)


# Buckets


def _provision_bucket(s3, bucket: str, region: str, cors_origins: list[str]) -> list[Step]:
    return [
        _create_bucket(s3, bucket, region),
        _block_public_access(s3, bucket),
        _enable_encryption(s3, bucket),
        _allow_cors_get(s3, bucket, cors_origins),
    ]


def _create_bucket(s3, bucket: str, region: str) -> Step:
    from botocore.exceptions import ClientError

    try:
        s3.head_bucket(Bucket=bucket)
        return Step("bucket", bucket, EXISTS)
    except ClientError as error:
        if _code(error) == "403":
            raise ProvisioningFailed(
                f"bucket {bucket} exists but these credentials cannot use it (HTTP 403); bucket names are global "
                "across all AWS accounts, so set MUMBLE_AUDIO_BUCKET / MUMBLE_IMAGES_BUCKET to names you own"
            ) from None
        if _code(error) not in ("404", "NoSuchBucket"):
            raise

    parameters: dict[str, Any] = {"Bucket": bucket}
    # us-east-1 is the default location and rejects being named as a constraint.
    if region and region != "us-east-1":
        parameters["CreateBucketConfiguration"] = {"LocationConstraint": region}
    try:
        s3.create_bucket(**parameters)
    except ClientError as error:
        if _code(error) == "BucketAlreadyOwnedByYou":
            return Step("bucket", bucket, EXISTS)
        if _code(error) == "BucketAlreadyExists":
            raise ProvisioningFailed(
                f"bucket name {bucket} is taken by another AWS account; "
                "set MUMBLE_AUDIO_BUCKET / MUMBLE_IMAGES_BUCKET or MUMBLE_STAGE to pick other names"
            ) from None
        raise
    return Step("bucket", bucket, CREATED)


def _block_public_access(s3, bucket: str) -> Step:
    from botocore.exceptions import ClientError

    try:
        current = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    except ClientError as error:
        if _code(error) != "NoSuchPublicAccessBlockConfiguration":
            raise
        current = None
    if current == PUBLIC_ACCESS_BLOCK:
        return Step("public_access", bucket, EXISTS)
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=PUBLIC_ACCESS_BLOCK)
    return Step("public_access", bucket, CREATED if current is None else UPDATED)


def _enable_encryption(s3, bucket: str) -> Step:
    """Turn on SSE-S3 unless the bucket already has a default encryption rule (S3 adds SSE-S3 to new buckets since 2023)."""
    from botocore.exceptions import ClientError

    try:
        rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
        if rules:
            return Step("encryption", bucket, EXISTS)
    except ClientError as error:
        if _code(error) != "ServerSideEncryptionConfigurationNotFoundError":
            raise
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
    )
    return Step("encryption", bucket, CREATED)


def _allow_cors_get(s3, bucket: str, origins: list[str]) -> Step:
    from botocore.exceptions import ClientError

    wanted = {"AllowedMethods": ["GET", "HEAD"], "AllowedOrigins": sorted(origins), "AllowedHeaders": ["*"],
              "MaxAgeSeconds": 3600}
    try:
        rules = s3.get_bucket_cors(Bucket=bucket)["CORSRules"]
    except ClientError as error:
        if _code(error) != "NoSuchCORSConfiguration":
            raise
        rules = None
    if rules is not None and any(_same_cors_rule(rule, wanted) for rule in rules):
        return Step("cors", bucket, EXISTS)
    # The app owns these buckets, so its rule replaces whatever rules were there.
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [wanted]})
    return Step("cors", bucket, CREATED if rules is None else UPDATED)


def _same_cors_rule(rule: dict[str, Any], wanted: dict[str, Any]) -> bool:
    return all(sorted(_as_list(rule.get(name))) == sorted(_as_list(value)) for name, value in wanted.items())


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _code(error: Exception) -> str:
    return str(getattr(error, "response", {}).get("Error", {}).get("Code", ""))


def summarize(steps: Iterable[Step]) -> dict[str, int]:
    """Count the steps by outcome."""
    counts = {CREATED: 0, EXISTS: 0, UPDATED: 0, SKIPPED: 0}
    for step in steps:
        counts[step.outcome] += 1
    return counts
