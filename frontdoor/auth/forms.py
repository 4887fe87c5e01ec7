from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length, Regexp


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


class TwoFactorForm(FlaskForm):
    code = StringField(
        "Code from your authenticator app",
        validators=[
            DataRequired("Enter the 6-digit code"),
            Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message="Enter the 6-digit code"),
        ],
    )
