from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from ..auth.passwords import MIN_PASSWORD_LENGTH
from ..models import ROLE_LABELS, AgencyKind


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AgencyForm(FlaskForm):
    name = StringField(
        "Agency name", validators=[DataRequired("Enter the agency's name"), Length(max=200)]
    )
    code = StringField(
        "Short code",
        validators=[
            DataRequired("Enter a short code"),
            Regexp(
                r"^[a-z0-9][a-z0-9-]{1,39}$",
                message="Use 2 to 40 lower-case letters, digits or hyphens",
            ),
        ],
    )
    kind = SelectField(
        "Kind of agency",
        choices=[SelectChoice(k.value, k.name.replace("_", " ").title()) for k in AgencyKind],
    )


class UserForm(FlaskForm):
    display_name = StringField(
        "Full name", validators=[DataRequired("Enter the user's name"), Length(max=200)]
    )
    email = EmailField(
        "E-mail address",
        validators=[DataRequired("Enter an e-mail address"), Email("Enter a valid e-mail address")],
    )
    agency_id = SelectField("Agency", coerce=int)
    roles = CheckboxesField(
        "Roles",
        choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()],
        validators=[DataRequired("Choose at least one role")],
    )
    password = PasswordField(
        "Initial password",
        validators=[
            Optional(),
            Length(
                min=MIN_PASSWORD_LENGTH, message=f"Use at least {MIN_PASSWORD_LENGTH} characters"
            ),
        ],
    )


class EditUserForm(UserForm):
    email = EmailField("E-mail address", render_kw={"readonly": True})


class PasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[
            DataRequired("Enter a password"),
            Length(
                min=MIN_PASSWORD_LENGTH, message=f"Use at least {MIN_PASSWORD_LENGTH} characters"
            ),
        ],
    )
