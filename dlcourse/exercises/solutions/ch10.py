"""Reference solutions of chapter 10's exercises (shown by ``dlcourse.exercises.ch10.solution``)."""

import numpy as np

from dlcourse.data.mnist import load_mnist
from dlcourse.nn.similarity import analogy_words
from dlcourse.serve.app import envelope


def make_analogy_handler(words, vectors):
    # words: V strings, vectors (V, d): the service's word vectors
    def analogy(a: str, b: str, c: str, k: int = 5):
        try:  # "a is to b as c is to ?", chapter 07's 3CosAdd
            found = analogy_words(vectors, words, a.lower(), b.lower(), c.lower(), k)
        except KeyError as exc:  # a word the vectors do not know: the caller's mistake
            return envelope(404, msg=exc.args[0])
        return envelope(200, {"answers": [{"word": w, "cosine": round(s, 6)} for w, s in found]})
    return analogy


def my_percentiles(latencies):
    # np.percentile interpolates between the two nearest sorted values, as most tools do
    p50, p99 = np.percentile(latencies, [50, 99])
    return p50, p99


def measure_batch_accuracy(client):
    test = load_mnist("test")
    digits = []
    for start in (0, 256):  # POST /digits takes at most 256 digits a request
        body = {"images": test.images[start:start + 256].tolist()}
        digits += client.post("/digits", json=body).json()["data"]["digits"]
    return float(np.mean(np.array(digits) == test.labels[:512]))
