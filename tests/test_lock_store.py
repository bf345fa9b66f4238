"""The production lock store against a real Redis: turns of one citizen arriving at several Rasa
servers at once run one at a time, and none is lost."""

from __future__ import annotations

import asyncio
import os
import threading
from typing import Iterator

import pytest
import redis
from conftest import free_port, stop
from rasa.utils.endpoints import EndpointConfig

from bot.lock_store import AtomicRedisLockStore
from harness import services

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not services.installed() and not os.environ.get("CI"), reason="needs Debian's redis-server"),
]

SERVERS, TURNS = 4, 15


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory) -> Iterator[int]:
    port = free_port()
    process = services.start_redis(port, tmp_path_factory.mktemp("redis") / "redis.log")
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            threading.Event().wait(0.05)
    yield port
    stop(process)


def store(port: int) -> AtomicRedisLockStore:
    return AtomicRedisLockStore(EndpointConfig(url="127.0.0.1", type="redis", port=port, db=0))


def test_turns_of_one_citizen_on_several_servers_run_one_at_a_time(redis_port: int) -> None:
    """Each "server" (own store, own connection) reads a shared turn count, pauses as a turn would,
    and writes it back; overlapping turns would lose counts."""
    conversation, counter = "citizen-1", "turns-done"
    shared = redis.Redis(port=redis_port)
    shared.delete(counter)
    overlaps = []

    async def serve(lock_store: AtomicRedisLockStore) -> None:
        for _ in range(TURNS):
            async with lock_store.lock(conversation, wait_time_in_seconds=0.005):
                if shared.incr("running") > 1:
                    overlaps.append(1)
                done = int(shared.get(counter) or 0)
                await asyncio.sleep(0.002)
                shared.set(counter, done + 1)
                shared.decr("running")

    threads = [threading.Thread(target=asyncio.run, args=(serve(store(redis_port)),)) for _ in range(SERVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not overlaps, f"{len(overlaps)} turns ran while another turn of the same citizen was running"
    assert int(shared.get(counter)) == SERVERS * TURNS
    assert store(redis_port).get_lock(conversation) is None, "the lock is gone once every turn is done"


def test_a_ticket_taken_while_another_is_given_back_is_kept(redis_port: int) -> None:
    first, second = store(redis_port), store(redis_port)
    one = first.issue_ticket("citizen-2")
    two = second.issue_ticket("citizen-2")
    first.cleanup("citizen-2", one)
    lock = second.get_lock("citizen-2")
    assert lock is not None and not lock.is_locked(two), "the second ticket is now served"
    second.cleanup("citizen-2", two)
    assert second.get_lock("citizen-2") is None
