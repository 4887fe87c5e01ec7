from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length

from ..models import ReviewOutcome
from .claims import MIN_REASON_LENGTH


class ClaimForm(FlaskForm):
    reason = TextAreaField(
        "Why do you need to open this record?",
        validators=[
            DataRequired("Say why you need to open this record"),
            Length(
                min=MIN_REASON_LENGTH,
                max=2000,
                message=f"Give a reason of {MIN_REASON_LENGTH} to 2000 characters",
            ),
        ],
    )
    next = HiddenField()


class ReviewForm(FlaskForm):
    outcome = RadioField(
        "Was the access justified?",
        choices=[
            SelectChoice(ReviewOutcome.JUSTIFIED.value, "Justified"),
            SelectChoice(
                ReviewOutcome.NOT_JUSTIFIED.value, "Not justified: refer for investigation"
            ),
        ],
        validators=[
            DataRequired("Choose an outcome"),
            AnyOf([o.value for o in ReviewOutcome]),
        ],
    )
    note = TextAreaField("Note", validators=[Length(max=2000)])
