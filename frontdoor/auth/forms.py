from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length


class SignInForm(FlaskForm):
    email = EmailField(
        "E-mail address",
        validators=[
            DataRequired("Enter your e-mail address"),
            Email("Enter a valid e-mail address"),
        ],
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password"), Length(max=1000)]
    )
