"""children in the meeting: CSC decision, voice, FGC

Revision ID: 0017_children_meeting
Revises: 0016_security_16b
Create Date: 2026-12-04 21:33:33.562514
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0017_children_meeting"
down_revision: str | None = "0016_security_16b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def UTCDateTime() -> sa.DateTime:  # noqa: N802 (the column type as of this migration)
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "child_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "decision",
            sa.Enum(
                "nfa",
                "early_help",
                "assessment",
                "strategy_s47",
                name="csc_decision",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("impact", sa.Text(), nullable=True),
        sa.Column("voice", sa.Text(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_child_records_agenda_item_id_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_child_records_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_child_records_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_child_records_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_records")),
        sa.UniqueConstraint(
            "agenda_item_id", "person_id", name=op.f("uq_child_records_agenda_item_id_person_id")
        ),
    )
    with op.batch_alter_table("child_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_child_records_agenda_item_id"), ["agenda_item_id"], unique=False
        )

    op.create_table(
        "fgc_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "agreed",
                "accepted",
                "declined",
                "held",
                name="fgc_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("proposed_by_id", sa.Integer(), nullable=False),
        sa.Column("agreed_by_id", sa.Integer(), nullable=True),
        sa.Column("agreed_at", UTCDateTime(), nullable=True),
        sa.Column("consent_recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("consent_recorded_at", UTCDateTime(), nullable=True),
        sa.Column("invitees", sa.Text(), nullable=True),
        sa.Column("perpetrator_requested", sa.Boolean(), nullable=False),
        sa.Column("perpetrator_acknowledges", sa.Boolean(), nullable=False),
        sa.Column("perpetrator_attends", sa.Boolean(), nullable=False),
        sa.Column("referral_action_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("unmet_needs", sa.String(length=400), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "NOT perpetrator_attends OR (perpetrator_requested AND perpetrator_acknowledges)",
            name=op.f("ck_fgc_offers_perpetrator_only_on_both_conditions"),
        ),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_fgc_offers_agenda_item_id_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["agreed_by_id"], ["users.id"], name=op.f("fk_fgc_offers_agreed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["consent_recorded_by_id"],
            ["users.id"],
            name=op.f("fk_fgc_offers_consent_recorded_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_fgc_offers_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"], ["users.id"], name=op.f("fk_fgc_offers_proposed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["referral_action_id"],
            ["actions.id"],
            name=op.f("fk_fgc_offers_referral_action_id_actions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fgc_offers")),
        sa.UniqueConstraint("agenda_item_id", name=op.f("uq_fgc_offers_agenda_item_id")),
    )
    with op.batch_alter_table("fgc_offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fgc_offers_family_id"), ["family_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fgc_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fgc_offers_family_id"))

    op.drop_table("fgc_offers")
    with op.batch_alter_table("child_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_records_agenda_item_id"))

    op.drop_table("child_records")
