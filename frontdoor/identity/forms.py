"""Forms for the review queue and the who-is-in-contact look-up."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .lookup import MIN_PURPOSE_LENGTH


class LookupForm(FlaskForm):
    given_name = StringField("Given name", validators=[Optional(), Length(max=200)])
    surname = StringField("Surname", validators=[Optional(), Length(max=200)])
    date_of_birth = StringField("Date of birth", validators=[Optional(), Length(max=20)])
    postcode = StringField("Postcode", validators=[Optional(), Length(max=16)])
    nhs_number = StringField("NHS number", validators=[Optional(), Length(max=20)])
    purpose = TextAreaField(
        "Why do you need to know?",
        validators=[
            DataRequired("Say why you need to know"),
            Length(min=MIN_PURPOSE_LENGTH, max=500, message="Use 10 to 500 characters"),
        ],
    )


class SplitForm(FlaskForm):
    reason = StringField(
        "Why are these records a different person?",
        validators=[DataRequired("Give a reason"), Length(max=500)],
    )
