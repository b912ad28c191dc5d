"""The portal's shared kit: the few mechanisms every service uses once.

- ``errors``: domain exceptions (``NotFound``, ``Conflict``, ``Forbidden``,
  ``Invalid``, ``Unauthenticated``) and their one table of problem details.
- ``events``: the CloudEvents 1.0 envelope and its marshmallow schema.
- ``outbox`` / ``inbox``: at-least-once publishing and idempotent consuming.
- ``uow`` / ``bus``: the unit of work and message bus every service wires.
- ``messaging``: nameko event handlers with retry and dead-lettering, and
  the outbox relay as a nameko extension.
- ``faults``: which failures are transient (retry later) and which are conflicts.
- ``topology``: declares the consumer queues before the services start.
- ``http``: nameko HTTP entrypoints that speak RFC 9457 problem details.
- ``auth``: RS256 JWT verification against the identity service's JWKS.
- ``observability``: health, Prometheus metrics, JSON logs, correlation ids.
- ``testing``: pytest fixtures for per-run databases and vhosts.
"""

from portal_kit import compat as _compat

_compat.apply()
