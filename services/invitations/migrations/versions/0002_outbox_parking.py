"""placeholder for the kit's outbox parking (branch kit-a)

Revision ID: 0002
Revises: 0001

On merging kit-a, take kit-a's file of this name: invitations' own changes start at 0003.
"""
from typing import Sequence, Union


revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Nothing here: kit-a's migration of the same name replaces this file."""


def downgrade() -> None:
    """Nothing here."""
