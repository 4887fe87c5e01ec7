"""Forms of the action pages (CSRF comes with FlaskForm)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from .service import MAX_NOTE


class UpdateForm(FlaskForm):
    note = TextAreaField(
        "Status update",
        validators=[DataRequired("Enter a note"), Length(max=MAX_NOTE)],
    )


class CompleteForm(FlaskForm):
    note = TextAreaField(
        "What was done",
        validators=[DataRequired("Say what was done"), Length(max=MAX_NOTE)],
    )


class DeclineForm(FlaskForm):
    reason = TextAreaField(
        "Why your agency cannot take this action",
        validators=[DataRequired("Say why your agency cannot take this action"), Length(max=2000)],
    )
