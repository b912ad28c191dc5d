"""Identity's nameko service: the portal's OpenID provider, the eID relying party,
people, organisations and agreements. Each entrypoint only translates: load with a
schema, build a command, hand it to the bus, dump the result.

The endpoints live in three modules (imported as modules, so that ``nameko run`` sees
one service class here)."""
from __future__ import annotations

from identity.bootstrap import bootstrap
from identity.entrypoints import oauth, organisations, people
from identity.schemas.events import EVENT_SPECS
from portal_kit.platform import platform_endpoints
from portal_kit.runtime import Runtime


class IdentityService(oauth.OAuthEndpoints, organisations.OrganisationEndpoints,
                      people.PeopleEndpoints,
                      platform_endpoints("identity", EVENT_SPECS)):  # type: ignore[misc]
    name = "identity"
    runtime = Runtime(bootstrap)
