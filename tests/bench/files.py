"""The 20 MB file on its way through the portal: upload and download throughput, and how far
the resident memory of every process on the path (origin, web worker, documents) rises above
its idle level while the file passes.

The file goes through the curriculum file library (the operator may publish and read it),
which takes exactly the path of a trainee's upload: the streamed body, the spool file,
the content check, the blob store, the streamed download. Three routes: the web path as a
browser takes it (origin → web → documents: a session cookie from a login through the
development eID, the form's CSRF token as its first field, the file as a multipart form
with its Content-Length; the download through the library page), the API through the
origin, and the API direct to documents. Target: each process grows by less than 5 MB
over idle. Sampled every 5 ms from /proc; figures for comparing runs.
"""
from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import requests
import stack as portal
import web_session
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

MB = 1024 * 1024
SIZE = 20 * MB
ROUNDS = 5
PATH_ROLES = ("origin", "documents", "web")


def file_transfer(stack: portal.Stack, headers: dict[str, str]) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory(prefix="portal-bench-file-") as folder:
        pdf = _big_pdf(Path(folder) / "twenty.pdf")
        results: dict[str, dict[str, float]] = {}
        browser = web_session.WebPage.logged_in(stack, headers)
        browser.publish(pdf)  # warm every code path once
        results.update(_rounds(stack, lambda: browser.publish(pdf), browser.download, pdf,
                               "via web"))
        for route, base in (("via origin", stack.origin), ("direct", stack.direct["documents"])):
            api = f"{base}/api/documents/v1"
            _upload(api, headers, pdf)  # warm every code path once
            results.update(_rounds(stack, lambda a=api: _upload(a, headers, pdf),
                                   lambda i, a=api: _download(a, headers, i), pdf, route))
        return results


def _rounds(stack: portal.Stack, upload: Callable[[], str], download: Callable[[str], int],
            pdf: Path, route: str) -> dict[str, dict[str, float]]:
    pids = _path_pids(stack)
    up, down = Sampler(pids), Sampler(pids)
    up_rates, down_rates = [], []
    for _ in range(ROUNDS):
        with up:
            began = time.perf_counter()
            file_id = upload()
            up_rates.append(pdf.stat().st_size / MB / (time.perf_counter() - began))
        with down:
            began = time.perf_counter()
            size = download(file_id)
            down_rates.append(size / MB / (time.perf_counter() - began))
    return {f"upload 20 MB {route}": dict(_rates(up_rates), **up.growth_mb()),
            f"download 20 MB {route}": dict(_rates(down_rates), **down.growth_mb())}


def _upload(api: str, headers: dict[str, str], pdf: Path) -> str:
    response = requests.post(f"{api}/library/kbu/2017/files", headers=headers, timeout=120,
                             params={"title": "Bench", "category": "form"},
                             data=_chunks(pdf))
    response.raise_for_status()
    return str(response.json()["id"])


def _download(api: str, headers: dict[str, str], file_id: str) -> int:
    with requests.get(f"{api}/library/files/{file_id}/content", headers=headers,
                      stream=True, timeout=120) as response:
        response.raise_for_status()
        return sum(len(block) for block in response.iter_content(64 * 1024))


def _chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as source:
        while block := source.read(64 * 1024):
            yield block


def _big_pdf(path: Path) -> Path:
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    padding = DecodedStreamObject()
    padding.set_data(os.urandom(SIZE - 2000))
    page[NameObject("/Padding")] = writer._add_object(padding)
    with open(path, "wb") as out:
        writer.write(out)
    return path


def _path_pids(stack: portal.Stack) -> dict[str, int]:
    """origin, documents and the web worker (gunicorn's child, which serves the requests)."""
    found = {}
    processes = portal.descendants(stack.process.pid)
    for pid, cmdline in processes.items():
        for role in ("origin", "documents"):
            if f"services/{role}/config.yml" in cmdline or f"deploy/{role}.py" in cmdline:
                found.setdefault(role, pid)
        if "gunicorn" in cmdline and "gunicorn" in processes.get(_parent(pid), ""):
            found.setdefault("web", pid)
    return found


def _parent(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[1])


def _rates(rates: list[float]) -> dict[str, float]:
    ordered = sorted(rates)
    return {"n": len(ordered), "MB/s p50": round(ordered[len(ordered) // 2], 1),
            "MB/s min": round(ordered[0], 1)}


class Sampler:
    """Each process's highest resident memory while the block runs, over its idle level."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self.growth = dict.fromkeys(pids, 0)

    def __enter__(self) -> Sampler:
        self.idle = {role: portal.rss_kib(pid) or 0 for role, pid in self.pids.items()}
        self.peak = dict(self.idle)
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self) -> None:
        while self.running:
            for role, pid in self.pids.items():
                self.peak[role] = max(self.peak[role], portal.rss_kib(pid) or 0)
            time.sleep(0.005)

    def __exit__(self, *exc: object) -> None:
        self.running = False
        self.thread.join()
        for role in self.pids:
            self.growth[role] = max(self.growth[role], self.peak[role] - self.idle[role])

    def growth_mb(self) -> dict[str, float]:
        return {f"{role} +MB": round(kib / 1024, 1) for role, kib in self.growth.items()}
