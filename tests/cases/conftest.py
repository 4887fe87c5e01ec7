"""Case-model fixtures: the identity fixtures (referrals written as intake writes them)."""

from tests.identity.conftest import agency, refer  # noqa: F401  (fixtures)
