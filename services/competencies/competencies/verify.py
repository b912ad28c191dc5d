"""Verify a completion credential offline with the published credential keys.

    python -m competencies.verify credential.jwt --jwks jwks.json
    python -m competencies.verify credential.jwt --jwks-url \\
        http://localhost:8000/api/competencies/credentials/jwks.json

Exit 0 and a summary when a published key signed it unchanged; exit 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from pathlib import Path

from competencies.adapters.credentials import CredentialInvalid, digest, verify


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("credential", help="file with the compact vc+jwt")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--jwks", help="a saved copy of the credential key set (offline)")
    source.add_argument("--jwks-url", help="the published credential key set")
    args = parser.parse_args(argv)
    token = Path(args.credential).read_text(encoding="ascii", errors="replace").strip()
    if args.jwks:
        jwks = json.loads(Path(args.jwks).read_text(encoding="utf-8"))
    else:
        with urllib.request.urlopen(args.jwks_url, timeout=10) as response:  # noqa: S310
            jwks = json.load(response)
    try:
        document = verify(token, jwks)
    except CredentialInvalid as exc:
        print(f"NOT VALID: {exc}", file=sys.stderr)
        return 1
    subject = document["credentialSubject"]
    print(f"VALID {document['id']} ({digest(token)})\n"
          f"  {subject['name']}: {subject['completed']['programme']}, "
          f"{len(subject['completed']['signOffs'])} sign-offs, "
          f"completed {subject['completed']['completedAt']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
