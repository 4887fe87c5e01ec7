from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from ..auth.passwords import MIN_PASSWORD_LENGTH
from .factors import IDENTITY_CHECKS, RESET_REASONS


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    """A blank first choice: the administrator must pick one, not accept a default."""
    return [SelectChoice("", "Choose one"), *(SelectChoice(k, v) for k, v in labels.items())]


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        "Current password",
        validators=[DataRequired("Enter your current password"), Length(max=1000)],
    )
    new = PasswordField(
        "New password",
        validators=[
            DataRequired("Enter a new password"),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=1000,
                message=f"Use at least {MIN_PASSWORD_LENGTH} characters",
            ),
        ],
    )
    confirm = PasswordField(
        "New password again",
        validators=[
            DataRequired("Enter the new password again"),
            EqualTo("new", "The two new passwords are different"),
        ],
    )
    code = StringField(
        "Code from your authenticator app",
        validators=[Optional(), Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message="Enter the 6-digit code")],
    )


class EndSessionForm(FlaskForm):
    session_ref = HiddenField(validators=[DataRequired(), Length(max=64)])


class ResetTwoFactorForm(FlaskForm):
    reason = SelectField(
        "Why does the user need a new authenticator?",
        choices=_choices(RESET_REASONS),
        validators=[DataRequired("Choose the reason")],
    )
    identity_check = SelectField(
        "How did you confirm it was really them who asked?",
        choices=_choices(IDENTITY_CHECKS),
        validators=[DataRequired("Choose how you confirmed who asked")],
    )
