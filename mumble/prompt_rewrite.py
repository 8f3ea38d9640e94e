"""Optional prompt rewriting: a chat model turns the built prompt into a richer image prompt.

Off unless MUMBLE_PROMPT_REWRITE=on. Rewriting is an extra, so a failed call
does not stop the artwork. When the call fails or the completion is unusable,
the built prompt is drawn and the result contains the reason, for the screen
to show below the notice NOTICE_KEY.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from .errors import OpenAIFailed
from .openai_client import describe_error, key_missing, make_client, openai_configured, to_failure
from .prompt import MAX_PROMPT_CHARS
from .settings import Settings

log = logging.getLogger(__name__)

# Rewriting is optional, so it may hold the user up for at most this long per attempt.
MAX_REWRITE_TIMEOUT = 30.0
MAX_COMPLETION_TOKENS = 600
# A rewrite must fit the same limit as a prompt the user edits (dall-e-3 also takes at most 4000).
MAX_REWRITTEN_CHARS = MAX_PROMPT_CHARS
MODEL_SETTING = "MUMBLE_OPENAI_CHAT_MODEL"
NOTICE_KEY = "notice.prompt_rewrite_failed"

SYSTEM_PROMPT = """\
You turn a short description of a spoken thought and its surroundings into one \
prompt for an image model. Keep every fact it gives: what was said, the mood, \
the place, the weather, the time of day and the season. Add concrete visual \
detail: subject, composition, light, colour palette, texture and artistic style. \
Ask for no text, letters or signatures in the image, and name no real people. \
Write in the language of the description, in at most 120 words. \
Reply with the prompt only, without quotes or commentary."""


@dataclass
class RewriteResult:
    """The prompt to draw from, and whether it came from the chat model."""

    prompt: str
    original: str
    rewritten: bool
    # The chat model called, or None when rewriting is off.
    model: str | None = None
    # Why rewriting failed, shown below NOTICE_KEY; None on success or when off.
    failure: OpenAIFailed | None = None

    @property
    def engine(self) -> str | None:
        return f"openai:{self.model}" if self.model else None

    @property
    def error(self) -> dict[str, Any] | None:
        """The failure as {"key", "params"}, the form records store errors in."""
        if self.failure is None:
            return None
        return {"key": self.failure.key, "params": self.failure.params}


class PromptRewriter:
    """Rewrites prompts with MUMBLE_OPENAI_CHAT_MODEL when MUMBLE_PROMPT_REWRITE is on."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model = settings.openai_chat_model
        self.enabled = settings.prompt_rewrite
        self.timeout = min(settings.openai_timeout, MAX_REWRITE_TIMEOUT)
        self._client = None
        if self.enabled and openai_configured(settings):
            self._client = make_client(settings, timeout=self.timeout)

    def rewrite(self, prompt: str) -> RewriteResult:
        """Return the rewritten prompt, or the built one with the reason when rewriting failed.

        A failed API call or an unusable completion returns the built prompt
        instead of raising. With rewriting off, prompt comes back at once.
        """
        if not self.enabled:
            return RewriteResult(prompt=prompt, original=prompt, rewritten=False)
        if self._client is None:
            failure = key_missing(
                OpenAIFailed, model=self.model, backend_setting="MUMBLE_PROMPT_REWRITE", fallback="off"
            )
            return self._fallback(prompt, failure)

        import openai

        started = time.perf_counter()
        try:
            completion = self._client.chat.completions.create(
                model=self.model,
                messages=[
                    {"role": "system", "content": SYSTEM_PROMPT},
                    {"role": "user", "content": prompt},
                ],
                max_completion_tokens=MAX_COMPLETION_TOKENS,
            )
        except openai.OpenAIError as error:
            log.warning("Prompt rewrite with %s failed: %s", self.model, describe_error(error))
            failure = to_failure(error, OpenAIFailed, model=self.model, setting=MODEL_SETTING, timeout=self.timeout)
            return self._fallback(prompt, failure)
        elapsed_ms = (time.perf_counter() - started) * 1000

        problem = _unusable(completion)
        if problem:
            log.warning("Prompt rewrite with %s returned an unusable completion: %s", self.model, problem)
            failure = OpenAIFailed(
                "bad_response", model=self.model, setting=MODEL_SETTING, detail=problem, timeout=self.timeout
            )
            return self._fallback(prompt, failure)

        rewritten = _clean(completion.choices[0].message.content or "")
        log.info(
            "Prompt rewrite: model=%s took_ms=%.0f characters %d -> %d", self.model, elapsed_ms, len(prompt), len(rewritten)
        )
        return RewriteResult(prompt=rewritten, original=prompt, rewritten=True, model=self.model)

    def _fallback(self, prompt: str, failure: OpenAIFailed) -> RewriteResult:
        return RewriteResult(prompt=prompt, original=prompt, rewritten=False, model=self.model, failure=failure)


def _unusable(completion: Any) -> str:
    """Return why a chat completion cannot serve as a prompt, or "" when it can."""
    if not completion.choices:
        return "no answer"
    choice = completion.choices[0]
    if choice.finish_reason == "content_filter" or getattr(choice.message, "refusal", None):
        return "the model declined"
    if choice.finish_reason == "length":
        return "the answer was cut off"
    text = _clean(choice.message.content or "")
    if not text:
        return "empty answer"
    if len(text) > MAX_REWRITTEN_CHARS:
        return f"the answer is over {MAX_REWRITTEN_CHARS} characters"
    return ""


def _clean(text: str) -> str:
    text = text.strip()
    # Models sometimes wrap the prompt in quotes despite the instruction.
    for left, right in (('"', '"'), ("“", "”"), ("「", "」")):
        if len(text) >= 2 and text.startswith(left) and text.endswith(right):
            text = text[1:-1].strip()
    return text
