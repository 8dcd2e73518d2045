"""Chapter 10 explorer: pick a test digit, shift it, and see what the running service answers.

Every new picture is a real ``POST /digit`` to the service at ``url`` (the chapter starts it
on 127.0.0.1); if the service is not running, the widget says so instead of a picture.
"""

from __future__ import annotations

import httpx
import numpy as np

from dlcourse.checks import int_in_range
from dlcourse.data.mnist import load_mnist
from dlcourse.nn.invariance import shift
from dlcourse.plots.serving import plot_service_answer
from dlcourse.widgets.explorer import Explorer, slider

MAX_SHIFT = 8  # pixels: beyond this, most digits leave the 28 x 28 frame


def service_explorer(url: str, index: int = 0) -> Explorer:
    """Test digit ``index`` and a shift, sent to ``url``/digit; the answer drawn beside it."""
    digits = load_mnist("test").images
    index = int_in_range(index, "index", 0, len(digits) - 1, f" ({len(digits)} test digits)")
    client = httpx.Client(base_url=url, timeout=10)
    controls = {
        "index": slider("test digit", index, 0, len(digits) - 1, 1),
        "right": slider("shift right (px)", 0, -MAX_SHIFT, MAX_SHIFT, 1),
        "down": slider("shift down (px)", 0, -MAX_SHIFT, MAX_SHIFT, 1),
    }

    def render(index, right, down):
        image = shift(digits[index], right, down).astype(np.uint8)  # (28, 28)
        try:
            response = client.post("/digit", json={"image": image.tolist()})
        except httpx.TransportError:
            raise ValueError(f"the service at {url} does not answer: run the cell that starts "
                             f"it.") from None
        body = response.json()
        if body["status"] != 200:
            raise ValueError(f"the service answered {body['status']}: {body['msg']}")
        return plot_service_answer(image, body["data"]["probabilities"], body["data"]["digit"],
                                   title=f"test digit {index}, shifted ({right}, {down}) px")

    return Explorer(controls, render)
