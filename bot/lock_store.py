"""Rasa's RedisLockStore with every read-modify-write of a conversation's ticket lock done as one
Redis transaction (WATCH/MULTI/EXEC, retried when another server got in first).

Rasa Open Source's RedisLockStore reads the lock, changes it in Python and writes it back, so two
Rasa servers receiving messages of one citizen at the same moment can both take ticket 0 and run
both turns at once: the later save then stores only part of its turn (seen in
tests/test_production.py: a user message missing from PostgreSQL). Rasa's documentation calls
only its Pro ConcurrentRedisLockStore safe for replicas; this keeps the open-source ticket format
and makes the steps atomic. endpoints.production.yml names it as the lock store type.
"""

from __future__ import annotations

import json
from typing import Callable, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.client import Pipeline

Result = TypeVar("Result")


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)

    def _change(self, conversation_id: str, change: Callable[[TicketLock], Result]) -> Result:
        """Apply `change` to the conversation's lock (a new one if none is stored) and store the
        outcome in one transaction; a lock left without tickets is deleted."""
        key = self.key_prefix + conversation_id

        def transaction(pipe: Pipeline) -> Result:
            stored = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(stored)) if stored else TicketLock(conversation_id)
            result = change(lock)
            pipe.multi()
            if lock.is_someone_waiting():
                pipe.set(key, lock.dumps())
            else:
                pipe.delete(key)
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except Exception as error:  # Rasa's contract: any failure to take a ticket is a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        self._change(conversation_id, TicketLock.remove_expired_tickets)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Give the ticket back and drop the lock if nobody else holds one, in one step, so a
        ticket another server takes meanwhile is never deleted with it."""
        self.finish_serving(conversation_id, ticket_number)
