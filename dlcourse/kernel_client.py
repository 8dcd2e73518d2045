"""A kernel client for headless runs that never misses a message (used by ``dlcourse.runner``).

jupyter_client's asyncio channel waits for a message with one long poll of
the socket. Under CPU load that poll can miss its wake-up: the reply sits in
the socket while the run waits until the cell times out, with the kernel idle
(seen here with papermill on a busy 2-core machine). Polling in short slices
re-checks the socket, so a missed wake-up costs at most one slice.
"""

from __future__ import annotations

import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type

SLICE_SECONDS = 0.5


class SlicedPollChannel(AsyncZMQSocketChannel):
    """An asyncio channel whose ``get_msg`` polls in slices of ``SLICE_SECONDS``."""

    async def get_msg(self, timeout: float | None = None) -> dict:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = SLICE_SECONDS if deadline is None else deadline - time.monotonic()
            if left <= 0:
                raise Empty
            if await self.socket.poll(int(min(left, SLICE_SECONDS) * 1000)):
                return await self._recv()


class SlicedPollKernelClient(AsyncKernelClient):
    """An asyncio kernel client whose shell, iopub and control channels poll in slices."""

    shell_channel_class = Type(SlicedPollChannel)
    iopub_channel_class = Type(SlicedPollChannel)
    control_channel_class = Type(SlicedPollChannel)
