"""A browser's visit to the web front end, for the 20 MB file's web path: a login through the
development eID provider as a seeded person (the registration form at first login), the
session cookie kept as a browser keeps it, the CSRF token read from the page, the file sent
as a multipart form with its Content-Length and read from disk as it is sent, the download
read as it arrives. Every hop goes through the origin, as a browser's does."""
from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import requests
import stack as portal

CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
BLOCK = 64 * 1024
CURRICULUM = "kbu/2017"


class WebPage:
    names = ("Oda", "Olsen")  # the registration form's, at first login

    def __init__(self, base: str, session: requests.Session, headers: dict[str, str]) -> None:
        self.base, self.session, self.headers = base, session, headers
        self.token = ""

    @classmethod
    def logged_in(cls, stack: portal.Stack, headers: dict[str, str],
                  person: str = "oda-operator") -> WebPage:
        """Logged in (and registered) as ``person``; ``headers`` are the operator's API
        headers, used only to find the id of a file just published."""
        page = cls(stack.origin.replace("127.0.0.1", "localhost"), requests.Session(), headers)
        page.login("helseid", person, "/library/")
        page.token = page.csrf(page.get(f"/library/{CURRICULUM}"))  # the form's, once
        return page

    def login(self, eid: str, person: str, return_to: str) -> None:
        """Through the development eID ``eid`` as ``person``, as a browser follows it, and
        the registration form at first login."""
        answer = self.get("/auth/login", params={"eid": eid, "return_to": return_to})
        while answer.is_redirect and "person" not in answer.headers["Location"]:
            answer = self.get(answer.headers["Location"])
        provider = answer if answer.status_code == 200 else self.get(answer.headers["Location"])
        answer = self.send("POST", provider.url, data={"person": person})
        while answer.is_redirect:
            answer = self.get(answer.headers["Location"])
        if "registration" in answer.url:
            answer = self.register(answer)
        assert answer.status_code == 200, (answer.status_code, answer.url)

    def send(self, method: str, url: str, **kwargs: object) -> requests.Response:
        """One hop; the portal's cookies are ``Secure`` and this is plain http on loopback,
        so they are sent back as a browser does on localhost."""
        target = url if url.startswith("http") else self.base + url
        answer = self.session.request(method, target, allow_redirects=False, timeout=120,
                                      **kwargs)  # type: ignore[arg-type]
        for cookie in self.session.cookies:
            cookie.secure = False
        return answer

    def get(self, url: str, **kwargs: object) -> requests.Response:
        return self.send("GET", url, **kwargs)

    def register(self, form: requests.Response) -> requests.Response:
        """The registration form at first login, filled in with ``names``."""
        given, family = self.names
        fields = {"csrf_token": self.csrf(form), "given_name": given, "family_name": family,
                  "email": f"{given.lower()}-{uuid.uuid4().hex[:8]}@bench.example",
                  "mobile": "", "language": "en"}
        answer = self.send("POST", form.url, data=fields, headers={"Origin": self.base})
        while answer.is_redirect:
            answer = self.get(answer.headers["Location"])
        return answer

    @staticmethod
    def csrf(page: requests.Response) -> str:
        found = CSRF.search(page.text)
        assert found, "no CSRF token on " + page.url
        return found.group(1)

    def publish(self, pdf: Path) -> str:
        """Publish the file through the library page's form (its token read once, as from
        one page load); the new file's id."""
        form = MultipartFile({"csrf_token": self.token, "title": "Bench",
                              "category": "form"}, pdf)
        before = self._published()
        answer = self.send("POST", f"/library/{CURRICULUM}/publish", data=form,
                           headers={"Origin": self.base, "Content-Type": form.content_type,
                                    "Content-Length": str(len(form))})
        assert answer.status_code == 303, (answer.status_code, answer.text[:500])
        [new] = self._published() - before
        return new

    def download(self, file_id: str) -> int:
        with self.session.get(f"{self.base}/library/files/{file_id}/file", stream=True,
                              timeout=120) as answer:
            answer.raise_for_status()
            return sum(len(block) for block in answer.iter_content(BLOCK))

    def _published(self) -> set[str]:
        listed = requests.get(f"{self.base}/api/documents/v1/library/{CURRICULUM}/files",
                              headers=self.headers, timeout=30)
        listed.raise_for_status()
        return {str(f["id"]) for f in listed.json()}


class MultipartFile:
    """A form's small fields, then its file read from disk block by block (never whole)."""

    def __init__(self, fields: dict[str, str], path: Path) -> None:
        self.boundary = f"bench-{uuid.uuid4().hex}"
        self.path = path
        self.head = b"".join(
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            .encode() for k, v in fields.items()) + (
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{path.name}"\r\nContent-Type: application/pdf\r\n\r\n').encode()
        self.tail = f"\r\n--{self.boundary}--\r\n".encode()

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return len(self.head) + os.path.getsize(self.path) + len(self.tail)

    def __iter__(self) -> Iterator[bytes]:
        yield self.head
        with open(self.path, "rb") as source:
            while block := source.read(BLOCK):
                yield block
        yield self.tail
