# Every test process is eventlet-patched first, as `nameko run` does.
import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

pytest_plugins = ["portal_kit.testing"]
