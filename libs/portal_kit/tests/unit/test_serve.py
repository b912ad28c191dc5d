import io
import json

from portal_kit.serve import JsonLines, service_name


def guard():
    out = io.StringIO()
    return JsonLines(out, "stderr", "identity"), out


def lines(out):
    return [json.loads(line) for line in out.getvalue().splitlines()]


class TestJsonLines:
    def test_a_plain_line_becomes_a_json_warning_of_its_stream(self):
        stream, out = guard()
        stream.write("Eventlet is deprecated.\n")
        [entry] = lines(out)
        assert (entry["message"], entry["logger"], entry["level"], entry["service"]) == (
            "Eventlet is deprecated.", "stderr", "warning", "identity")

    def test_json_log_lines_pass_unchanged(self):
        stream, out = guard()
        line = '{"time": "2026-01-01T00:00:00+00:00", "level": "info", "message": "hi"}'
        stream.write(line + "\n")
        assert out.getvalue() == line + "\n"

    def test_a_line_written_in_pieces_is_one_entry_and_blank_lines_are_dropped(self):
        stream, out = guard()
        for piece in ("Traceback (most", " recent call last):", "\n", "\n", "  File x\n"):
            stream.write(piece)
        assert [e["message"] for e in lines(out)] == ["Traceback (most recent call last):",
                                                      "  File x"]

    def test_an_unfinished_last_line_is_written_when_closed(self):
        stream, out = guard()
        stream.write("bye")
        assert out.getvalue() == ""
        stream.close_line()
        assert [e["message"] for e in lines(out)] == ["bye"]


def test_the_service_is_named_after_its_module():
    assert service_name(["--config", "services/identity/config.yml",
                         "identity.entrypoints.service"]) == "identity"
