"""The AWS store: DynamoDB for records, S3 for audio, artwork and thumbnails.

Several app replicas (or Streamlit Community Cloud, whose disk does not
survive a restart) can share one gallery this way. `MUMBLE_STORAGE=aws`
selects it; `python -m mumble init-aws` creates the table and buckets.

One table contains two items per record:

    artwork    PK=IMAGE#{id}  SK=METADATA       the whole Record, plus the index keys
    recording  PK=AUDIO#{id}  SK=TRANSCRIPTION  audio key, duration, transcript, transcription status

Every read uses the artwork item. The recording item keeps the transcription
status under the audio's own key, so a job that starts from an uploaded audio
object finds that status with one GetItem. Both items are written in one
transaction, so neither exists without the other.

Indexes (both project all attributes, so a gallery page needs no extra reads):

    GSI1  GSI1PK=USER#{owner}  GSI1SK={created_at}#{id}  one owner's gallery
    GSI2  GSI2PK=RECORDS       GSI2SK={created_at}#{id}  every owner (team view, admin export)

GSI2 puts every record under one partition key. DynamoDB serves up to 1,000
write units and 3,000 read units per second on one partition, far above what
this app uses, so sharding that key would only add code. Listing is always a Query on one of
the two indexes, newest first: the gallery never runs a Scan.

Objects are private. `audio/{id}.{ext}` goes to the audio bucket, and
`images/{id}.png` and `thumbnails/{id}.webp` to the images bucket; the key's
first folder picks the bucket, so keys look like the local store's. The app
shows them through presigned GET URLs.

Writes go objects first, then items under a condition that they do not exist
yet; if the item write fails, the objects just written are deleted. Delete
removes the items first, so a crash in between leaves unreferenced objects,
never an item that names a missing object.
"""

from __future__ import annotations

import logging
import math
import re
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Iterator

from ..aws_clients import AwsResources, make_client, resource_names
from ..errors import NotOwner, RecordNotFound, StorageFailed, StorageReadFailed
from ..settings import Settings
from .base import DONE, FAILED, PROCESSING, GalleryPage, GalleryQuery, Record, decode_cursor, encode_cursor, utc_now

logger = logging.getLogger("mumble.store.aws")

GSI1 = "GSI1"
GSI2 = "GSI2"
ALL_RECORDS = "RECORDS"
ARTWORK_SK = "METADATA"
RECORDING_SK = "TRANSCRIPTION"
INDEX_KEYS = {GSI1: ("GSI1PK", "GSI1SK"), GSI2: ("GSI2PK", "GSI2SK")}
# Items read per Query call when filters may drop some: one call reads at most 1 MB anyway.
FILTERED_PAGE_ITEMS = 200
HEALTH_PROBE_KEY = "health/probe"

_RECORD_FIELDS = frozenset(Record.__dataclass_fields__)
_KEY_PATTERN = re.compile(r"(audio|images|thumbnails)/[A-Za-z0-9_-]{1,128}\.[a-z0-9]{1,10}")
_CONTENT_TYPES = {
    "png": "image/png", "webp": "image/webp", "wav": "audio/wav", "mp3": "audio/mpeg", "m4a": "audio/mp4",
    "aac": "audio/aac", "ogg": "audio/ogg", "webm": "audio/webm", "flac": "audio/flac",
}
_MISSING_RESOURCE_CODES = {"ResourceNotFoundException", "NoSuchBucket"}


class _ConditionFailed(Exception):
    """A conditional item write found the item in the wrong state (present or missing)."""


class AwsStore:
    name = "aws"

    def __init__(self, settings: Settings, resources: AwsResources | None = None) -> None:
        from botocore.exceptions import NoRegionError

        self.settings = settings
        self.resources = resources or resource_names(settings)
        self.presign_seconds = settings.presign_seconds
        try:
            self._dynamodb = make_client("dynamodb", settings)
            self._s3 = make_client("s3", settings)
        except NoRegionError:
            raise StorageFailed("no AWS region is set; set MUMBLE_REGION or AWS_REGION, e.g. ap-east-1") from None
        self.region = self._dynamodb.meta.region_name

    # Records

    def create(self, record: Record, audio: bytes) -> Record:
        extension = (record.audio_format or "bin").lower()
        if not extension.isalnum():
            extension = "bin"
        record.audio_key = f"audio/{record.id}.{extension}"
        # If-None-Match: an object already at this key belongs to another record and stays untouched.
        self._put_object(record.audio_key, audio, only_if_absent=True)

        table = self.resources.table
        writes = [_put(table, _artwork_item(record), must_exist=False),
                  _put(table, _recording_item(record), must_exist=False)]
        try:
            self._write_or_clean_up(writes, record, [record.audio_key])
        except _ConditionFailed:
            raise StorageFailed(f"record {record.id} already exists in table {table}") from None
        return record

    def attach_artwork(self, record_id: str, png: bytes, thumbnail: bytes, **fields: Any) -> Record:
        _check_field_names(fields)
        image_key, thumbnail_key = f"images/{record_id}.png", f"thumbnails/{record_id}.webp"
        before = self.get(record_id)
        # Objects the record already named before this call stay referenced, so a failure keeps them.
        new_keys = [key for key in (image_key, thumbnail_key) if key not in (before.image_key, before.thumbnail_key)]

        written: list[str] = []
        try:
            self._put_object(image_key, png)
            written.append(image_key)
            self._put_object(thumbnail_key, thumbnail)
        except StorageFailed:
            self._delete_objects_quietly([key for key in written if key in new_keys])
            raise

        record, writes = self._prepare_update(before, dict(
            image_key=image_key, thumbnail_key=thumbnail_key, status=DONE, failed_stage=None, error=None, **fields))
        try:
            self._write_or_clean_up(writes, record, new_keys)
        except _ConditionFailed:
            # The record was deleted while its artwork was being written.
            raise RecordNotFound(record_id) from None
        return record

    def update(self, record_id: str, **fields: Any) -> Record:
        _check_field_names(fields)
        record, writes = self._prepare_update(self.get(record_id), fields)
        try:
            self._write_or_clean_up(writes, record, [])
        except _ConditionFailed:
            raise RecordNotFound(record_id) from None
        return record

    def _prepare_update(self, record: Record, fields: dict[str, Any]) -> tuple[Record, list[dict[str, Any]]]:
        """Apply fields to record and return it with the item writes that store it."""
        recording_before = _recording_item(record)
        for key, value in fields.items():
            setattr(record, key, value)
        record.updated_at = utc_now()

        table = self.resources.table
        writes = [_put(table, _artwork_item(record), must_exist=True)]
        recording_after = _recording_item(record)
        if _without(recording_after, "updated_at") != _without(recording_before, "updated_at"):
            writes.append(_put(table, recording_after, must_exist=True))
        return record, writes

    def get(self, record_id: str) -> Record:
        with self._errors("GetItem", self.resources.table, reading=True):
            response = self._dynamodb.get_item(TableName=self.resources.table, Key=_artwork_key(record_id),
                                               ConsistentRead=True)
        if "Item" not in response:
            raise RecordNotFound(record_id)
        return _record_from_item(response["Item"])

    def list(self, query: GalleryQuery | None = None, limit: int = 24, cursor: str | None = None) -> GalleryPage:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        query = query or GalleryQuery()
        start = decode_cursor(cursor) if cursor else None
        filtered = bool(query.mood_key or query.weather or query.status or query.text)
        page_items = FILTERED_PAGE_ITEMS if filtered else limit + 1

        records: list[Record] = []
        for record in self._query_records(query, start, page_items):
            records.append(record)
            # One record past the page shows whether another page exists.
            if len(records) > limit:
                break
        next_cursor = encode_cursor(records[limit - 1]) if len(records) > limit else None
        return GalleryPage(records=records[:limit], next_cursor=next_cursor)

    def count(self, query: GalleryQuery | None = None, at_most: int | None = None) -> int:
        """Count matching records with Select=COUNT Queries on the index, newest first.

        DynamoDB keeps no count, so every matching item is read (in 1 MB
        pages). With at_most set, reading stops there, so a gallery of any size
        costs at most about at_most items.
        """
        if at_most is not None and at_most < 1:
            raise ValueError(f"at_most must be at least 1, not {at_most}")
        query = query or GalleryQuery()
        total = 0
        if query.text:
            for _record in self._query_records(query, None, FILTERED_PAGE_ITEMS):
                total += 1
                if at_most is not None and total >= at_most:
                    break
            return total
        for response in self._query_pages(query, None, at_most, select_count=True):
            total += response["Count"]
            if at_most is not None and total >= at_most:
                return at_most
        return total

    def delete(self, record_id: str, owner: str | None = None) -> bool:
        try:
            record = self.get(record_id)
        except RecordNotFound:
            return False
        if owner is not None and record.owner != owner:
            raise NotOwner(record_id)

        table = self.resources.table
        deletes = [{"Delete": {"TableName": table, "Key": _artwork_key(record_id)}},
                   {"Delete": {"TableName": table, "Key": _recording_key(record_id)}}]
        try:
            with self._errors("TransactWriteItems", table):
                self._dynamodb.transact_write_items(TransactItems=deletes)
        except StorageFailed:
            # A timeout can hide a delete that did happen: then its objects must go too.
            if self._record_exists(record_id) is not False:
                raise
        # The items go first: a crash between the two leaves unreferenced objects, never a broken item.
        self._delete_objects_quietly([key for key in (record.audio_key, record.image_key, record.thumbnail_key) if key])
        return True

    # Objects

    def read(self, key: str) -> bytes:
        bucket = self._bucket_for(key)
        with self._errors("GetObject", f"s3://{bucket}/{key}", reading=True, not_found=f"{key}: not found in bucket {bucket}"):
            response = self._s3.get_object(Bucket=bucket, Key=key)
            return response["Body"].read()

    def locate(self, key: str) -> str:
        return f"s3://{self._bucket_for(key)}/{key}"

    def presigned_url(self, key: str, expires_in: int | None = None) -> str:
        """Return a URL that lets anyone holding it GET the object until it expires.

        Args:
            key: a key this store generated (audio/…, images/…, thumbnails/…).
            expires_in: seconds the URL stays valid; MUMBLE_PRESIGN_SECONDS (default 3600) when None.

        Signing happens locally, with no request to S3, so a missing object
        shows up only when the URL is fetched (HTTP 404). A URL signed with
        temporary credentials stops working when those credentials expire,
        even before expires_in.
        """
        bucket = self._bucket_for(key)
        with self._errors("presign GetObject", f"s3://{bucket}/{key}", reading=True):
            return self._s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key},
                                                   ExpiresIn=expires_in or self.presign_seconds)

    def health(self) -> dict[str, Any]:
        """Check the table and both buckets with cheap calls, and write then delete one probe object."""
        resources = self.resources
        report: dict[str, Any] = {
            "engine": self.name, "region": self.region,
            "endpoint": self.settings.aws_endpoint_url or "aws",
            "table": resources.table, "audio_bucket": resources.audio_bucket, "images_bucket": resources.images_bucket,
        }
        problems: list[str] = []

        def attempt(label: str, call) -> Any:
            try:
                return call()
            except StorageFailed as error:
                problems.append(f"{label}: {error.detail}")
                return None

        table = attempt("table", lambda: self._describe_table())
        report["table_status"] = table["TableStatus"] if table else None
        for bucket in (resources.audio_bucket, resources.images_bucket):
            attempt(f"bucket {bucket}", lambda bucket=bucket: self._head_bucket(bucket))
        report["writable"] = attempt("write probe", self._write_probe) is True
        # Counting reads every item of GSI2; at this app's scale that is a few requests.
        report["records"] = attempt("count", lambda: self.count())
        report["ok"] = not problems and report["table_status"] == "ACTIVE" and report["writable"]
        if problems:
            report["error"] = "; ".join(problems)[:500]
        return report

    # Helpers: listing

    def _query_records(self, query: GalleryQuery, start: tuple[str, str] | None, page_items: int) -> Iterator[Record]:
        """Yield records matching query newest first, after start, across as many Query calls as needed."""
        needle = query.text.lower() if query.text else None
        for response in self._query_pages(query, start, page_items, select_count=False):
            for item in response["Items"]:
                record = _record_from_item(item)
                # DynamoDB's contains() is case-sensitive, so the text filter runs here,
                # on items the Query has already read.
                if needle and needle not in (record.transcript or "").lower() and needle not in (record.prompt or "").lower():
                    continue
                yield record

    def _query_pages(self, query: GalleryQuery, start: tuple[str, str] | None, page_items: int | None,
                     select_count: bool) -> Iterator[dict[str, Any]]:
        index = GSI1 if query.owner is not None else GSI2
        partition_name, sort_name = INDEX_KEYS[index]
        partition_value = f"USER#{query.owner}" if index == GSI1 else ALL_RECORDS
        values: dict[str, Any] = {":pk": {"S": partition_value}}
        date_condition = _date_condition(query, values)
        condition = "#pk = :pk" + date_condition
        # DynamoDB rejects a request that defines a name its expressions do not use.
        names = {"#pk": partition_name, **({"#sk": sort_name} if date_condition else {})}

        filters = []
        for attribute, value in (("mood_key", query.mood_key), ("weather_category", query.weather), ("status", query.status)):
            if value:
                names[f"#{attribute}"] = attribute
                values[f":{attribute}"] = {"S": value}
                filters.append(f"#{attribute} = :{attribute}")

        parameters: dict[str, Any] = {
            "TableName": self.resources.table, "IndexName": index, "KeyConditionExpression": condition,
            "ExpressionAttributeNames": names, "ExpressionAttributeValues": values, "ScanIndexForward": False,
        }
        if filters:
            parameters["FilterExpression"] = " AND ".join(filters)
        if select_count:
            parameters["Select"] = "COUNT"
        if page_items:
            parameters["Limit"] = page_items
        if start:
            created_at, record_id = start
            parameters["ExclusiveStartKey"] = {
                "PK": {"S": f"IMAGE#{record_id}"}, "SK": {"S": ARTWORK_SK},
                partition_name: {"S": partition_value}, sort_name: {"S": f"{created_at}#{record_id}"},
            }

        while True:
            with self._errors("Query", f"{self.resources.table}/{index}", reading=True):
                response = self._dynamodb.query(**parameters)
            yield response
            if "LastEvaluatedKey" not in response:
                return
            parameters["ExclusiveStartKey"] = response["LastEvaluatedKey"]

    # Helpers: writes

    def _write_items(self, puts: list[dict[str, Any]]) -> None:
        """Write one Put directly or several in one transaction; raise _ConditionFailed on a failed condition."""
        from botocore.exceptions import ClientError

        table = self.resources.table
        action = "PutItem" if len(puts) == 1 else "TransactWriteItems"
        with self._errors(action, table):
            try:
                if len(puts) == 1:
                    self._dynamodb.put_item(**puts[0]["Put"])
                else:
                    self._dynamodb.transact_write_items(TransactItems=puts)
            except ClientError as error:
                if _condition_failed(error):
                    raise _ConditionFailed() from None
                raise

    def _write_or_clean_up(self, writes: list[dict[str, Any]], record: Record, new_keys: list[str]) -> None:
        """Write the items of record; if that fails, delete new_keys, the objects written just for it.

        A timeout or a server error can hide a write that did happen, and
        deleting its objects then would leave a record naming missing objects.
        So after such a failure the item is read back: if it holds this
        version of the record, the write counts as done. If it cannot be read
        either, the objects are kept and logged, because an unreferenced
        object is the lesser harm.

        Raises:
            _ConditionFailed: the item was present (or missing) against the write's condition.
            StorageFailed: the write failed.
        """
        try:
            self._write_items(writes)
            return
        except _ConditionFailed:
            self._delete_objects_quietly(new_keys)
            raise
        except StorageFailed as error:
            written = self._stored_version_matches(record)
            if written:
                logger.warning("record write reported a failure but was stored", extra={"fields": {
                    "record_id": record.id, "error": error.detail}})
                return
            if written is False:
                self._delete_objects_quietly(new_keys)
            elif new_keys:
                logger.warning("objects kept: the record write failed and its outcome could not be read", extra={
                    "fields": {"record_id": record.id, "objects": new_keys, "error": error.detail}})
            raise

    def _stored_version_matches(self, record: Record) -> bool | None:
        """Return whether the stored artwork item has record's updated_at; None when it cannot be read."""
        try:
            stored = self.get(record.id)
        except RecordNotFound:
            return False
        except StorageFailed:
            return None
        return stored.updated_at == record.updated_at

    def _record_exists(self, record_id: str) -> bool | None:
        try:
            self.get(record_id)
        except RecordNotFound:
            return False
        except StorageFailed:
            return None
        return True

    def _put_object(self, key: str, data: bytes, only_if_absent: bool = False) -> None:
        bucket = self._bucket_for(key)
        extra: dict[str, Any] = {"IfNoneMatch": "*"} if only_if_absent else {}
        content_type = _CONTENT_TYPES.get(key.rsplit(".", 1)[-1], "application/octet-stream")
        with self._errors("PutObject", f"s3://{bucket}/{key}"):
            self._s3.put_object(Bucket=bucket, Key=key, Body=data, ContentType=content_type, **extra)

    def _delete_objects_quietly(self, keys: list[str]) -> None:
        """Delete objects; a failure is logged with the key, because the caller has a result to return."""
        for key in keys:
            bucket = self._bucket_for(key)
            try:
                with self._errors("DeleteObject", f"s3://{bucket}/{key}"):
                    self._s3.delete_object(Bucket=bucket, Key=key)
            except StorageFailed as error:
                logger.warning("orphaned object left behind", extra={"fields": {"object": f"s3://{bucket}/{key}",
                                                                                 "error": error.detail}})

    def _bucket_for(self, key: str) -> str:
        # Keys are generated by this store; anything else is rejected before it reaches S3.
        if not _KEY_PATTERN.fullmatch(key or ""):
            raise StorageFailed(f"invalid key {key!r}")
        return self.resources.audio_bucket if key.startswith("audio/") else self.resources.images_bucket

    # Helpers: health

    def _describe_table(self) -> dict[str, Any]:
        with self._errors("DescribeTable", self.resources.table, reading=True):
            return self._dynamodb.describe_table(TableName=self.resources.table)["Table"]

    def _head_bucket(self, bucket: str) -> None:
        with self._errors("HeadBucket", f"s3://{bucket}", reading=True):
            self._s3.head_bucket(Bucket=bucket)

    def _write_probe(self) -> bool:
        bucket = self.resources.images_bucket
        with self._errors("PutObject", f"s3://{bucket}/{HEALTH_PROBE_KEY}"):
            self._s3.put_object(Bucket=bucket, Key=HEALTH_PROBE_KEY, Body=b"ok")
        with self._errors("DeleteObject", f"s3://{bucket}/{HEALTH_PROBE_KEY}"):
            self._s3.delete_object(Bucket=bucket, Key=HEALTH_PROBE_KEY)
        return True

    @contextmanager
    def _errors(self, action: str, target: str, reading: bool = False, not_found: str | None = None) -> Iterator[None]:
        """Turn botocore errors into StorageFailed (StorageReadFailed for reads) naming the call and target.

        With not_found set, a missing object raises that message instead.
        """
        from botocore.exceptions import BotoCoreError, ClientError

        failure = StorageReadFailed if reading else StorageFailed
        try:
            yield
        except ClientError as error:
            code = _error_code(error)
            if not_found and code in ("NoSuchKey", "404"):
                raise failure(not_found) from None
            message = error.response.get("Error", {}).get("Message") or ""
            detail = f"{action} {target} failed: {code}" + (f" ({message})" if message else "")
            if code in _MISSING_RESOURCE_CODES:
                detail += "; run `python -m mumble init-aws` to create the missing table or buckets"
            raise failure(detail) from error
        except BotoCoreError as error:
            # Connection refused, timeouts after the last retry, missing credentials.
            raise failure(f"{action} {target} failed: {error}") from error


# Items


def _artwork_key(record_id: str) -> dict[str, Any]:
    return {"PK": {"S": f"IMAGE#{record_id}"}, "SK": {"S": ARTWORK_SK}}


def _recording_key(record_id: str) -> dict[str, Any]:
    return {"PK": {"S": f"AUDIO#{record_id}"}, "SK": {"S": RECORDING_SK}}


def _sort_key(record: Record) -> str:
    return f"{record.created_at}#{record.id}"


def _artwork_item(record: Record) -> dict[str, Any]:
    attributes = record.to_dict()
    attributes.update(
        PK=f"IMAGE#{record.id}", SK=ARTWORK_SK,
        GSI1PK=f"USER#{record.owner}", GSI1SK=_sort_key(record),
        GSI2PK=ALL_RECORDS, GSI2SK=_sort_key(record),
        # Copied out of context so that the gallery filters can compare them in a FilterExpression.
        mood_key=record.mood_key, weather_category=record.weather_category,
    )
    return _serialize(attributes)


def _recording_item(record: Record) -> dict[str, Any]:
    if record.transcript:
        transcription_status = DONE
    elif record.failed_stage == "transcribe":
        transcription_status = FAILED
    else:
        transcription_status = PROCESSING
    return _serialize({
        "PK": f"AUDIO#{record.id}", "SK": RECORDING_SK, "record_id": record.id, "owner": record.owner,
        "created_at": record.created_at, "updated_at": record.updated_at, "audio_key": record.audio_key,
        "audio_format": record.audio_format, "duration_s": record.duration_s, "transcript": record.transcript,
        "transcription_status": transcription_status,
    })


def _put(table: str, item: dict[str, Any], must_exist: bool) -> dict[str, Any]:
    condition = "attribute_exists(PK)" if must_exist else "attribute_not_exists(PK)"
    return {"Put": {"TableName": table, "Item": item, "ConditionExpression": condition}}


def _without(item: dict[str, Any], name: str) -> dict[str, Any]:
    return {key: value for key, value in item.items() if key != name}


def _record_from_item(item: dict[str, Any]) -> Record:
    from boto3.dynamodb.types import TypeDeserializer

    deserializer = TypeDeserializer()
    data = {name: _from_dynamo(deserializer.deserialize(value)) for name, value in item.items() if name in _RECORD_FIELDS}
    if data.get("duration_s") is not None:
        data["duration_s"] = float(data["duration_s"])
    return Record.from_dict(data)


def _serialize(attributes: dict[str, Any]) -> dict[str, Any]:
    from boto3.dynamodb.types import TypeSerializer

    serializer = TypeSerializer()
    return {name: serializer.serialize(_to_dynamo(value)) for name, value in attributes.items()}


def _to_dynamo(value: Any) -> Any:
    """Convert floats (nested too) to Decimal, which is the only number type DynamoDB's serializer takes."""
    if isinstance(value, float):
        # DynamoDB numbers have no NaN or infinity; such a value (never expected) is stored as null.
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(key): _to_dynamo(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_dynamo(item) for item in value]
    return value


def _from_dynamo(value: Any) -> Any:
    """Turn Decimals back into int or float; a number written as 2.0 may return as 2 (DynamoDB normalizes)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)
    if isinstance(value, dict):
        return {key: _from_dynamo(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_from_dynamo(item) for item in value]
    return value


def _check_field_names(fields: dict[str, Any]) -> None:
    unknown = set(fields) - _RECORD_FIELDS
    if unknown or "id" in fields:
        raise ValueError(f"cannot update fields {sorted(unknown | ({'id'} & set(fields)))}")


# Conditions and errors


def _error_code(error: Exception) -> str:
    return str(getattr(error, "response", {}).get("Error", {}).get("Code", ""))


def _condition_failed(error: Exception) -> bool:
    code = _error_code(error)
    if code == "ConditionalCheckFailedException":
        return True
    if code == "TransactionCanceledException":
        reasons = getattr(error, "response", {}).get("CancellationReasons") or []
        return any(reason.get("Code") == "ConditionalCheckFailed" for reason in reasons)
    return False


def _date_condition(query: GalleryQuery, values: dict[str, Any]) -> str:
    """Return the sort-key part of the key condition for query's date range, adding its values."""
    # Sort keys start with created_at in UTC ISO form, so a date string compares as its midnight.
    upper = None
    if query.date_to:
        upper = (date.fromisoformat(query.date_to) + timedelta(days=1)).isoformat()
    if query.date_from and upper:
        values[":from"], values[":to"] = {"S": date.fromisoformat(query.date_from).isoformat()}, {"S": upper}
        # BETWEEN includes the upper bound, but no sort key equals a bare date: the range ends before that day.
        return " AND #sk BETWEEN :from AND :to"
    if query.date_from:
        values[":from"] = {"S": date.fromisoformat(query.date_from).isoformat()}
        return " AND #sk >= :from"
    if upper:
        values[":to"] = {"S": upper}
        return " AND #sk < :to"
    return ""
