"""risk: the risk tool, an optional level, professional judgement and separation; MARAC
criteria, triage screening, MARAC referrals and urgent alerts (#14)

Revision ID: 0012_risk
Revises: 0011_session_devices
Create Date: 2026-12-04 20:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op



def UTCDateTime() -> sa.DateTime:  # noqa: N802 (the column type as of this migration)
    return sa.DateTime(timezone=True)

revision: str = "0012_risk"
down_revision: str | None = "0011_session_devices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TOOLS = ("DASH-ACPO", "DASH-SL", "DARA", "other", "not-completed")
_LEVELS = ("standard", "medium", "high")
_SECTIONS = ("incomplete_actions", "children", "adults_only", "review")
_SCREENINGS = ("urgent", "discuss", "single_agency", "information")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    # Referrals (#14): which tool assessed the risk; a level may be absent when none was completed.
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "risk_tool",
                _enum("risk_tool", *_TOOLS),
                nullable=False,
                server_default="DASH-ACPO",
            )  # fmt: skip
        )
        batch_op.add_column(sa.Column("risk_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("separation", sa.Boolean(), nullable=True))
        batch_op.alter_column(
            "dash_risk", existing_type=_enum("dash_risk", *_LEVELS), nullable=True
        )

    with op.batch_alter_table("agenda_item_states", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_agenda_item_states_agenda_section"), type_="check")
        batch_op.create_check_constraint(
            "agenda_section", sa.column("section").in_(("marac_criteria", *_SECTIONS))
        )
        batch_op.add_column(sa.Column("criteria", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("screening", _enum("screening", *_SCREENINGS), nullable=True))
        batch_op.add_column(sa.Column("screening_reason", sa.String(length=300), nullable=True))
        batch_op.add_column(
            sa.Column(
                "screening_by_coordinator", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(sa.Column("screening_agency_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_agenda_item_states_screening_agency_id_agencies"),
            "agencies", ["screening_agency_id"], ["id"],
        )  # fmt: skip
    _create_marac_referrals()
    _create_urgent_alerts()


def _create_marac_referrals() -> None:
    op.create_table(
        "marac_referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("marac_date", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("outcome_recorded_at", UTCDateTime(), nullable=True),
        sa.Column("outcome_recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_items.id"],
            name=op.f("fk_marac_referrals_agenda_item_id_agenda_items"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["family_id"], ["families.id"], name=op.f("fk_marac_referrals_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_marac_referrals_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["outcome_recorded_by_id"], ["users.id"],
            name=op.f("fk_marac_referrals_outcome_recorded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marac_referrals")),
        sa.UniqueConstraint("agenda_item_id", name=op.f("uq_marac_referrals_agenda_item_id")),
    )  # fmt: skip
    with op.batch_alter_table("marac_referrals") as batch_op:
        batch_op.create_index(batch_op.f("ix_marac_referrals_family_id"), ["family_id"])


def _create_urgent_alerts() -> None:
    op.create_table(
        "urgent_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("added_at", UTCDateTime(), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["users.id"], name=op.f("fk_urgent_alerts_added_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_urgent_alerts_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f("fk_urgent_alerts_referral_id_referrals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_urgent_alerts")),
        sa.UniqueConstraint("referral_id", name=op.f("uq_urgent_alerts_referral_id")),
    )


def downgrade() -> None:
    op.drop_table("urgent_alerts")
    with op.batch_alter_table("marac_referrals") as batch_op:
        batch_op.drop_index(batch_op.f("ix_marac_referrals_family_id"))
    op.drop_table("marac_referrals")
    with op.batch_alter_table("agenda_item_states", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_agenda_item_states_screening_agency_id_agencies"), type_="foreignkey"
        )
        batch_op.drop_constraint(op.f("ck_agenda_item_states_screening"), type_="check")
        for column in ("screening_agency_id", "screening_by_coordinator", "screening_reason",
                       "screening", "criteria"):  # fmt: skip
            batch_op.drop_column(column)
        batch_op.drop_constraint(op.f("ck_agenda_item_states_agenda_section"), type_="check")
        batch_op.create_check_constraint("agenda_section", sa.column("section").in_(_SECTIONS))
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.alter_column(
            "dash_risk", existing_type=_enum("dash_risk", *_LEVELS), nullable=False
        )
        batch_op.drop_constraint(op.f("ck_referrals_risk_tool"), type_="check")
        batch_op.drop_column("separation")
        batch_op.drop_column("risk_reason")
        batch_op.drop_column("risk_tool")
