"""Audio in: the microphone recorder, its fallback and the file uploader.

streamlit-audiorecorder returns a pydub AudioSegment, and pydub decodes the
browser's recording by running the ffmpeg and ffprobe programs. Where they are
missing (a laptop without ffmpeg, a host without packages.txt) the page uses
Streamlit's own `st.audio_input` instead, which needs no system programs.
"""

from __future__ import annotations

import shutil

import streamlit as st

from .runtime import get_pipeline, tr

UPLOAD_TYPES = ("wav", "mp3", "m4a", "ogg", "webm")


def recorder_available() -> bool:
    """Return whether the programs streamlit-audiorecorder needs are on PATH."""
    return shutil.which("ffmpeg") is not None and shutil.which("ffprobe") is not None


def recorded_audio(key: str) -> bytes | None:
    """Draw the microphone recorder and return its last recording, or None.

    Returns WAV bytes from streamlit-audiorecorder, or the WAV that
    `st.audio_input` made when the recorder cannot run here.
    """
    if not recorder_available():
        st.caption(tr("ui.record.recorder_fallback"))
        clip = st.audio_input(tr("ui.record.microphone"), key=f"{key}.fallback")
        return clip.getvalue() if clip is not None else None

    from audiorecorder import audiorecorder
    from pydub.exceptions import CouldntDecodeError

    try:
        # The first button starts a recording and also resumes a paused one, so its label names both.
        # NOTE: streamlit-audiorecorder 0.0.6 draws its level meter (show_visualizer) only in icon mode,
        # when the start and stop prompts are both empty, so these labelled buttons come without one.
        segment = audiorecorder(
            start_prompt=tr("ui.record.start"),
            stop_prompt=tr("ui.record.stop"),
            pause_prompt=tr("ui.record.pause"),
            key=key,
        )
    except (CouldntDecodeError, OSError) as error:
        # pydub runs ffmpeg as a subprocess: a damaged recording or a broken
        # ffmpeg surfaces here rather than in the pipeline's own checks.
        st.error(tr("error.audio_undecodable", detail=str(error).splitlines()[0][:160] if str(error) else "ffmpeg"))
        return None
    if len(segment) == 0:
        return None
    # pydub writes WAV itself, without calling ffmpeg.
    return segment.export(format="wav").read()


def uploaded_audio(key: str) -> bytes | None:
    """Draw the file uploader and return the chosen file's bytes, or None."""
    limit_mb = get_pipeline().settings.max_upload_mb
    upload = st.file_uploader(
        tr("ui.record.upload", types=", ".join(UPLOAD_TYPES), limit=limit_mb),
        type=list(UPLOAD_TYPES),
        max_upload_size=limit_mb,
        key=key,
    )
    return upload.getvalue() if upload is not None else None
