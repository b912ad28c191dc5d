"""Made-up methods and paths cannot grow the number of Prometheus series."""
import random
import string

import requests
from prometheus_client.parser import text_string_to_metric_families

from portal_kit.testing import base_url

METRICS = ("portal_http_requests_total", "portal_http_request_duration_seconds")


def series(url):
    text = requests.get(f"{url}/metrics", timeout=10).text
    return {(sample.name, tuple(sorted(sample.labels.items())))
            for family in text_string_to_metric_families(text) if family.name in METRICS
            for sample in family.samples}


def made_up_requests(url, count, seed):
    rng = random.Random(seed)
    for _ in range(count):
        method = "".join(rng.choices(string.ascii_uppercase, k=rng.randint(3, 12)))
        path = "/" + "/".join("".join(rng.choices(string.ascii_lowercase + string.digits, k=8))
                              for _ in range(rng.randint(1, 4)))
        requests.request(method, f"{url}{path}", timeout=10)
        requests.request(rng.choice(["GET", "POST", "DELETE"]), f"{url}{path}", timeout=10)
        requests.request(method, f"{url}/api/ledger/v1/notes", timeout=10)


def test_many_requests_with_made_up_methods_and_paths_leave_the_series_bounded(
        ledger, ledger_config):
    url = base_url(ledger_config)
    series(url)  # the metrics request itself is a series too
    made_up_requests(url, 100, seed=1)
    after_first = series(url)
    made_up_requests(url, 100, seed=2)
    after_second = series(url)
    assert after_second == after_first
    ours = [dict(labels) for _, labels in after_second if dict(labels)["service"] == "ledger"]
    assert {s["method"] for s in ours} <= {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
                                          "OPTIONS", "OTHER"}
    templates = {entrypoint.url for entrypoint in ledger.entrypoints if hasattr(entrypoint, "url")}
    assert {s["route"] for s in ours} <= templates | {"unmatched"}
    assert {"OTHER", "unmatched"} <= {s["method"] for s in ours} | {s["route"] for s in ours}
