"""relations projection fed by competencies' and invitations' events: places of training,
relationship versions, ended grants, the region's access openings; people's names

Revision ID: 0004
Revises: 0003
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('access_openings',
    sa.Column('opening_id', sa.String(length=36), nullable=False),
    sa.Column('trainee_id', sa.String(length=64), nullable=False),
    sa.Column('place_id', sa.String(length=36), nullable=False),
    sa.Column('agreement_holder_id', sa.String(length=36), nullable=False),
    sa.Column('opened_from', sa.Date(), nullable=False),
    sa.Column('opened_until', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('opening_id')
    )
    with op.batch_alter_table('access_openings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_openings_trainee_id'), ['trainee_id'], unique=False)

    op.create_table('people',
    sa.Column('person_id', sa.String(length=64), nullable=False),
    sa.Column('given_name', sa.String(length=200), nullable=False),
    sa.Column('family_name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('person_id')
    )

    with op.batch_alter_table('approver_grants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('placement_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('place_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('version', sa.BigInteger(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('ended', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))

    with op.batch_alter_table('trainee_placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place_id', sa.String(length=36), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('trainee_placements', schema=None) as batch_op:
        batch_op.drop_column('place_id')

    with op.batch_alter_table('approver_grants', schema=None) as batch_op:
        batch_op.drop_column('ended')
        batch_op.drop_column('version')
        batch_op.drop_column('place_id')
        batch_op.drop_column('placement_id')

    with op.batch_alter_table('access_openings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_openings_trainee_id'))

    op.drop_table('access_openings')
    op.drop_table('people')
