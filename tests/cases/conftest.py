"""Case-model fixtures: the identity fixtures (referrals written as intake writes them) and the
live meeting's Socket.IO connection."""

from tests.identity.conftest import agency, refer  # noqa: F401  (fixtures)
from tests.live.conftest import connect  # noqa: F401  (fixture)
