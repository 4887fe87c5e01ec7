"""identity: the person index (blocking keys, name counts), review pairs, merge/split history

Revision ID: 0005_identity
Revises: 0004_security
Create Date: 2026-11-25 23:39:15
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0005_identity"
down_revision: str | None = "0004_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def UTCDateTime() -> sa.DateTime:  # noqa: N802 (the column type as of this migration)
    return sa.DateTime(timezone=True)

_UNRESOLVED = sa.text("resolution_status = 'unresolved'")


def upgrade() -> None:
    op.create_table(
        "identity_name_counts",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "value", name=op.f("pk_identity_name_counts")),
    )
    op.create_table(
        "identity_keys",
        sa.Column("key_hash", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("person_record_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_record_id"],
            ["person_records.id"],
            name=op.f("fk_identity_keys_person_record_id_person_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key_hash", "person_record_id", name=op.f("pk_identity_keys")),
    )
    op.create_table(
        "identity_review_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_record_id", sa.Integer(), nullable=False),
        sa.Column("candidate_person_id", sa.Integer(), nullable=False),
        sa.Column("candidate_record_id", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "confirmed",
                "rejected",
                "superseded",
                name="review_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_person_id"],
            ["people.id"],
            name=op.f("fk_identity_review_pairs_candidate_person_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["candidate_record_id"],
            ["person_records.id"],
            name=op.f("fk_identity_review_pairs_candidate_record_id_person_records"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_identity_review_pairs_decided_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["person_record_id"],
            ["person_records.id"],
            name=op.f("fk_identity_review_pairs_person_record_id_person_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_review_pairs")),
    )
    with op.batch_alter_table("identity_review_pairs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_identity_review_pairs_candidate_person_id"), ["candidate_person_id"]
        )
        batch_op.create_index(
            batch_op.f("ix_identity_review_pairs_person_record_id"), ["person_record_id"]
        )
        batch_op.create_index(batch_op.f("ix_identity_review_pairs_status"), ["status"])

    op.create_table(
        "person_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "merge",
                "split",
                name="person_change_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("from_person_id", sa.Integer(), nullable=False),
        sa.Column("to_person_id", sa.Integer(), nullable=False),
        sa.Column("record_ids", sa.JSON(), nullable=False),
        sa.Column("review_pair_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("performed_by_id", sa.Integer(), nullable=True),
        sa.Column("undone_at", UTCDateTime(), nullable=True),
        sa.Column("undone_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_person_id"], ["people.id"], name=op.f("fk_person_changes_from_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["performed_by_id"], ["users.id"], name=op.f("fk_person_changes_performed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["review_pair_id"],
            ["identity_review_pairs.id"],
            name=op.f("fk_person_changes_review_pair_id_identity_review_pairs"),
        ),
        sa.ForeignKeyConstraint(
            ["to_person_id"], ["people.id"], name=op.f("fk_person_changes_to_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["undone_by_id"], ["users.id"], name=op.f("fk_person_changes_undone_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_changes")),
    )
    with op.batch_alter_table("person_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_changes_from_person_id"), ["from_person_id"])
        batch_op.create_index(batch_op.f("ix_person_changes_to_person_id"), ["to_person_id"])

    with op.batch_alter_table("person_records", schema=None) as batch_op:
        batch_op.create_index(
            "ix_person_records_unresolved",
            ["id"],
            unique=False,
            sqlite_where=_UNRESOLVED,
            postgresql_where=_UNRESOLVED,
        )


def downgrade() -> None:
    with op.batch_alter_table("person_records", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_person_records_unresolved", sqlite_where=_UNRESOLVED, postgresql_where=_UNRESOLVED
        )
    with op.batch_alter_table("person_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_changes_to_person_id"))
        batch_op.drop_index(batch_op.f("ix_person_changes_from_person_id"))
    op.drop_table("person_changes")
    with op.batch_alter_table("identity_review_pairs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_review_pairs_status"))
        batch_op.drop_index(batch_op.f("ix_identity_review_pairs_person_record_id"))
        batch_op.drop_index(batch_op.f("ix_identity_review_pairs_candidate_person_id"))
    op.drop_table("identity_review_pairs")
    op.drop_table("identity_keys")
    op.drop_table("identity_name_counts")
