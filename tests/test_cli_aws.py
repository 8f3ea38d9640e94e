"""`python -m mumble` with MUMBLE_STORAGE=aws: a real clip through process, list, show, export and delete.

The CLI runs in this process (main(), not a subprocess) so it reaches the
moto server fixture; the transcriber is the real local faster-whisper model.
"""

from __future__ import annotations

import json
import zipfile
from datetime import datetime, timedelta, timezone

from conftest import needs_speech
from mumble.aws_clients import make_client, resource_names
from mumble.cli import main
from mumble.metrics import NAMESPACE


def object_keys(settings) -> list[str]:
    s3 = make_client("s3", settings)
    names = resource_names(settings)
    return sorted(item["Key"] for bucket in (names.audio_bucket, names.images_bucket)
                  for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []))


def run_json(capsys, *args: str):
    code = main(["--quiet", *args, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


@needs_speech
def test_cli_round_trip_on_aws_storage(aws_settings, speech_path, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("MUMBLE_METRICS", "cloudwatch")
    names = resource_names(aws_settings)

    record = run_json(capsys, "process", str(speech_path("zh_command.wav")), "--mood", "平静", "--owner", "alice")
    record_id = record["id"]

    assert record["status"] == "done"
    assert "首歌" in record["transcript"]
    assert record["artwork"]["path"] == f"s3://{names.images_bucket}/images/{record_id}.png"
    assert record["thumbnail"]["path"] == f"s3://{names.images_bucket}/thumbnails/{record_id}.webp"
    assert record["audio"]["path"] == f"s3://{names.audio_bucket}/audio/{record_id}.wav"
    assert object_keys(aws_settings) == sorted([f"audio/{record_id}.wav", f"images/{record_id}.png",
                                                f"thumbnails/{record_id}.webp"])

    assert run_json(capsys, "show", record_id)["transcript"] == record["transcript"]
    assert [r["id"] for r in run_json(capsys, "list")] == [record_id]
    assert [r["id"] for r in run_json(capsys, "list", "--owner", "alice")] == [record_id]
    assert run_json(capsys, "list", "--owner", "bob") == []

    export = tmp_path / "out" / "gallery.zip"
    assert main(["--quiet", "export", str(export)]) == 0
    capsys.readouterr()
    with zipfile.ZipFile(export) as archive:
        names_in_zip = archive.namelist()
        csv_text = archive.read("metadata.csv").decode("utf-8-sig")
        png = archive.read(next(name for name in names_in_zip if name.endswith(".png")))
    assert sum(name.endswith(".png") for name in names_in_zip) == 1
    assert png.startswith(b"\x89PNG")
    assert record_id in csv_text

    assert main(["--quiet", "delete", record_id, "--owner", "bob"]) == 1
    assert record_id in capsys.readouterr().err
    assert main(["--quiet", "delete", record_id, "--owner", "alice"]) == 0
    capsys.readouterr()
    assert main(["--quiet", "show", record_id]) == 1
    assert main(["--quiet", "delete", record_id]) == 1
    assert object_keys(aws_settings) == []

    # The CLI flushes its metrics before returning, so they are in CloudWatch already.
    cloudwatch = make_client("cloudwatch", aws_settings)
    listed = cloudwatch.list_metrics(Namespace=NAMESPACE, MetricName="StageDuration",
                                     Dimensions=[{"Name": "deployment", "Value": aws_settings.stage}])["Metrics"]
    stages = {dimension["Value"] for metric in listed for dimension in metric["Dimensions"] if dimension["Name"] == "stage"}
    assert {"decode", "transcribe", "context", "prompt", "save", "render", "store"} <= stages
    now = datetime.now(timezone.utc)
    failures = cloudwatch.get_metric_statistics(
        Namespace=NAMESPACE, MetricName="StageOutcome", StartTime=now - timedelta(hours=1),
        EndTime=now + timedelta(hours=1), Period=3600, Statistics=["Sum"],
        Dimensions=[{"Name": "stage", "Value": "transcribe"}, {"Name": "deployment", "Value": aws_settings.stage},
                    {"Name": "outcome", "Value": "failed"}],
    )["Datapoints"]
    assert failures == []
