"""The runner's channel polls in slices: it returns a late message and times out on time."""

import asyncio
import time
from queue import Empty

import pytest
import zmq
import zmq.asyncio
from jupyter_client.session import Session

from dlcourse.kernel_client import SLICE_SECONDS, SlicedPollChannel


async def exchange(delay: float, timeout: float):
    ctx = zmq.asyncio.Context()
    a, b = ctx.socket(zmq.PAIR), ctx.socket(zmq.PAIR)
    port = a.bind_to_random_port("tcp://127.0.0.1")
    b.connect(f"tcp://127.0.0.1:{port}")
    session = Session()
    channel = SlicedPollChannel(b, session)

    async def send_later():
        await asyncio.sleep(delay)
        session.send(a, "execute_reply", {"status": "ok"})

    sender = asyncio.ensure_future(send_later())
    start = time.monotonic()
    try:
        msg = await channel.get_msg(timeout=timeout)
    finally:
        waited = time.monotonic() - start
        sender.cancel()
        a.close(0)
        b.close(0)
        ctx.term()
    return msg, waited


def test_a_message_arriving_after_several_slices_is_returned():
    msg, waited = asyncio.run(exchange(delay=3 * SLICE_SECONDS, timeout=10))
    assert msg["msg_type"] == "execute_reply" and msg["content"] == {"status": "ok"}
    assert waited >= 3 * SLICE_SECONDS


def test_no_message_raises_empty_at_the_deadline():
    with pytest.raises(Empty):
        asyncio.run(exchange(delay=60, timeout=1.2))
