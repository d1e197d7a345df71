"""``--download``: media files over HTTP(S), robustly enough for a four-hour run on a flaky host.

* **httpx**, one client for the run (connection reuse), environment proxies and
  ``.netrc`` ignored (``trust_env=False``): the URLs given are the only addresses reached.
* **Only http and https**, also after a redirect; ``file:``, ``data:``, ``ftp:``… are
  refused (WXR604). Redirects are followed by hand, at most ``max_redirects``; one to
  another host is allowed and reported (WXR605).
* **Bounded concurrency**: a pool of ``concurrency`` threads (downloads wait on the
  network, not on Python). Results are placed in input order by the calling thread, so
  deduplication and resume are deterministic whatever finishes first.
* **Timeouts** (connect, between reads, and per file for servers that trickle), and
  **retries** with exponential backoff on 408, 429, 5xx, timeouts and broken
  connections (a truncated body among them); ``Retry-After`` (seconds or a date) sets
  the wait, within ``backoff_max``. The sleep function is injectable (tests).
* **Checks**: the ``Content-Type`` must be allowed and agree with the extension (no HTML
  for a ``.jpg``), the body must stay under ``max_bytes`` (streamed: the download stops
  there), be complete, non-empty, and its first bytes must agree with the extension.
* **Resume**: a file the manifest (``.wxr-media.json``) lists, still present with the
  recorded size and SHA-256, is not requested again.
* **A missing variant** (404 for ``photo-300x200.jpg``) is replaced by its original.
* **One failure never stops the run**: every failure is a diagnostic in the result
  (WXR600, WXR601, WXR603, WXR604); ``strict`` turns them into errors at the end.
* A progress bar (tqdm) on standard error when it is a terminal.
"""

from __future__ import annotations

import email.utils
import hashlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx
from tqdm import tqdm

from wxr_tools import __version__
from wxr_tools.config import Config
from wxr_tools.digits import is_number
from wxr_tools.media.files import Done, Manifest
from wxr_tools.media.filetypes import SNIFF_BYTES, agrees, family_of, header_agrees, sniff
from wxr_tools.media.inventory import MediaFile
from wxr_tools.media.store import Destination, Store, StoreResult, originals_first

STAGING = ".wxr-media-partial"
"""Downloads in progress, under the output root (same file system: placed by a rename)."""

_REDIRECTS = frozenset((301, 302, 303, 307, 308))
_RETRIED = frozenset((408, 425, 429))


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """The ``[media]`` section of ``wxr.toml``; see ``defaults.toml`` for each key."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    file_timeout: float = 600.0
    retries: int = 4
    backoff: float = 1.0
    backoff_max: float = 60.0
    concurrency: int = 4
    max_bytes: int = 100 * 1024 * 1024
    max_redirects: int = 5
    content_types: tuple[str, ...] = (
        "image/",
        "audio/",
        "video/",
        "application/",
        "text/plain",
        "text/csv",
        "binary/octet-stream",
    )
    """Content-Type prefixes accepted (empty: any); HTML for a .jpg never is."""
    user_agent: str = f"wxr_tools/{__version__} (media download)"

    @classmethod
    def from_config(cls, config: Config) -> FetchOptions:
        section = config.section("media")
        return cls(
            connect_timeout=float(section["connect_timeout"]),
            read_timeout=float(section["read_timeout"]),
            file_timeout=float(section["file_timeout"]),
            retries=int(section["retries"]),
            backoff=float(section["backoff"]),
            backoff_max=float(section["backoff_max"]),
            concurrency=max(1, int(section["concurrency"])),
            max_bytes=int(section["max_bytes"]),
            max_redirects=int(section["max_redirects"]),
            content_types=tuple(str(t).lower() for t in section["content_types"]),
        )


def url_problem(url: str) -> str | None:
    """Why ``url`` is not fetched (not http/https, no host), or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"only http and https URLs are fetched, not {parts.scheme or 'a relative'} URL"
    if not parts.hostname:
        return "the URL has no host"
    return None


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds, or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if is_number(value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


@dataclass(slots=True)
class _Outcome:
    """What fetching one URL gave: a file, a verdict, or a reason to try again."""

    kind: str
    """``ok``, ``resumed``, ``missing`` (404/410), ``retry``, ``failed``; ``placed`` once
    the calling thread dealt with it."""
    temp: str = ""
    digest: tuple[str, int] | None = None
    resumed: Done | None = None
    code: str = ""
    message: str = ""
    wait: float | None = None
    notes: list[str] = field(default_factory=list)
    """Redirects to other hosts (WXR605)."""


class _TooBig(Exception):
    pass


class _Fetcher:
    """Fetches one URL into the staging folder; called from the pool's threads."""

    def __init__(
        self,
        client: httpx.Client,
        options: FetchOptions,
        sleep: Callable[[float], None],
        staging: str,
    ) -> None:
        self.client, self.options, self.sleep, self.staging = client, options, sleep, staging

    def get(self, file: MediaFile, root: str, manifest: Manifest) -> _Outcome:
        try:
            done = manifest.complete(root, file)
            if done is not None:
                return _Outcome("resumed", resumed=done)
            return self.fetch(file.url, file.path)
        except Exception as e:  # one file's trouble (a full disk…) must not end the run
            return _Outcome("failed", code="WXR603", message=f"{file.url}: {type(e).__name__}: {e}")

    def fetch(self, url: str, name: str) -> _Outcome:
        """``url`` downloaded (retried as needed), to be served under ``name``."""
        problem = url_problem(url)
        if problem is not None:
            return _Outcome("failed", code="WXR604", message=f"{url}: {problem}")
        opts = self.options
        notes: list[str] = []
        outcome = _Outcome("failed")
        for attempt in range(opts.retries + 1):
            outcome = self._attempt(url, name, notes)
            if outcome.kind != "retry":
                break
            if attempt < opts.retries:
                wait = opts.backoff * 2**attempt if outcome.wait is None else outcome.wait
                self.sleep(min(wait, opts.backoff_max))
        else:
            message = f"{url}: {outcome.message} ({opts.retries + 1} tries)"
            outcome = _Outcome("failed", code="WXR603", message=message)
        outcome.notes = list(dict.fromkeys(notes))
        return outcome

    def _attempt(self, url: str, name: str, notes: list[str]) -> _Outcome:
        current = url
        try:
            for _ in range(self.options.max_redirects + 1):
                with self.client.stream("GET", current) as response:
                    status = response.status_code
                    if status not in _REDIRECTS:
                        return self._response(url, name, response)
                    location = response.headers.get("location")
                    if not location:
                        message = f"{url}: HTTP {status} without a Location"
                        return _Outcome("failed", code="WXR603", message=message)
                    following = urljoin(current, location)
                    problem = url_problem(following)
                    if problem is not None:
                        message = f"{url}: redirected to {following}: {problem}"
                        return _Outcome("failed", code="WXR604", message=message)
                    if urlsplit(following).hostname != urlsplit(current).hostname:
                        notes.append(f"{url}: redirected to {following}")
                    current = following
        except httpx.TimeoutException:
            return _Outcome("retry", message="timed out")
        except httpx.TransportError as e:  # refused, reset, or closed before the end
            return _Outcome("retry", message=f"{type(e).__name__}: {e}")
        limit = self.options.max_redirects
        return _Outcome("failed", code="WXR604", message=f"{url}: more than {limit} redirects")

    def _response(self, url: str, name: str, response: httpx.Response) -> _Outcome:
        status = response.status_code
        if status in _RETRIED or status >= 500:
            wait = retry_after(response.headers.get("retry-after"))
            return _Outcome("retry", message=f"HTTP {status}", wait=wait)
        if status in (404, 410):
            return _Outcome("missing", code="WXR600", message=f"{url}: HTTP {status}")
        if status != 200:
            return _Outcome("failed", code="WXR603", message=f"{url}: HTTP {status}")
        problem = self._header_problem(name, response.headers)
        if problem is not None:
            return _Outcome("failed", code="WXR601", message=f"{url}: {problem}")
        return self._body(url, name, response)

    def _header_problem(self, name: str, headers: httpx.Headers) -> str | None:
        content_type = headers.get("content-type", "")
        mime = content_type.split(";", 1)[0].strip().lower()
        allowed = self.options.content_types
        if mime and allowed and not mime.startswith(allowed):
            return f"served as {mime}, which is not an allowed type"
        if mime and not header_agrees(name, mime):
            return f"served as {mime}, not as the {family_of(name) or 'file'} its name says"
        length = headers.get("content-length", "")
        if is_number(length) and int(length) > self.options.max_bytes:
            return f"{int(length):,} bytes, over the limit of {self.options.max_bytes:,}"
        return None

    def _body(self, url: str, name: str, response: httpx.Response) -> _Outcome:
        fd, temp = tempfile.mkstemp(dir=self.staging, suffix=".part")
        digest, size, head = hashlib.sha256(), 0, b""
        deadline = time.monotonic() + self.options.file_timeout
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.options.max_bytes:
                        raise _TooBig
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("the file took too long", request=response.request)
                    head += chunk[: max(0, SNIFF_BYTES - len(head))]
                    digest.update(chunk)
                    out.write(chunk)
        except _TooBig:
            os.unlink(temp)
            message = f"{url}: over the limit of {self.options.max_bytes:,} bytes"
            return _Outcome("failed", code="WXR601", message=message)
        except BaseException:
            os.unlink(temp)
            raise
        problem = self._body_problem(name, head, size, response.headers)
        if problem is not None:
            os.unlink(temp)
            if problem.startswith("truncated"):  # the connection broke: worth another try
                return _Outcome("retry", message=problem)
            return _Outcome("failed", code="WXR601", message=f"{url}: {problem}")
        return _Outcome("ok", temp=temp, digest=(digest.hexdigest(), size))

    @staticmethod
    def _body_problem(name: str, head: bytes, size: int, headers: httpx.Headers) -> str | None:
        length = headers.get("content-length", "")
        # httpx stops a short body itself; this is for servers that lie the other way
        # or encodings it undid (then the length is not the file's).
        if is_number(length) and "content-encoding" not in headers and int(length) != size:
            return f"truncated: {size:,} of {int(length):,} bytes"
        if size == 0:
            return "the response is empty"
        if not agrees(name, head):
            found = sniff(head) or "unrecognised"
            return f"its content is {found}, not the {family_of(name) or 'file'} its name says"
        return None


def new_client(options: FetchOptions) -> httpx.Client:
    """The client a run shares: timeouts, no redirects (followed by hand), no proxies."""
    return httpx.Client(
        timeout=httpx.Timeout(options.read_timeout, connect=options.connect_timeout),
        follow_redirects=False,
        trust_env=False,
        # identity: the bytes stored are the server's file, and max_bytes counts them.
        headers={"User-Agent": options.user_agent, "Accept-Encoding": "identity"},
        limits=httpx.Limits(max_connections=options.concurrency),
    )


def download(
    files: Iterable[MediaFile],
    root: str,
    destination: Destination,
    options: FetchOptions | None = None,
    *,
    dedupe: bool = True,
    strict: bool = False,
    progress: bool | None = None,
    sleep: Callable[[float], None] = time.sleep,
    client: httpx.Client | None = None,
) -> StoreResult:
    """Download ``files`` into ``root`` where ``destination`` says; see the module docstring.

    ``progress`` None shows a bar when standard error is a terminal. ``client`` is
    closed only when this function made it.
    """
    opts = options or FetchOptions()
    root = os.path.abspath(root)
    manifest = Manifest(root)
    store = Store(root, destination, dedupe=dedupe, manifest=manifest)
    staging = os.path.join(root, STAGING)
    os.makedirs(staging, exist_ok=True)
    own = client is None
    fetcher = _Fetcher(client or new_client(opts), opts, sleep, staging)
    ordered = originals_first(files)
    show = sys.stderr.isatty() if progress is None else progress
    pool = ThreadPoolExecutor(max_workers=opts.concurrency, thread_name_prefix="wxr-media")
    try:
        futures: list[Future[_Outcome]] = [
            pool.submit(fetcher.get, file, root, manifest) for file in ordered
        ]
        with tqdm(total=len(ordered), disable=not show, unit="file", leave=False) as bar:
            for n, (file, future) in enumerate(zip(ordered, futures, strict=True)):
                _settle(store, fetcher, file, future.result())
                bar.update(1)
                if n % 25 == 24:
                    manifest.save()  # a run killed later resumes from here
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        manifest.save()  # also when interrupted: what is placed need not be fetched again
        if own:
            fetcher.client.close()
        shutil.rmtree(staging, ignore_errors=True)
    return store.finish(strict)


def _settle(store: Store, fetcher: _Fetcher, file: MediaFile, outcome: _Outcome) -> None:
    """Place or report one file, in input order (the calling thread only)."""
    for note in outcome.notes:
        store.note(file, "WXR605", note)
    if outcome.kind == "missing" and file.original:
        outcome = _original_of(store, fetcher, file, outcome.message)
    if outcome.kind == "resumed" and outcome.resumed is not None:
        # Placed like a fresh download (from where it lies), so that deduplication and a
        # destination that changed since (another writer, another flavor) still hold.
        done = outcome.resumed
        use_original = done.from_original and bool(file.original)
        if use_original:
            store.note(file, "WXR602", f"{file.path} is missing: its original {file.original}")
        digest = (done.sha256, done.size)
        store.place(
            file, done.path, move=False, status="copied", from_original=use_original, digest=digest
        )
    elif outcome.kind == "ok":
        store.place(file, outcome.temp, move=True, status="downloaded", digest=outcome.digest)
    elif outcome.kind != "placed":
        store.fail(file, outcome.code or "WXR603", outcome.message)


def _original_of(store: Store, fetcher: _Fetcher, file: MediaFile, why: str) -> _Outcome:
    """A missing variant: its original, placed already (originals come first) or fetched."""
    message = f"{file.path} is missing ({why}): its original {file.original}"
    placed = store.placed(file.original, file.owner)
    if placed is not None:
        store.note(file, "WXR602", message)
        store.alias(file, placed)
        return _Outcome("placed")
    outcome = fetcher.fetch(file.original_url or file.url, file.original)
    for note in outcome.notes:
        store.note(file, "WXR605", note)
    if outcome.kind != "ok":
        return outcome
    store.note(file, "WXR602", message)
    digest = outcome.digest
    store.place(
        file, outcome.temp, move=True, status="downloaded", from_original=True, digest=digest
    )
    return _Outcome("placed")
