# Every test process is eventlet-patched first, as `nameko run` does.
import eventlet

eventlet.monkey_patch()

pytest_plugins = ["portal_kit.testing"]
