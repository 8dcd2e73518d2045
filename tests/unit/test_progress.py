"""The progress bar redraws at most once per interval, so a long loop cannot flood a notebook."""

import itertools

from jupyter_client.manager import start_new_kernel

from dlcourse.progress import Progress


class FakeClock:
    def __init__(self, step: float):
        self.ticks = itertools.count()
        self.step = step

    def __call__(self) -> float:
        return next(self.ticks) * self.step


def test_twenty_thousand_updates_over_a_minute_redraw_about_sixty_times(capsys):
    clock = FakeClock(step=60 / 20_000)  # about one clock read per update: 60 s in all
    bar = Progress(20_000, "training", "batch", clock=clock)
    for _ in range(20_000):
        bar.update()
    bar.close()
    assert 55 <= bar.draws <= 63  # one at the start, one per second, one at the end
    last = capsys.readouterr().err.rstrip("\n").split("\r")[-1]
    assert last.startswith("training " + "█" * 24 + " 100%  20000/20000 batch")


def test_postfix_and_disabled_bar(capsys):
    bar = Progress(4, "fit", enabled=False)
    bar.update(4)
    bar.set_postfix(test_acc="0.9931")
    bar.close()
    assert bar.draws == 0 and capsys.readouterr().err == ""
    assert str(bar).endswith("4/4 it  0 s  test_acc=0.9931")


def test_a_kernel_running_a_long_loop_still_reports_idle():
    """20,000 tqdm notebook updates overflow the kernel's output queue and lose the 'idle'
    status nbval waits for; the same loop with Progress sends a handful of messages."""
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        code = ("from dlcourse.progress import Progress\n"
                "bar = Progress(20000, 'loop')\n"
                "for _ in range(20000):\n    bar.update()\nbar.close()")
        msg_id = kc.execute(code)
        kc.get_shell_msg(timeout=120)
        messages = []
        while True:
            msg = kc.get_iopub_msg(timeout=30)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append(msg["msg_type"])
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        assert messages.count("display_data") == 1
        assert messages.count("update_display_data") <= 30
        assert "error" not in messages
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
