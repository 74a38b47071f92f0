"""Settings for the test suite: the production settings with fast hashing, no HTTPS."""

import os

os.environ["NETCARE_TESTING"] = "1"

from netcare.config.settings import *  # noqa: F403
