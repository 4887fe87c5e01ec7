"""security: self-claimed access, two-factor, lock-out, OIDC identities, audit hash chain

Revision ID: 0004_security
Revises: 0003_live
Create Date: 2026-11-25 23:55:00
"""

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op


revision: str = '0004_security'
down_revision: str | None = '0003_live'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def UTCDateTime() -> sa.DateTime:  # noqa: N802 (the column type as of this migration)
    return sa.DateTime(timezone=True)

# The triggers exactly as this migration installs them, frozen here: editing the app's trigger
# code never changes what an old migration does (tests/foundation/test_migrations.py).
TRIGGERS = {'sqlite': {'install': ['CREATE TRIGGER audit_events_refuse_update BEFORE UPDATE ON '
                        "audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is "
                        "append-only'); END",
                        'CREATE TRIGGER audit_events_refuse_delete BEFORE DELETE ON '
                        "audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is "
                        "append-only'); END"],
            'remove': ['DROP TRIGGER IF EXISTS audit_events_refuse_update',
                       'DROP TRIGGER IF EXISTS audit_events_refuse_delete']},
 'postgresql': {'install': ['CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS '
                            'trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '
                            "'audit_events is append-only'; END $$",
                            'CREATE TRIGGER audit_events_refuse_change BEFORE UPDATE OR DELETE '
                            'ON audit_events FOR EACH ROW EXECUTE FUNCTION '
                            'audit_events_refuse_change()'],
                'remove': ['DROP TRIGGER IF EXISTS audit_events_refuse_change ON audit_events',
                           'DROP FUNCTION IF EXISTS audit_events_refuse_change()']}}



def _run(triggers: dict[str, dict[str, list[str]]], which: str) -> None:
    bind = op.get_bind()
    for statement in triggers.get(bind.dialect.name, {}).get(which, []):
        bind.execute(sa.text(statement))


# The audit chain's hash as this migration computed it, frozen here (frontdoor/audit/chain.py
# may change how new rows are hashed; rows chained by this migration keep this definition).
GENESIS = "0" * 64
HASHED_FIELDS = (
    "id", "occurred_at", "user_id", "agency_id", "action", "object_type", "object_id",
    "purpose", "details",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def fields_hash(fields: Mapping[str, Any], prev_hash: str) -> str:
    content = {name: _canonical(fields[name]) for name in HASHED_FIELDS}
    payload = json.dumps(
        {"prev": prev_hash, "row": content}, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def upgrade() -> None:
    op.create_table('self_claimed_access',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('expires_at', UTCDateTime(), nullable=False),
    sa.Column('reviewed_at', UTCDateTime(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('review_outcome', sa.Enum('justified', 'not_justified', name='review_outcome', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('(person_id IS NULL) <> (family_id IS NULL)', name=op.f('ck_self_claimed_access_person_xor_family')),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_self_claimed_access_agency_id_agencies')),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_self_claimed_access_family_id_families')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_self_claimed_access_person_id_people')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_self_claimed_access_reviewed_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_self_claimed_access_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_claimed_access'))
    )
    for column in ('agency_id', 'family_id', 'person_id', 'user_id', 'expires_at'):
        op.create_index(op.f(f'ix_self_claimed_access_{column}'), 'self_claimed_access', [column], unique=False)
    op.create_table('totp_credentials',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.String(length=255), nullable=False),
    sa.Column('confirmed_at', UTCDateTime(), nullable=True),
    sa.Column('last_used_step', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_totp_credentials_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_totp_credentials'))
    )
    op.create_table('sign_in_failures',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('last_failed_at', UTCDateTime(), nullable=True),
    sa.Column('locked_until', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sign_in_failures_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_sign_in_failures'))
    )
    op.create_table('oidc_identities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=300), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_oidc_identities_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oidc_identities')),
    sa.UniqueConstraint('issuer', 'subject', name=op.f('uq_oidc_identities_issuer_subject'))
    )
    op.create_index(op.f('ix_oidc_identities_user_id'), 'oidc_identities', ['user_id'], unique=False)
    op.create_table('audit_chain_tip',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_event_id', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_tip'))
    )
    with op.batch_alter_table('audit_events') as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('row_hash', sa.String(length=64), nullable=True))
    _chain_existing_events()
    with op.batch_alter_table('audit_events') as batch_op:
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('row_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_audit_events_row_hash'), ['row_hash'])
    _run(TRIGGERS, "install")


def _chain_existing_events() -> None:
    """Events recorded before the chain existed are chained in their id order."""
    events = sa.table(
        'audit_events', *(sa.column(name) for name in (*HASHED_FIELDS, 'prev_hash', 'row_hash'))
    )
    events.c.occurred_at.type = UTCDateTime()
    events.c.details.type = sa.JSON()
    bind = op.get_bind()
    prev, last_id = GENESIS, 0
    for row in bind.execute(sa.select(*(events.c[n] for n in HASHED_FIELDS)).order_by(events.c.id)).mappings().all():
        digest = fields_hash(row, prev)
        bind.execute(events.update().where(events.c.id == row['id']).values(prev_hash=prev, row_hash=digest))
        prev, last_id = digest, row['id']
    if last_id:
        tip = sa.table('audit_chain_tip', sa.column('id'), sa.column('last_event_id'), sa.column('last_hash'))
        bind.execute(tip.insert().values(id=1, last_event_id=last_id, last_hash=prev))


def downgrade() -> None:
    _run(TRIGGERS, "remove")
    with op.batch_alter_table('audit_events') as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_events_row_hash'), type_='unique')
        batch_op.drop_column('row_hash')
        batch_op.drop_column('prev_hash')
    op.drop_table('audit_chain_tip')
    op.drop_index(op.f('ix_oidc_identities_user_id'), table_name='oidc_identities')
    op.drop_table('oidc_identities')
    op.drop_table('sign_in_failures')
    op.drop_table('totp_credentials')
    for column in ('agency_id', 'family_id', 'person_id', 'user_id', 'expires_at'):
        op.drop_index(op.f(f'ix_self_claimed_access_{column}'), table_name='self_claimed_access')
    op.drop_table('self_claimed_access')
