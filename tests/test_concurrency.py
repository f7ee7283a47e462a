"""A view's queries side by side: results in order, really at once, errors raised, no thread waiting for itself."""

import threading

import pytest

from caregap.concurrency import WORKERS, together


def test_results_come_back_in_the_order_of_the_calls():
    assert together(lambda: "a", lambda: "b", lambda: "c") == ["a", "b", "c"]
    assert together(lambda: 1) == [1]
    assert together() == []


def test_the_calls_run_at_once():
    """Each call waits for the other: made one after the other, the first would wait in vain and break the
    barrier."""
    meeting = threading.Barrier(2, timeout=20)
    assert together(meeting.wait, meeting.wait) in ([0, 1], [1, 0])


def test_an_error_is_raised_once_every_call_has_finished():
    finished = threading.Event()
    meeting = threading.Barrier(2, timeout=20)

    def fails() -> None:
        meeting.wait()
        raise ValueError("bad query")

    def slow() -> None:
        meeting.wait()
        finished.wait(0.2)  # still running when the other call has failed
        finished.set()

    with pytest.raises(ValueError, match="bad query"):
        together(fails, slow)
    assert finished.is_set()


@pytest.mark.timeout(60)
def test_calls_that_ask_for_calls_together_do_not_wait_for_themselves():
    """Every query thread busy with a call that asks for two more: were those queued behind the busy threads,
    no thread would ever be free to run them."""
    meeting = threading.Barrier(WORKERS, timeout=20)

    def outer(i: int) -> list[int]:
        meeting.wait()  # every worker holds one outer call
        return together(lambda: i, lambda: -i)

    assert together(*(lambda i=i: outer(i) for i in range(WORKERS))) == [[i, -i] for i in range(WORKERS)]
