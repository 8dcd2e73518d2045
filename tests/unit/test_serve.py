"""Chapter 10's service: every route through FastAPI's test client against the models' own
answers, every bad input a 4xx in the envelope with a message, and a real server on 127.0.0.1."""

import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient

from dlcourse.data.dates import date_pairs
from dlcourse.data.manifest import DataFileError, data_dir, read_manifest
from dlcourse.data.mnist import load_mnist
from dlcourse.models.io import predict_digit
from dlcourse.models.seq2seq import translate
from dlcourse.nn.invariance import shift
from dlcourse.nn.similarity import nearest_words
from dlcourse.plots.serving import plot_latencies, plot_service_answer
from dlcourse.serve.app import MAX_BATCH, MAX_BODY, create_app
from dlcourse.serve.background import BackgroundServer, free_port
from dlcourse.serve.client import rounded, shown, time_requests
from dlcourse.serve.models import DATES, DIGITS, WORDS, load_served_models
from dlcourse.widgets.serving import service_explorer


@pytest.fixture(scope="module")
def models():
    return load_served_models()


@pytest.fixture(scope="module")
def client(models):
    return TestClient(create_app(models))


@pytest.fixture(scope="module")
def digits():
    return load_mnist("test")


def ok(response) -> dict:
    body = response.json()
    assert response.status_code == 200 and body["status"] == 200 and body["msg"] == "ok", body
    return body["data"]


def test_health_names_each_model_with_the_sha256_of_its_file(client):
    data = ok(client.get("/health"))
    manifest = read_manifest()
    assert [m["name"] for m in data["models"]] == ["digits", "words", "dates"]
    for m, file in zip(data["models"], (DIGITS, WORDS, DATES)):
        assert m["file"] == file and m["sha256"] == manifest[file].sha256
        assert m["parameters"] > 0 and m["load_ms"] > 0
    assert data["uptime_s"] >= 0


def test_similar_gives_the_nearest_words_of_the_vectors(client, models):
    data = ok(client.get("/similar/Holmes", params={"k": 4}))
    expected = nearest_words(models.vectors, models.words, "holmes", 4)
    assert data["word"] == "holmes" and data["k"] == 4
    assert [(s["word"], s["cosine"]) for s in data["similar"]] == \
        [(w, round(c, 6)) for w, c in expected]
    assert len(ok(client.get("/similar/war"))["similar"]) == 5  # k's default


def test_digit_answers_as_the_model_does(client, models, digits):
    for image, label in zip(digits.images[:5], digits.labels[:5]):
        data = ok(client.post("/digit", json={"image": image.tolist()}))
        digit, probs = predict_digit(models.digits, image)
        assert data["digit"] == digit == label
        np.testing.assert_allclose(data["probabilities"], probs, atol=1e-6)
        assert math.isclose(sum(data["probabilities"]), 1, abs_tol=1e-5)


def test_a_batch_of_digits_answers_as_one_digit_at_a_time(client, digits):
    images = digits.images[:MAX_BATCH]
    data = ok(client.post("/digits", json={"images": images.tolist()}))
    one = [ok(client.post("/digit", json={"image": im.tolist()}))["digit"] for im in images[:8]]
    assert data["digits"][:8] == one
    assert np.mean(np.array(data["digits"]) == digits.labels[:MAX_BATCH]) > 0.98


def test_date_translates_unseen_dates(client, models):
    data = ok(client.post("/date", json={"text": "1979年5月3日"}))
    assert data == {"text": "1979年5月3日", "iso": "1979-05-03",
                    "probability": data["probability"], "valid_date": True}
    assert data["probability"] > 0.9
    pairs = date_pairs("test", 100)
    right = [ok(client.post("/date", json={"text": p.text}))["iso"] == p.iso for p in pairs]
    assert np.mean(right) >= 0.99
    found = translate(models.dates, [pairs[0].text])[0]
    assert ok(client.post("/date", json={"text": pairs[0].text}))["probability"] == \
        round(math.exp(found.log_prob), 6)


IMAGE = np.zeros((28, 28), dtype=int).tolist()


def image_with(row, col, value):
    image = [list(r) for r in IMAGE]
    image[row][col] = value
    return image


BAD = [  # method, path, what is sent, status, a fragment of msg
    ("GET", "/similar/qwertyuiop", {}, 404,
     "word == 'qwertyuiop' is not in the vocabulary (11832 words)"),
    ("GET", "/similar/holmes?k=0", {}, 422,
     "k: input should be greater than or equal to 1 (got '0')"),
    ("GET", "/similar/holmes?k=51", {}, 422, "k: input should be less than or equal to 50"),
    ("GET", "/similar/holmes?k=three", {}, 422, "k: input should be a valid integer"),
    ("POST", "/digit", {"json": {"image": IMAGE[:27]}}, 422,
     "image: list should have at least 28 items after validation, not 27. The body must be a "
     'JSON object {"image": [[...], ...]}: 28 rows of 28 numbers from 0 to 255'),
    ("POST", "/digit", {"json": {"image": [r[:27] for r in IMAGE]}}, 422,
     "image[0]: list should have at least 28 items"),
    ("POST", "/digit", {"json": {"image": image_with(3, 5, 300)}}, 422,
     "image[3][5]: input should be less than or equal to 255 (got 300)"),
    ("POST", "/digit", {"json": {"image": image_with(3, 5, -1)}}, 422,
     "image[3][5]: input should be greater than or equal to 0 (got -1)"),
    ("POST", "/digit", {"content": json.dumps({"image": image_with(0, 0, float("nan"))}),
                        "headers": {"content-type": "application/json"}}, 422,
     "image[0][0]: input should be a finite number"),
    ("POST", "/digit", {"json": {"image": image_with(0, 1, "7")}}, 422,
     "image[0][1]: input should be a valid number (got '7')"),
    ("POST", "/digit", {"json": {"image": image_with(0, 1, True)}}, 422,
     "image[0][1]: input should be a valid number (got True)"),
    ("POST", "/digit", {"json": {"image": IMAGE, "label": 3}}, 422,
     "label: extra inputs are not permitted"),
    ("POST", "/digit", {"json": {"picture": IMAGE}}, 422, "image: field required"),
    ("POST", "/digit", {}, 422, "the body is empty"),
    ("POST", "/digit", {"content": b"{not json", "headers": {"content-type": "application/json"}},
     422, "the body is not valid JSON"),
    ("POST", "/digit", {"content": b"x" * (MAX_BODY + 1)}, 413,
     "the request body is larger than 2,000,000 bytes"),
    ("POST", "/digits", {"json": {"images": []}}, 422, "images: list should have at least 1 item"),
    ("POST", "/digits", {"json": {"images": [IMAGE] * (MAX_BATCH + 1)}}, 422,
     "images: list should have at most 256 items"),
    ("POST", "/date", {"json": {"text": ""}}, 422, "text: The text is empty: write a date"),
    ("POST", "/date", {"json": {"text": "x" * 41}}, 422,
     "text: The text has 41 characters; the models read at most 40."),
    ("POST", "/date", {"json": {"text": "3 May 1979 ☺"}}, 422, "text: The models never saw '☺'"),
    ("POST", "/date", {"json": {"text": 1979}}, 422,
     "text: input should be a valid string (got 1979)"),
    ("POST", "/date", {"json": ["3 May 1979"]}, 422, 'The body must be a JSON object {"text"'),
    ("GET", "/nowhere", {}, 404, "there is no GET /nowhere; the service answers GET /health, "
                                 "GET /similar/{word}?k=5, POST /digit"),
    ("POST", "/health", {}, 405, "/health does not answer POST; it answers GET /health."),
    ("GET", "/digit", {}, 405, "/digit does not answer GET; it answers POST /digit, POST /digits."),
    ("DELETE", "/similar/holmes", {}, 405, "it answers GET /similar/{word}?k=5."),
]


@pytest.mark.parametrize("method, path, sent, status, fragment", BAD,
                         ids=[f"{m} {p[:24]} {s}" for m, p, _, s, _ in BAD])
def test_bad_input_gets_a_4xx_envelope_saying_what_is_wrong(client, method, path, sent, status,
                                                            fragment):
    response = client.request(method, path, **sent)
    body = response.json()
    assert response.status_code == status
    assert body["status"] == status and body["data"] is None
    assert fragment in body["msg"], body["msg"]
    assert "Traceback" not in response.text


def test_a_body_without_a_length_is_limited_too(client):
    chunks = (b"x" * 100_000 for _ in range(MAX_BODY // 100_000 + 1))  # chunked: no length
    response = client.post("/date", content=chunks, headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["status"] == 413


def test_a_missing_or_damaged_weight_file_stops_loading(tmp_path):
    shutil.copytree(data_dir() / "models", tmp_path / "models")
    shutil.copy(data_dir() / "MANIFEST", tmp_path / "MANIFEST")
    (tmp_path / DATES).unlink()
    with pytest.raises(DataFileError, match="models/dates.pt"):
        load_served_models(tmp_path)
    shutil.copy(data_dir() / DATES, tmp_path / DATES)
    damaged = bytearray((tmp_path / DATES).read_bytes())
    damaged[len(damaged) // 2] ^= 1  # one bit flipped: same size, other bytes
    (tmp_path / DATES).write_bytes(damaged)
    with pytest.raises(DataFileError, match="models/dates.pt does not match its MANIFEST row"):
        load_served_models(tmp_path)


def test_a_real_server_answers_over_http_and_frees_its_port(models):
    with BackgroundServer(create_app(models)) as server:
        assert server.running and server.url.startswith("http://127.0.0.1:")
        body = httpx.get(f"{server.url}/health", timeout=10).json()
        assert body["status"] == 200 and len(body["data"]["models"]) == 3
        bad = httpx.post(f"{server.url}/date", json={"text": ""}, timeout=10)
        assert bad.status_code == 422 and "empty" in bad.json()["msg"]
        port = server.port
    assert not server.running
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))  # free again
    server.stop()  # twice: nothing happens


def test_a_taken_port_is_a_clear_error(models):
    with BackgroundServer(create_app(models)) as first:
        with pytest.raises(RuntimeError, match=f"could not start on {first.url}"):
            BackgroundServer(create_app(models), port=first.port).start()


def test_the_openapi_page_lists_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert sorted(paths) == ["/date", "/digit", "/digits", "/health", "/similar/{word}"]
    assert client.get("/docs").status_code == 200


def test_shift_moves_both_ways_and_fills_with_black():
    image = np.arange(1, 10).reshape(3, 3)
    np.testing.assert_array_equal(shift(image, 1, -1), [[0, 4, 5], [0, 7, 8], [0, 0, 0]])
    np.testing.assert_array_equal(shift(image, -2, 2), [[0, 0, 0], [0, 0, 0], [3, 0, 0]])
    np.testing.assert_array_equal(shift(image, 0, 0), image)


def test_the_explorer_draws_what_the_service_answers(models, digits):
    with BackgroundServer(create_app(models)) as server:
        explorer = service_explorer(server.url, index=3)
        title = explorer.figure.axes[1].get_title()
        assert f"digit {digits.labels[3]}" in title and title.startswith("the answer: status 200")
        np.testing.assert_array_equal(explorer.figure.axes[0].images[0].get_array(),
                                      digits.images[3])
        explorer.controls["right"].value = 4
        assert explorer.renders == 2 and explorer.message == ""
        np.testing.assert_array_equal(explorer.figure.axes[0].images[0].get_array(),
                                      shift(digits.images[3], 4, 0))
    explorer.controls["down"].value = 2  # the service is gone: a message, not a traceback
    assert explorer.message == (f"the service at {server.url} does not answer: run the cell "
                                f"that starts it.")


def test_the_latency_figure_has_one_row_per_route():
    fig = plot_latencies({"GET /health": [0.001, 0.002, 0.004], "POST /digit": [0.003] * 5})
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["GET /health", "POST /digit"]
    assert ax.texts[0].get_text() == "p50 2.0 ms · p99 4.0 ms"


def test_shown_gives_the_request_the_status_and_rounded_json(client):
    text = shown(client.post("/date", json={"text": "3 May 1979"}))
    line, body = text.split("\n")
    assert line == "POST /date → 200"
    assert json.loads(body)["data"]["iso"] == "1979-05-03"
    assert rounded({"a": [0.12345, {"b": 2.0006}], "c": "x", "d": 3}) == \
        {"a": [0.123, {"b": 2.001}], "c": "x", "d": 3}
    assert shown(client.get("/similar/war?k=2")).startswith("GET /similar/war?k=2 → 200\n")


def test_time_requests_counts_every_request_from_every_client(models):
    with BackgroundServer(create_app(models)) as server:
        timing = time_requests(server.url, [("GET", "/health", None),
                                            ("POST", "/date", {"text": "3 May 1979"})], 40, 4)
        assert len(timing.seconds) == 40 and timing.clients == 4
        assert 0 < timing.p50_ms <= timing.p99_ms and timing.per_second > 0
        with pytest.raises(RuntimeError, match="did not answer 200: POST /date → 422"):
            time_requests(server.url, [("POST", "/date", {"text": ""})], 3)


@pytest.mark.parametrize("call, exc, message", [
    (lambda: plot_service_answer(np.zeros((28, 27)), np.ones(10), 3), ValueError,
     "image must be (28, 28) and probabilities (10,), got (28, 27) and (10,)."),
    (lambda: plot_latencies({}), ValueError, "latencies must be a dict route -> list of seconds"),
    (lambda: service_explorer("http://127.0.0.1:9", 10_000), ValueError,
     "index == 10000, must be in 0..9999 (10000 test digits)."),
])
def test_the_figures_and_the_explorer_refuse_bad_input(call, exc, message):
    with pytest.raises(exc, match=re.escape(message)):
        call()


def test_dlcourse_serve_answers_until_ctrl_c():
    port = free_port()
    child = subprocess.Popen([sys.executable, "-m", "dlcourse", "serve", "--port", str(port)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(300):
            try:
                body = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).json()
                break
            except httpx.TransportError:
                assert child.poll() is None, child.stderr.read()
                time.sleep(0.2)
        assert body["status"] == 200
    finally:
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    assert out.startswith(f"serving on http://127.0.0.1:{port} (the API's page: /docs)")
    assert child.returncode == 0, err


def test_dlcourse_serve_without_its_models_says_why(tmp_path):
    shutil.copy(data_dir() / "MANIFEST", tmp_path / "MANIFEST")
    env = {**os.environ, "DLCOURSE_DATA": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "dlcourse", "serve"], capture_output=True,
                          text=True, timeout=120, env=env)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith(f"dlcourse serve: cannot load the models: "
                                  f"{tmp_path / DIGITS} is missing.")
