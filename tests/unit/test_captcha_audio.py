"""Issue 11 item 5: the captcha drawn with the ``captcha`` package, and the same code spoken
(WAV) at /captcha/suara/<token> for whoever cannot read the image."""

from __future__ import annotations

import io
import wave
from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from spontan_app import routes
from spontan_app.integrations import captcha
from spontan_app.settings import get_settings

SECRET = "k" * 40


def wav_seconds(data: bytes) -> float:
    with wave.open(io.BytesIO(data)) as audio:
        assert audio.getnchannels() == 1 and audio.getframerate() >= 8000
        return audio.getnframes() / audio.getframerate()


def test_5_the_audio_is_a_wav_that_grows_with_the_code():
    short, long = captcha.render_wav("2345"), captcha.render_wav("23456789")
    assert short[:4] == b"RIFF" and short[8:12] == b"WAVE"
    assert 1.0 < wav_seconds(short) < wav_seconds(long)
    assert wav_seconds(long) > wav_seconds(short) + 4 * 0.3  # four characters more, each spoken


def test_5_codes_are_digits_the_audio_can_speak():
    for _ in range(20):
        answer = captcha.new_challenge().answer
        assert answer.isdigit() and len(answer) == captcha.LENGTH


def test_5_the_token_names_the_challenge_and_hides_its_answer():
    challenge = captcha.new_challenge("246824")
    token = captcha.audio_token(challenge, SECRET)
    assert "246824" not in token and token == token.strip() and "/" not in token
    assert captcha.answer_of_token(token, SECRET) == "246824"
    assert captcha.audio_token(challenge, SECRET) != token  # a fresh nonce each time
    assert captcha.answer_of_token(token, "x" * 40) is None  # another key
    assert captcha.answer_of_token(token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:], SECRET) is None
    assert captcha.answer_of_token("", SECRET) is None
    assert captcha.answer_of_token("bukan-token!", SECRET) is None
    later = challenge.expires_at + timedelta(seconds=1)
    assert captcha.answer_of_token(token, SECRET, now=later) is None  # expires with the challenge


@pytest.fixture
def client() -> TestClient:
    return TestClient(routes.api)


def test_5_the_route_speaks_a_valid_token_and_refuses_anything_else(client):
    challenge = captcha.new_challenge("357935")
    token = captcha.audio_token(challenge, get_settings().secret_key)
    answer = client.get(f"/captcha/suara/{token}")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "audio/wav"
    assert "no-store" in answer.headers["cache-control"]
    assert wav_seconds(answer.content) > 1.0
    for bad in ["x", "a" * 60, captcha.audio_token(challenge, "bukan-kunci-aplikasi" * 2)]:
        refused = client.get(f"/captcha/suara/{bad}")
        assert refused.status_code == 404 and not refused.headers["content-type"].startswith("audio/")
        assert "Kode suara tidak berlaku" in refused.text
    assert client.get("/captcha/suara/").status_code == 404
