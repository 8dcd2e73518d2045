"""The HTTP service of chapter 10: FastAPI routes answering in seed 003's envelope.

    GET  /health              the models, their files' sha256 (their version) and load times
    GET  /similar/{word}?k=5  the k nearest words by cosine (chapter 07's word vectors)
    POST /digit               {"image": 28 rows of 28 grey levels 0..255} -> digit, 10 probabilities
    POST /digits              {"images": [...]}: up to 256 digits in one request
    POST /date                {"text": "3 May 1979"} -> ISO date and its probability (chapter 09)
    GET  /draw                a page to draw a digit with the mouse and ask POST /digit

Every answer is ``{"status": <HTTP status>, "data": ..., "msg": ...}``: ``msg`` is "ok" on
success and otherwise says what was wrong and what is allowed (a 4xx, never a traceback).
The interactive OpenAPI page is at ``/docs``.
"""

from __future__ import annotations

import datetime
import math
import time
from pathlib import Path
from typing import Annotated

import numpy as np
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from dlcourse.models.io import predict_digit, predict_digits
from dlcourse.models.seq2seq import text_problem, translate
from dlcourse.nn.similarity import nearest_words
from dlcourse.serve.models import ServedModels, load_served_models

MAX_BODY = 2_000_000  # bytes: 256 digits of 784 grey levels written as "255," fit with room
MAX_BATCH = 256
MAX_K = 50
ROUTES = ("GET /health", "GET /similar/{word}?k=5", "POST /digit", "POST /digits", "POST /date",
          "GET /draw", "GET /docs")
DRAW_PAGE = Path(__file__).with_name("draw.html")
SHOWN = 3  # validation problems listed in one msg before "and N more"

Grey = Annotated[float, Field(ge=0, le=255, strict=True, allow_inf_nan=False)]
Row = Annotated[list[Grey], Field(min_length=28, max_length=28)]
Image = Annotated[list[Row], Field(min_length=28, max_length=28)]


class DigitRequest(BaseModel):
    """One digit: 28 rows of 28 grey levels, 0 (black) to 255 (white), white digit on black."""

    model_config = ConfigDict(extra="forbid")
    image: Image


class DigitsRequest(BaseModel):
    """Several digits in one request (1 to 256), each as in :class:`DigitRequest`."""

    model_config = ConfigDict(extra="forbid")
    images: Annotated[list[Image], Field(min_length=1, max_length=MAX_BATCH)]


class DateRequest(BaseModel):
    """A written date, e.g. "3 May 1979" or "1979年5月3日"."""

    model_config = ConfigDict(extra="forbid")
    text: Annotated[str, Field(strict=True)]


ALLOWED = {  # what a request's body may be, said after what was wrong with it
    "/digit": 'a JSON object {"image": [[...], ...]}: 28 rows of 28 numbers from 0 to 255',
    "/digits": f'a JSON object {{"images": [...]}}: 1 to {MAX_BATCH} images of 28 rows of 28 '
               f'numbers from 0 to 255',
    "/date": 'a JSON object {"text": "3 May 1979"}',
}


def envelope(status: int, data=None, msg: str = "ok") -> JSONResponse:
    """Seed 003's answer: ``{"status": status, "data": data, "msg": msg}`` with that HTTP status."""
    return JSONResponse({"status": status, "data": data, "msg": msg}, status_code=status)


def create_app(models: ServedModels | None = None) -> FastAPI:
    """The service over ``models`` (default: load data/models/ now: a bad file stops start-up)."""
    models = load_served_models() if models is None else models
    if not isinstance(models, ServedModels):
        raise TypeError(f"models must be ServedModels (load_served_models()) or None, got "
                        f"{type(models).__name__}.")
    started = time.time()
    app = FastAPI(title="dlcourse models", version="1",
                  description="Chapter 10: the course's models behind HTTP, in the envelope "
                              "{status, data, msg}.")
    app.add_middleware(BodyLimit, limit=MAX_BODY)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return envelope(422, msg=validation_message(exc.errors(), request.url.path))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if exc.status_code == 404 and exc.detail == "Not Found":
            msg = (f"there is no {request.method} {request.url.path}; the service answers "
                   + ", ".join(ROUTES) + ".")
        elif exc.status_code == 405:
            first = "/" + request.url.path.strip("/").split("/")[0]  # /similar of /similar/cat
            msg = (f"{request.url.path} does not answer {request.method}; it answers "
                   + ", ".join(r for r in ROUTES if r.split()[1].startswith(first)) + ".")
        else:
            msg = str(exc.detail)
        return envelope(exc.status_code, msg=msg)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):  # a bug: say so, show no traceback
        return envelope(500, msg=f"the service failed on this request ({type(exc).__name__}); "
                                 f"please report it with the request.")

    @app.get("/health")
    def health():
        """The models, their files' sha256 (their version), size and load time."""
        return envelope(200, {"models": [vars(info) for info in models.info],
                              "uptime_s": round(time.time() - started, 3)})

    @app.get("/similar/{word}")
    def similar(word: str, k: Annotated[int, Query(ge=1, le=MAX_K)] = 5):
        """The k words whose vectors are nearest to ``word``'s (cosine), best first."""
        try:
            found = nearest_words(models.vectors, models.words, word.lower(), k)
        except KeyError as exc:
            return envelope(404, msg=f"{exc.args[0]} The vectors know the lower-case words seen "
                                     f"at least 5 times in chapter 07's four books.")
        return envelope(200, {"word": word.lower(), "k": k,
                              "similar": [{"word": w, "cosine": round(c, 6)} for w, c in found]})

    @app.post("/digit")
    def digit(request: DigitRequest):
        """The digit in one 28 x 28 image and the ten probabilities (chapter 05's CNN)."""
        label, probs = predict_digit(models.digits, np.array(request.image, np.float32) / 255)
        return envelope(200, {"digit": label, "probabilities": _rounded(probs)})

    @app.post("/digits")
    def digits(request: DigitsRequest):
        """The digits of up to 256 images in one forward pass."""
        labels, probs = predict_digits(models.digits, np.array(request.images, np.float32) / 255)
        return envelope(200, {"digits": labels.tolist(),
                              "probabilities": [_rounded(p) for p in probs]})

    @app.post("/date")
    def date(request: DateRequest):
        """The ISO date of a written date, and the model's probability of it."""
        problem = text_problem(request.text)
        if problem:
            return envelope(422, msg=f"text: {problem}")
        found = translate(models.dates, [request.text])[0]
        return envelope(200, {"text": request.text, "iso": found.iso,
                              "probability": round(math.exp(found.log_prob), 6),
                              "valid_date": _is_date(found.iso)})

    page = DRAW_PAGE.read_text(encoding="utf-8")

    @app.get("/draw", response_class=HTMLResponse, include_in_schema=False)
    def draw():
        """A page to draw a digit with the mouse; it asks ``POST /digit``."""
        return HTMLResponse(page)

    return app


def _rounded(probs) -> list[float]:
    return [round(float(p), 6) for p in probs]


def _is_date(iso: str) -> bool:
    try:
        datetime.date.fromisoformat(iso)
    except ValueError:
        return False
    return True


def validation_message(errors: list[dict], path: str) -> str:
    """What was wrong with a request (its first problems, where each is) and what is allowed."""
    parts = []
    for error in errors[:SHOWN]:
        where = _where(error["loc"])
        if error["type"] == "json_invalid":
            parts.append(f"the body is not valid JSON ({error.get('ctx', {}).get('error', '')})")
        elif error["type"] == "missing" and where == "body":
            parts.append("the body is empty")
        else:
            got = error.get("input")
            shown = "" if isinstance(got, (dict, list)) else f" (got {got!r})"
            parts.append(f"{where}: {error['msg'][0].lower()}{error['msg'][1:]}{shown}")
    more = f"; and {len(errors) - SHOWN} more" if len(errors) > SHOWN else ""
    allowed = f". The body must be {ALLOWED[path]}." if path in ALLOWED else "."
    return "; ".join(parts) + more + allowed


def _where(loc) -> str:
    """('body', 'image', 3, 5) -> 'image[3][5]'; ('query', 'k') -> 'k'."""
    if len(loc) == 1:
        return str(loc[0])
    name, *rest = loc[1:]
    return str(name) + "".join(f"[{i}]" for i in rest)


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes gets a 413 before any route reads it."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await self._too_large(scope, receive, send)
        chunks, size = [], 0
        while True:  # read it all (it is small) so a body without a length is limited too
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                return await self._too_large(scope, receive, send)
            if not message.get("more_body", False):
                break
        body, replayed = b"".join(chunks), False

        async def replay():  # the body once, then the client's own messages (a disconnect)
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _too_large(self, scope, receive, send):
        response = envelope(413, msg=f"the request body is larger than {self.limit:,} bytes, "
                                     f"the most this service reads ({MAX_BATCH} digits fit).")
        await response(scope, receive, send)
