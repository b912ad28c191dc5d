"""deliveries per (event, recipient, channel) with language, HTML and settled states;
contacts, signatories and preferences

Revision ID: 0003
Revises: 0002

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import portal_kit.db


revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_constraint('uq_delivery_per_event', type_='unique')
        batch_op.drop_index('ix_deliveries_recipient')
        batch_op.alter_column('recipient', new_column_name='address',
                              existing_type=sa.String(length=320), existing_nullable=False)
        batch_op.add_column(sa.Column('recipient_key', sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column('recipient_name', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('person_id', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('organisation_id', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('category', sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('message_key', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('settled_at', portal_kit.db.UtcDateTime(timezone=True),
                                      nullable=True))
    # The first slice's mails went to organisations' contact addresses, in English.
    op.execute("UPDATE deliveries SET recipient_key = 'email:' || lower(address), "
               "recipient_name = '', category = 'agreements', language = 'en', html = '', "
               "message_key = source_event_id")
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        for name, kind in (('recipient_key', sa.String(length=400)),
                           ('recipient_name', sa.String(length=300)),
                           ('message_key', sa.String(length=300)),
                           ('category', sa.String(length=50)), ('language', sa.String(length=5)),
                           ('html', sa.Text())):
            batch_op.alter_column(name, existing_type=kind, nullable=False)
        batch_op.alter_column('status', existing_type=sa.Enum(
            'queued', 'sending', 'sent', 'failed', name='deliverystatus', native_enum=False,
            length=20), type_=sa.Enum(
            'queued', 'sending', 'sent', 'failed', 'dead_lettered', 'suppressed',
            name='deliverystatus', native_enum=False, length=20), existing_nullable=False)
        batch_op.create_unique_constraint('uq_delivery_per_event_recipient_channel',
                                          ['message_key', 'recipient_key', 'channel'])
        batch_op.create_index(batch_op.f('ix_deliveries_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliveries_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_deliveries_organisation_status',
                              ['organisation_id', 'status'], unique=False)

    op.create_table('contacts',
    sa.Column('person_id', sa.String(length=100), nullable=False),
    sa.Column('given_name', sa.String(length=200), nullable=False),
    sa.Column('family_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('mobile', sa.String(length=32), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('time_zone', sa.String(length=64), nullable=True),
    sa.Column('updated_at', portal_kit.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('person_id')
    )
    op.create_table('signatories',
    sa.Column('organisation_id', sa.String(length=100), nullable=False),
    sa.Column('person_id', sa.String(length=100), nullable=True),
    sa.Column('agreement_version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('organisation_id')
    )
    op.create_table('preferences',
    sa.Column('recipient_key', sa.String(length=400), nullable=False),
    sa.Column('category', sa.String(length=50), nullable=False),
    sa.Column('choice', sa.String(length=20), nullable=False),
    sa.Column('updated_at', portal_kit.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('recipient_key', 'category')
    )


def downgrade() -> None:
    op.drop_table('preferences')
    op.drop_table('signatories')
    op.drop_table('contacts')
    op.execute("DELETE FROM deliveries WHERE channel <> 'email' OR status IN "
               "('dead_lettered', 'suppressed')")
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_deliveries_organisation_status')
        batch_op.drop_index(batch_op.f('ix_deliveries_person_id'))
        batch_op.drop_index(batch_op.f('ix_deliveries_address'))
        batch_op.drop_constraint('uq_delivery_per_event_recipient_channel', type_='unique')
        for name in ('settled_at', 'message_key', 'html', 'language', 'category', 'organisation_id',
                     'person_id', 'recipient_name', 'recipient_key'):
            batch_op.drop_column(name)
        batch_op.alter_column('address', new_column_name='recipient',
                              existing_type=sa.String(length=320), existing_nullable=False)
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_deliveries_recipient', ['recipient'], unique=False)
        batch_op.create_unique_constraint('uq_delivery_per_event',
                                          ['source_event_id', 'template', 'recipient'])
