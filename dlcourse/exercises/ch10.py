"""Exercise checks of chapter 10 (putting a model online): recall the statuses the service
answers with, implement a new route and the latency percentiles, derive throughput from
latency (Little's law), measure the accuracy of batched requests, and discuss what changes
past one machine.

    check_recall(**answers)            # the HTTP status of five requests
    check_analogy_route(make_handler)  # make_handler(words, vectors) -> handler(a, b, c, k=5)
    check_percentiles(fn)              # fn(latencies) -> (p50, p99)
    check_littles_law(**answers)       # requests per second and clients, from latency
    check_batch_accuracy(fn)           # fn(client) -> accuracy of 512 digits via POST /digits

The route is registered on a fresh FastAPI app as ``GET /analogy`` and called with FastAPI's
test client, as tests/unit/test_serve.py calls the service; its answers are compared with
:func:`dlcourse.nn.similarity.analogy_words` on the service's word vectors. ``hint(n)`` and
``solution(n)`` reveal a hint and a reference or worked answer of exercises 1 to 6 (6 is a
discussion with a worked answer and no checker).
"""

from __future__ import annotations

import functools
import warnings

import numpy as np

from dlcourse.exercises.checker import Case, Question, Report, check_answers, check_function
from dlcourse.exercises.sheet import Exercise, Sheet
from dlcourse.exercises.solutions import ch10 as reference

ANALOGIES = (("man", "king", "woman", 5), ("france", "paris", "england", 3))
BATCH_DIGITS = 512  # two requests: POST /digits takes at most 256 digits


def _test_client(app):
    """FastAPI's test client of ``app``, without starlette's warning about its httpx client."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient
    return TestClient(app, raise_server_exceptions=False)


@functools.cache
def _served():
    from dlcourse.serve.models import load_served_models

    return load_served_models()


def check_recall(**answers) -> Report:
    """The status the chapter's service answers five requests with, one keyword each."""
    return check_answers("recall", (
        Question("health", 200.0, "GET /health"),
        Question("unknown_word", 404.0, "GET /similar/qwertyuiop"),
        Question("pixel_300", 422.0, "POST /digit with a grey level of 300"),
        Question("three_megabytes", 413.0, "POST /digits with a body of 3,000,000 bytes"),
        Question("get_digit", 405.0, "GET /digit"),
    ), answers)


def check_analogy_route(make_handler) -> Report:
    """``make_handler(words, vectors)``'s handler as ``GET /analogy?a=&b=&c=&k=``, tested."""
    from fastapi import FastAPI

    from dlcourse.nn.similarity import analogy_words

    report = Report("GET /analogy")
    served = _served()
    try:
        handler = make_handler(served.words, served.vectors)
        app = FastAPI()
        app.get("/analogy")(handler)
    except Exception as exc:  # a learner's bug is reported, not raised
        report.fail(f"make_handler(words, vectors) or registering its handler raised "
                    f"{type(exc).__name__}: {exc}")
        return report
    client = _test_client(app)
    for a, b, c, k in ANALOGIES:
        what = f"{a} : {b} = {c} : ? (k={k})"
        body = _answer(client, report, what, {"a": a, "b": b, "c": c, "k": k}, 200)
        if body is None:
            continue
        expected = analogy_words(served.vectors, served.words, a, b, c, k)
        got = body.get("data") or {}
        answers = got.get("answers") if isinstance(got, dict) else None
        if not isinstance(answers, list) or not all(isinstance(x, dict) for x in answers):
            report.fail(f"{what}: data must be {{'answers': [{{'word': ..., 'cosine': ...}}, "
                        f"...]}}, got {str(got)[:80]}")
        elif [x.get("word") for x in answers] != [w for w, _ in expected]:
            report.fail(f"{what}: answered {[x.get('word') for x in answers]}, expected "
                        f"{[w for w, _ in expected]}")
        elif not np.allclose([x.get("cosine", np.nan) for x in answers],
                             [s for _, s in expected], atol=1e-5):
            report.fail(f"{what}: the words are right, the cosines are not")
        else:
            report.ok(f"{what} -> {', '.join(w for w, _ in expected)}")
    body = _answer(client, report, "an unknown word", {"a": "man", "b": "king", "c": "qwertyuiop"},
                   404)
    if body is not None and "qwertyuiop" not in str(body.get("msg")):
        report.fail(f"an unknown word: the msg must name it, got {body.get('msg')!r}")
    elif body is not None:
        report.ok("an unknown word -> 404, named in msg")
    return report


def _answer(client, report: Report, what: str, params: dict, status: int) -> dict | None:
    """The envelope the route answered, or None after a ✗ line saying what is wrong."""
    response = client.get("/analogy", params=params)
    try:
        body = response.json()
    except ValueError:
        report.fail(f"{what}: the answer is not JSON ({response.text[:60]!r})")
        return None
    if response.status_code != status or not isinstance(body, dict) or \
            body.get("status") != status or "msg" not in body or "data" not in body:
        report.fail(f"{what}: expected HTTP {status} and the envelope {{status: {status}, "
                    f"data, msg}}, got HTTP {response.status_code} {str(body)[:80]}")
        return None
    return body


def _other_definitions(latencies: list):
    """A diagnosis: the answer is a percentile without interpolation (the nearest rank...)."""
    def diagnose(got: np.ndarray, expected: np.ndarray) -> str:
        for method in ("nearest", "lower", "higher", "inverted_cdf"):
            if np.allclose(got, np.percentile(latencies, [50, 99], method=method)):
                return (f"these are the {method!r} percentiles; np.percentile(latencies, "
                        f"[50, 99]) interpolates between the two nearest sorted values.")
        return ""
    return diagnose


def check_percentiles(fn) -> Report:
    """``fn(latencies)`` -> (p50, p99), as np.percentile computes them."""
    rng = np.random.default_rng(10)
    cases = []
    for n in (7, 100, 1000):
        latencies = list(rng.lognormal(np.log(5.0), 0.5, n))  # ms: a long tail, as measured
        cases.append(Case((latencies,), np.percentile(latencies, [50, 99]),
                          f"{n} latencies", diagnose=_other_definitions(latencies)))
    return check_function("p50 and p99", fn, cases)


def check_littles_law(**answers) -> Report:
    """Throughput from latency: 4 clients, 8 ms a request; clients for 2,000 requests/s."""
    return check_answers("Little's law", (
        Question("requests_per_second", 500.0, "4 clients, each waiting 8 ms for every answer: "
                 "requests per second"),
        Question("clients_for_2000", 16.0, "clients needed for 2,000 requests per second at "
                 "8 ms each (if the server keeps up)"),
    ), answers)


@functools.cache
def _batch_accuracy() -> float:
    """The share of the first 512 test digits the served CNN reads right, in process."""
    from dlcourse.data.mnist import load_mnist
    from dlcourse.models.io import predict_digits

    test = load_mnist("test")
    predicted, _ = predict_digits(_served().digits, test.images[:BATCH_DIGITS])
    return float(np.mean(predicted == test.labels[:BATCH_DIGITS]))


def check_batch_accuracy(measure) -> Report:
    """``measure(client)`` -> the share of the first 512 test digits read right via /digits.

    ``client`` is FastAPI's test client of the service (in the chapter, an ``httpx.Client``
    of the running server does as well): ``client.post("/digits", json=...)``.
    """
    from dlcourse.serve.app import create_app

    report = Report("512 digits through POST /digits")
    if not callable(measure):
        report.fail(f"expected a function measure_batch_accuracy(client), got "
                    f"{type(measure).__name__}.")
        return report
    try:
        got = measure(_test_client(create_app(_served())))
    except Exception as exc:  # a learner's bug is reported, not raised
        report.fail(f"measure_batch_accuracy(client) raised {type(exc).__name__}: {exc}")
        return report
    expected = _batch_accuracy()
    if isinstance(got, bool) or not isinstance(got, (int, float, np.floating)):
        report.fail(f"measure_batch_accuracy(client) returned {type(got).__name__}, expected "
                    f"the accuracy as a number from 0 to 1.")
    elif not np.isclose(got, expected, rtol=0, atol=1e-9):
        hint = " (a percentage? give a fraction)" if got > 1 else ""
        report.fail(f"measure_batch_accuracy(client) returned {got:.4f}, not the service's "
                    f"accuracy on the first 512 test digits{hint}.")
    else:
        report.ok(f"accuracy {got:.4f} on {BATCH_DIGITS} digits")
    return report


SHEET = Sheet("10", [
    Exercise(1, "recall", """
        Every answer carries its HTTP status in the envelope too. 2xx: it worked; 4xx: the
        request was wrong (404 nothing there, 405 wrong method, 413 too large, 422 the body
        or a parameter does not fit); 5xx: the service failed. The chapter's table of bad
        requests shows each.""",
        answer=dict(health=200, unknown_word=404, pixel_300=422, three_megabytes=413,
                    get_digit=405),
        worked="""
        GET /health works: 200. An unknown word is a resource that does not exist: 404. A
        grey level of 300 is a body that fails validation: 422. 3,000,000 bytes is over the
        service's 2,000,000-byte limit, refused before anything reads it: 413. /digit only
        answers POST, so GET gets 405 (Method Not Allowed).""",
        check=check_recall),
    Exercise(2, "implement", """
        Define the handler inside make_handler, so it sees words and vectors. FastAPI reads
        a, b, c and k from the query string because they are the handler's parameters (k with
        a default). analogy_words(vectors, words, a, b, c, k) gives [(word, cosine), ...] and
        raises KeyError for an unknown word; answer with envelope(200, {"answers": [...]}) or
        envelope(404, msg=...).""",
        answer=reference.make_analogy_handler, check=check_analogy_route),
    Exercise(3, "implement", """
        Sort the latencies; the p-th percentile lies p % of the way along them. np.percentile
        does this, interpolating between neighbours: np.percentile(latencies, [50, 99]).""",
        answer=reference.my_percentiles, check=check_percentiles),
    Exercise(4, "derive", """
        Little's law: requests in flight = throughput × time in the system. A client that
        waits for each answer keeps one request in flight.""",
        answer=dict(requests_per_second=500, clients_for_2000=16),
        worked="""
        One client waiting 8 ms per answer sends 1 / 0.008 = 125 requests a second; four
        clients send 4 × 125 = 500. For 2,000 a second at 8 ms each, 2,000 × 0.008 = 16
        requests must be in flight: 16 clients, as long as the server can still answer in
        8 ms (past its cores, the latency grows instead).""",
        check=check_littles_law),
    Exercise(5, "experiment", """
        In measure_batch_accuracy(client): images = load_mnist("test").images[:512]; send
        images[:256].tolist() and images[256:].tolist() as {"images": ...} to POST /digits
        (one request of 512 gets a 422 that says the most is 256), join the two "digits"
        lists and compare them with load_mnist("test").labels[:512].""",
        answer=reference.measure_batch_accuracy, check=check_batch_accuracy),
    Exercise(6, "discuss", """
        Look at the chapter's numbers: how much of a request's time is the model, how much
        HTTP, and what batching did to digits per second. What would you change first for ten
        times the traffic?""",
        worked="""
        On one machine the service is bounded by its cores: more concurrent clients raised the
        throughput only until the 2 cores were busy, and then the latency grew instead. For
        more traffic: run several worker processes (uvicorn --workers, or gunicorn with
        uvicorn workers), one per core, each with the models loaded; then several machines
        behind a load balancer that spreads requests and drops unhealthy ones (GET /health is
        what it polls). The HTTP round trip costs several times the small models' own
        forward time, so batching pays: a model server such as TorchServe or NVIDIA Triton
        gathers requests arriving within a few milliseconds into one batch (dynamic
        batching), as POST /digits does by hand, and serves versions of a model side by side.
        Past one machine you also need the weights in one place everyone loads from, their
        sha256 in the health answer to see which version answered, and monitoring of p99
        latency, not only the mean."""),
])

hint, solution = SHEET.hint, SHEET.solution
