"""The development eID provider: stands in for HelseID and NemLog-in (MitID) outside production.

One process, two OpenID Connect issuers (``/helseid`` and ``/nemlogin``), each with discovery,
pushed authorization requests (RFC 9126), an authorize page listing that broker's test people,
token (authorization code + PKCE S256), JWKS and userinfo, on Authlib's authorization server.
Identity talks to it exactly as it talks to the real brokers: switching is configuration only.
"""
