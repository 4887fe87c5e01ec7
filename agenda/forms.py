"""Forms of the agenda pages (CSRF comes with FlaskForm)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from frontdoor.models import PreparationKind

from .preparation import KIND_LABELS
from .schedule import WEEKDAY_NAMES

TIME = Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message="Enter a time like 09:30")


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PreparationForm(FlaskForm):
    kind = RadioField(
        "What is this?",
        choices=[SelectChoice(k.value, KIND_LABELS[k]) for k in PreparationKind],
        default=PreparationKind.FACT.value,
        validators=[DataRequired("Choose fact, opinion or not shared")],
    )
    text = TextAreaField(
        "What your agency knows",
        validators=[DataRequired("Enter what your agency knows"), Length(max=5000)],
    )
    withheld_reason = TextAreaField("Why it is not shared", validators=[Length(max=2000)])


class RemoveForm(FlaskForm):
    reason = StringField(
        "Reason for removing",
        validators=[DataRequired("Say why the family is being removed"), Length(max=500)],
    )


class DeferForm(FlaskForm):
    reason = StringField("Reason for deferring (optional)", validators=[Length(max=500)])


class ScheduleForm(FlaskForm):
    weekdays = CheckboxesField(
        "Meeting days",
        choices=[SelectChoice(str(n), name) for n, name in enumerate(WEEKDAY_NAMES, start=1)],
        validators=[DataRequired("Choose at least one meeting day")],
    )
    meeting_time = StringField("Meeting starts at", validators=[DataRequired(), TIME])
    build_time = StringField("Agenda is built (the cut-off) at", validators=[DataRequired(), TIME])


class NonMeetingDateForm(FlaskForm):
    day = DateField("Date", validators=[DataRequired("Enter a date like 2026-12-25")])
    reason = StringField("Reason", validators=[DataRequired("Enter a reason"), Length(max=200)])
