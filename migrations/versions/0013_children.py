"""children: e-mail outbox, schools, Encompass notices, per-child decisions, FGC

Revision ID: 0013_children
Revises: 0012_risk
Create Date: 2026-12-04 20:58:42.165447
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op



revision: str = "0013_children"
down_revision: str | None = "0012_risk"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def UTCDateTime() -> sa.DateTime:  # noqa: N802 (the column type as of this migration)
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "school_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_terms")),
        sa.UniqueConstraint("starts_on", name=op.f("uq_school_terms_starts_on")),
    )
    op.create_table(
        "schools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("urn", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=120), nullable=True),
        sa.Column("phase", sa.String(length=60), nullable=True),
        sa.Column("status", sa.String(length=60), nullable=True),
        sa.Column("postcode", sa.String(length=16), nullable=True),
        sa.Column("local_authority", sa.String(length=120), nullable=True),
        sa.Column("key_adult_email", sa.String(length=254), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools")),
        sa.UniqueConstraint("urn", name=op.f("uq_schools_urn")),
    )
    op.create_table(
        "mail_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_mail_preferences_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_mail_preferences")),
    )
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=80), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "sent",
                "dead",
                name="outbox_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_outbox_messages_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_messages_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_reference"), ["reference"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outbox_messages_user_id"), ["user_id"], unique=False)

    op.create_table(
        "child_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "encompass",
                "health",
                name="notice_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("about", sa.String(length=20), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("person_record_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("school_text", sa.String(length=200), nullable=True),
        sa.Column("candidates", sa.Text(), nullable=True),
        sa.Column("recipient", sa.String(length=254), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "due",
                "sent",
                "acknowledged",
                "not_sent",
                name="notice_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "reason",
            sa.Enum(
                "no_school",
                "not_school_age",
                "not_in_register",
                "uncertain",
                "no_key_adult",
                "no_health_address",
                name="notice_reason",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("outbox_message_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("link_expires_at", UTCDateTime(), nullable=True),
        sa.Column("acknowledged_at", UTCDateTime(), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=120), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_message_id"],
            ["outbox_messages.id"],
            name=op.f("fk_child_notices_outbox_message_id_outbox_messages"),
        ),
        sa.ForeignKeyConstraint(
            ["person_record_id"],
            ["person_records.id"],
            name=op.f("fk_child_notices_person_record_id_person_records"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_child_notices_referral_id_referrals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_child_notices_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_notices")),
        sa.UniqueConstraint(
            "kind",
            "referral_id",
            "person_record_id",
            name=op.f("uq_child_notices_kind_referral_id_person_record_id"),
        ),
        sa.UniqueConstraint("token_hash", name=op.f("uq_child_notices_token_hash")),
    )
    with op.batch_alter_table("child_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_child_notices_due_at"), ["due_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_child_notices_referral_id"), ["referral_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("child_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_notices_referral_id"))
        batch_op.drop_index(batch_op.f("ix_child_notices_due_at"))

    op.drop_table("child_notices")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_messages_user_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_messages_reference"))
        batch_op.drop_index("ix_outbox_messages_due")

    op.drop_table("outbox_messages")
    op.drop_table("mail_preferences")
    op.drop_table("schools")
    op.drop_table("school_terms")
