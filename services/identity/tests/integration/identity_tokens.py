"""Small helpers identity's integration tests import (a conftest is not importable by name)."""


def bearer(tokens):
    return {"Authorization": f"Bearer {tokens['access_token']}"}
