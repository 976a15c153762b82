"""EventBus: thread-safe publish, snapshot, and bounded per-client queues."""

from __future__ import annotations

import asyncio
import threading

from taskclf.api.bus import EventBus


def test_snapshot_keeps_the_latest_event_of_each_type() -> None:
    bus = EventBus()
    bus.publish({"type": "train_progress", "progress_pct": 10})
    bus.publish({"type": "train_progress", "progress_pct": 20})
    bus.publish({"type": "labels_changed"})
    snap = bus.snapshot()
    assert snap == {
        "train_progress": {"type": "train_progress", "progress_pct": 20},
        "labels_changed": {"type": "labels_changed"},
    }
    snap["labels_changed"]["x"] = 1  # a copy: callers cannot corrupt the bus
    assert "x" not in bus.snapshot()["labels_changed"]


def test_publish_without_a_loop_only_updates_the_snapshot() -> None:
    bus = EventBus()
    bus.publish({"type": "prediction", "label": "Build"})
    assert bus.snapshot()["prediction"]["label"] == "Build"


def test_events_from_worker_threads_reach_every_subscriber_in_order() -> None:
    async def scenario() -> tuple[list[int], list[int]]:
        bus = EventBus()
        first, second = bus.subscribe(), bus.subscribe()

        def worker() -> None:
            for n in range(100):
                bus.publish({"type": "prediction", "n": n})

        thread = threading.Thread(target=worker)
        thread.start()
        await asyncio.to_thread(thread.join)
        got_first = [(await first.get())["n"] for _ in range(100)]
        got_second = [(await second.get())["n"] for _ in range(100)]
        return got_first, got_second

    got_first, got_second = asyncio.run(scenario())
    assert got_first == list(range(100))
    assert got_second == list(range(100))


def test_a_slow_client_loses_its_oldest_events_and_others_lose_nothing() -> None:
    async def scenario() -> tuple[list[int], list[int], int]:
        bus = EventBus(queue_size=8)
        slow, fast = bus.subscribe(), bus.subscribe()
        received: list[int] = []
        for n in range(50):
            bus.publish({"type": "prediction", "n": n})
            await asyncio.sleep(0)  # let the loop deliver, as a live server would
            received.append((await fast.get())["n"])
        kept = [(await slow.get())["n"] for _ in range(slow.pending())]
        return received, kept, slow.dropped

    received, kept, dropped = asyncio.run(scenario())
    assert received == list(range(50))
    assert kept == list(range(42, 50))
    assert dropped == 42


def test_unsubscribed_clients_get_nothing_more() -> None:
    async def scenario() -> int:
        bus = EventBus()
        sub = bus.subscribe()
        bus.unsubscribe(sub)
        bus.publish({"type": "x"})
        await asyncio.sleep(0)
        return sub.pending()

    assert asyncio.run(scenario()) == 0


def test_a_slow_client_gets_the_latest_progress_of_each_step_not_a_backlog() -> None:
    async def scenario() -> tuple[list[tuple[str, int]], int]:
        bus = EventBus()
        slow = bus.subscribe()
        steps = ["loading_features"] * 3 + ["training"] * 40 + ["saving"] * 2
        for pct, step in enumerate(steps):
            bus.publish(
                {"type": "train_progress", "job_id": "j1", "step": step, "progress_pct": pct}
            )
        bus.publish({"type": "train_complete", "job_id": "j1"})
        await asyncio.sleep(0)
        got = [await slow.get() for _ in range(slow.pending())]
        return [(e.get("step", e["type"]), e.get("progress_pct", -1)) for e in got], slow.coalesced

    got, coalesced = asyncio.run(scenario())
    assert got == [
        ("loading_features", 2),
        ("training", 42),
        ("saving", 44),
        ("train_complete", -1),
    ]
    assert coalesced == 45 - 3
