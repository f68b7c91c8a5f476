"""The app's door to the pose worker: clips are refused by their content, and a missing sidecar says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib import pose_sidecar
from lib.motion import FormCheckRefused

MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00"
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00"
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81"


@pytest.mark.parametrize(
    ("head", "kind"), [(MP4, ".mp4"), (MOV, ".mov"), (WEBM, ".webm")], ids=["mp4", "quicktime-mov", "webm"]
)
def test_a_clip_is_known_by_its_first_bytes(head, kind):
    assert pose_sidecar.clip_kind(head, 1000) == kind


@pytest.mark.parametrize(
    "head",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n\n\n",
        b"GIF89a" + b"\x00" * 10,
        b"",
        b"hello, I am a video",
    ],
    ids=["png", "pdf", "gif", "empty", "text"],
)
def test_anything_else_is_refused_whatever_its_name(head):
    with pytest.raises(FormCheckRefused, match="not a video Poise can read: choose an MP4, WebM or MOV clip"):
        pose_sidecar.clip_kind(head, len(head))


def test_a_clip_over_200_mb_is_refused_before_it_is_read():
    with pytest.raises(FormCheckRefused, match="201 MB; the form check reads clips of up to 200 MB"):
        pose_sidecar.clip_kind(MP4, 201 * 1024 * 1024)
    assert pose_sidecar.clip_kind(MP4, 200 * 1024 * 1024) == ".mp4"


def test_without_the_sidecar_the_form_check_asks_for_make_motion(monkeypatch, tmp_path):
    monkeypatch.setattr(pose_sidecar, "SIDECAR_PYTHON", tmp_path / "nowhere" / "bin" / "python")
    assert pose_sidecar.sidecar_python() is None
    with pytest.raises(FormCheckRefused, match=r"Form check needs one more install: `make motion`"):
        pose_sidecar.landmarks_from_clip(MP4 + b"\x00" * 100)


def test_a_failing_worker_leaves_no_clip_behind(tmp_path):
    fake_python = tmp_path / "python"
    fake_python.write_text('#!/bin/sh\necho \'{"error": "This file could not be read as a video."}\'\nexit 2\n')
    fake_python.chmod(0o755)
    folder = tmp_path / "tmp"
    folder.mkdir()
    with pytest.raises(FormCheckRefused, match="could not be read as a video"):
        pose_sidecar.landmarks_from_clip(MP4 + b"\x00" * 100, python=Path(fake_python), tmp_root=str(folder))
    assert list(folder.iterdir()) == []
