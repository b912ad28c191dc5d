"""The periodic sweeps: bytes nobody names, and documents past their retention period."""
from __future__ import annotations

import logging
from datetime import timedelta
from itertools import islice

from documents.adapters.storage import BlobStore
from documents.domain import commands
from documents.domain.model import ErasureGrounds
from documents.domain.retention import RetentionPolicy
from documents.service_layer.files import remove_bytes
from documents.service_layer.unit_of_work import DocumentsUnitOfWork
from portal_kit.audit import SYSTEM
from portal_kit.clock import Clock, SystemClock

log = logging.getLogger(__name__)
BATCH = 200


def sweep_orphans(command: commands.SweepOrphans, uow: DocumentsUnitOfWork, store: BlobStore,
                  orphan_grace: timedelta) -> int:
    """Remove bytes no metadata names, once older than the grace period (an upload's bytes
    are written before its metadata commits). Storage times are real, so is the cut-off."""
    cutoff = SystemClock().now() - orphan_grace
    listing, removed = (key for key, written in store.listing() if written < cutoff), 0
    while batch := list(islice(listing, BATCH)):
        with uow:
            named = uow.documents.named_keys(batch)
        for key in set(batch) - named:
            store.delete(key)
            removed += 1
    if removed:
        log.info("orphan sweep removed the bytes of %d keys no metadata names", removed)
    return removed


def apply_retention(command: commands.ApplyRetention, uow: DocumentsUnitOfWork,
                    store: BlobStore, retention: RetentionPolicy, clock: Clock) -> int:
    """Erase each document whose kind's retention period has passed (audited as the system)."""
    erased = 0
    for kind, period in retention.periods.items():
        while True:
            with uow:
                now = clock.now()
                due = uow.documents.kept_before(kind, now - period, BATCH)
                keys = [uow.track(d).erase(SYSTEM, ErasureGrounds.RETENTION,
                                           retention.reason(d), now) for d in due]
                uow.commit()
            for key in keys:
                remove_bytes(store, key)
            erased += len(due)
            if len(due) < BATCH:
                break
    return erased
