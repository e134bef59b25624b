"""The Starlette application: the 评分, 模板, 检查 and 方案 pages and the downloads."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.metadata
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from scoring.web import _jobs as jobs
from scoring.web._guard import LOOPBACK_HOSTS, BodyTooLarge, Guard
from scoring.web._i18n import DEFAULT_LANGUAGE, LANGUAGES, translator
from scoring.web._schemes import scheme_choices, scheme_table
from scoring.web._uploads import (
    MAX_UPLOAD_BYTES,
    UPLOAD_TTL_SECONDS,
    Upload,
    UploadRejected,
    UploadStore,
    check_type,
    safe_filename,
)

LANG_COOKIE = "jixiao_lang"
#: How often expired upload folders are looked for, in seconds.
SWEEP_SECONDS = 300
#: The report is a page of its own: inline styles and data-URI charts, nothing else.
REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"
NAV = (("score", "/score"), ("template", "/template"), ("check", "/check"),
       ("schemes", "/schemes"))
_CHUNK = 1024 * 1024
_MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "template": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _version() -> str:
    try:
        return importlib.metadata.version("jixiao")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("scoring.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def language_of(request: Request | Scope) -> str:
    """The language chosen with the switch (a cookie), else Chinese."""
    cookies = request.cookies if isinstance(request, Request) else Request(request).cookies
    chosen = cookies.get(LANG_COOKIE, DEFAULT_LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


class Pages:
    """Renders the pages and handles the uploads of one application."""

    def __init__(self, store: UploadStore, max_upload: int) -> None:
        self.store = store
        self.max_upload = max_upload
        self.env = _environment()
        self.version = _version()

    # rendering -----------------------------------------------------------------------------

    def html(self, name: str, language: str, page: str, status: int = 200,
             **context: Any) -> HTMLResponse:
        """A page rendered in ``language``."""
        return HTMLResponse(self.text(name, language, page, **context), status_code=status)

    def text(self, name: str, language: str, page: str, **context: Any) -> str:
        """A page's HTML text."""
        from scoring.sources.reader import DEFAULT_SCHEME

        return self.env.get_template(name).render(
            t=translator(language), lang=language, page=page, nav=NAV,
            max_mb=self.max_upload // (1024 * 1024), max_bytes=self.max_upload,
            version=self.version, schemes=scheme_choices(), default_scheme=DEFAULT_SCHEME,
            **context,
        )

    def refusal(self, scope: Scope, status: int, key: str) -> Response:
        """The page shown for a refused request."""
        language = language_of(scope)
        t = translator(language)
        message = t(f"error.{key}", mb=self.max_upload // (1024 * 1024))
        return self.html("error.html.j2", language, "", status, message=message)

    def problem(self, request: Request, page: str, template: str, status: int, key: str,
                detail: str = "", **context: Any) -> HTMLResponse:
        """The page again, with the message of an unusable upload."""
        language = language_of(request)
        t = translator(language)
        allowed = ", ".join(sorted(context.pop("allowed", ())))
        message = t(f"error.{key}", detail=detail, allowed=allowed,
                    mb=self.max_upload // (1024 * 1024))
        return self.html(template, language, page, status, error=message, **context)

    # uploads -------------------------------------------------------------------------------

    async def receive(self, request: Request, allowed: frozenset[str],
                      ) -> tuple[Upload, Path, str, dict[str, str]]:
        """Save the uploaded file into a new upload folder and check its type.

        Returns the upload, the saved path, its display name and the other form fields.
        """
        try:
            form = await request.form(max_files=1, max_fields=8, max_part_size=64 * 1024)
        except BodyTooLarge:
            raise UploadRejected("too_big") from None
        fields = {key: value for key, value in form.items() if isinstance(value, str)}
        upload_file = form.get("file")
        if not isinstance(upload_file, UploadFile) or not upload_file.filename:
            await form.close()
            raise UploadRejected("no_file")
        name = safe_filename(upload_file.filename)
        upload = self.store.new()
        (upload.folder / "in").mkdir()
        saved = upload.folder / "in" / name
        try:
            size = 0
            with saved.open("wb") as sink:
                while chunk := await upload_file.read(_CHUNK):
                    size += len(chunk)
                    if size > self.max_upload:
                        raise UploadRejected("too_big")
                    sink.write(chunk)
            await form.close()
            check_type(saved, allowed)
        except UploadRejected:
            self.store.remove(upload)
            raise
        return upload, saved, name, fields

    def scheme_of(self, fields: dict[str, str]) -> str | None:
        """The scheme chosen in the form; None for the default; unknown names rejected."""
        chosen = fields.get("scheme", "").strip()
        if not chosen:
            return None
        if chosen not in scheme_choices():
            raise UploadRejected("bad_scheme", chosen)
        return chosen

    # pages ---------------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        return RedirectResponse("/score", 303)

    async def score_form(self, request: Request) -> Response:
        deleted = request.query_params.get("deleted") == "1"
        return self.html("score.html.j2", language_of(request), "score", deleted=deleted)

    async def score(self, request: Request) -> Response:
        try:
            upload, saved, name, fields = await self.receive(request, jobs.SCORE_TYPES)
        except UploadRejected as exc:
            return self.problem(request, "score", "score.html.j2", _status(exc), exc.key,
                                exc.detail, allowed=jobs.SCORE_TYPES)
        try:
            scheme = self.scheme_of(fields)
            source = jobs.source_path(upload, saved, saved.suffix.lower())
            outcome = await asyncio.to_thread(jobs.score_upload, upload, source, name, scheme)
        except (UploadRejected, jobs.JobError) as exc:
            self.store.remove(upload)
            return self.problem(request, "score", "score.html.j2", 400, exc.key,
                                exc.detail, allowed=jobs.SCORE_TYPES)
        _discard_input(upload)
        upload.offer(outcome.downloads)
        for language in LANGUAGES:
            page = self.text("score.html.j2", language, "score", outcome=outcome,
                             upload_id=upload.id, file_name=name, here=f"/score/{upload.id}")
            (upload.folder / f"page.{language}.html").write_text(page, encoding="utf-8")
        return RedirectResponse(f"/score/{upload.id}", 303)

    async def score_result(self, request: Request) -> Response:
        upload = self.store.get(request.path_params["upload_id"])
        language = language_of(request)
        page = upload.folder / f"page.{language}.html" if upload else None
        if page is None or not page.is_file():
            return self.html("error.html.j2", language, "score", 404,
                             message=translator(language)("error.gone"))
        return HTMLResponse(page.read_text(encoding="utf-8"))

    async def template_form(self, request: Request) -> Response:
        return self.html("template.html.j2", language_of(request), "template")

    async def template(self, request: Request) -> Response:
        try:
            upload, saved, name, _ = await self.receive(request, jobs.TEMPLATE_TYPES)
        except UploadRejected as exc:
            return self.problem(request, "template", "template.html.j2", _status(exc), exc.key,
                                exc.detail, allowed=jobs.TEMPLATE_TYPES)
        try:
            source = jobs.source_path(upload, saved, saved.suffix.lower())
            outcome = await asyncio.to_thread(jobs.template_upload, upload, source, name)
        except (UploadRejected, jobs.JobError) as exc:
            self.store.remove(upload)
            return self.problem(request, "template", "template.html.j2", 400, exc.key,
                                exc.detail, allowed=jobs.TEMPLATE_TYPES)
        _discard_input(upload)
        upload.offer({"template": outcome.path})
        return self.html("template.html.j2", language_of(request), "template",
                         outcome=outcome, upload_id=upload.id)

    async def check_form(self, request: Request) -> Response:
        return self.html("check.html.j2", language_of(request), "check", mode="lint")

    async def check(self, request: Request) -> Response:
        try:
            upload, saved, name, fields = await self.receive(request, jobs.CHECK_TYPES)
        except UploadRejected as exc:
            return self.problem(request, "check", "check.html.j2", _status(exc), exc.key,
                                exc.detail, allowed=jobs.CHECK_TYPES, mode="lint")
        mode = "check" if fields.get("mode") == "check" else "lint"
        try:
            scheme = self.scheme_of(fields)
            source = jobs.source_path(upload, saved, saved.suffix.lower())
            if mode == "lint":
                outcome: Any = await asyncio.to_thread(jobs.lint_upload, upload, source, name,
                                                       scheme)
            else:
                outcome = await asyncio.to_thread(jobs.check_upload, upload, source, scheme)
        except (UploadRejected, jobs.JobError) as exc:
            return self.problem(request, "check", "check.html.j2", 400, exc.key, exc.detail,
                                allowed=jobs.CHECK_TYPES, mode=mode)
        finally:
            self.store.remove(upload)
        return self.html("check.html.j2", language_of(request), "check", mode=mode,
                         outcome=outcome, file_name=name)

    async def schemes(self, request: Request) -> Response:
        return self.html("schemes.html.j2", language_of(request), "schemes",
                         rows=scheme_table())

    async def download(self, request: Request) -> Response:
        upload = self.store.get(request.path_params["upload_id"])
        key = request.path_params["key"]
        path = upload.download(key) if upload else None
        if upload is None or path is None:
            language = language_of(request)
            return self.html("error.html.j2", language, "", 404,
                             message=translator(language)("error.gone"))
        finished = upload.fetched(key)
        response = FileResponse(
            path, media_type=_MEDIA.get(key), filename=path.name,
            background=BackgroundTask(self.store.remove, upload) if finished else None,
        )
        if key == "html":
            response.headers["content-security-policy"] = REPORT_POLICY
        return response

    async def delete(self, request: Request) -> Response:
        upload = self.store.get(request.path_params["upload_id"])
        if upload is not None:
            self.store.remove(upload)
        return RedirectResponse("/score?deleted=1", 303)

    async def language(self, request: Request) -> Response:
        chosen = request.path_params["code"]
        target = request.query_params.get("next", "/")
        if not target.startswith("/") or target.startswith("//"):
            target = "/"
        response = RedirectResponse(target, 303)
        if chosen in LANGUAGES:
            response.set_cookie(LANG_COOKIE, chosen, samesite="strict", max_age=365 * 86400)
        return response

    async def not_found(self, request: Request, exc: Exception) -> Response:
        language = language_of(request)
        return self.html("error.html.j2", language, "", 404,
                         message=translator(language)("error.not_found"))


def _status(exc: UploadRejected) -> int:
    return 413 if exc.key == "too_big" else 400


def _discard_input(upload: Upload) -> None:
    """The uploaded file and anything unpacked from it are not kept once outputs exist."""
    for name in ("in", "folder"):
        shutil.rmtree(upload.folder / name, ignore_errors=True)


def create_app(*, token: str | None = None, host: str = "127.0.0.1",
               max_upload: int = MAX_UPLOAD_BYTES, ttl: float = UPLOAD_TTL_SECONDS,
               root: Path | None = None) -> Guard:
    """The application behind its guard.

    ``host`` is the address served: on a loopback address only loopback Host headers are
    accepted; elsewhere ``token`` is required (in the address once, then in a cookie).
    Uploads live under ``root`` (a new temporary folder by default, removed at shutdown).
    """
    loopback = host in LOOPBACK_HOSTS
    if not loopback and not token:
        raise ValueError(f"serving on {host} needs an access token")
    own_root = root is None
    store = UploadStore(Path(tempfile.mkdtemp(prefix="jixiao-web-")) if root is None else root,
                        ttl=ttl)
    pages = Pages(store, max_upload)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        sweeper = asyncio.create_task(_sweep_forever(store.sweep))
        try:
            yield
        finally:
            sweeper.cancel()
            if own_root:
                shutil.rmtree(store.root, ignore_errors=True)

    routes = [
        Route("/", pages.home),
        Route("/score", pages.score_form, methods=["GET"]),
        Route("/score", pages.score, methods=["POST"]),
        Route("/score/{upload_id}", pages.score_result, methods=["GET"]),
        Route("/template", pages.template_form, methods=["GET"]),
        Route("/template", pages.template, methods=["POST"]),
        Route("/check", pages.check_form, methods=["GET"]),
        Route("/check", pages.check, methods=["POST"]),
        Route("/schemes", pages.schemes, methods=["GET"]),
        Route("/download/{upload_id}/{key}", pages.download, methods=["GET"]),
        Route("/delete/{upload_id}", pages.delete, methods=["POST"]),
        Route("/lang/{code}", pages.language, methods=["GET"]),
        Mount("/static", StaticFiles(packages=[("scoring.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={404: pages.not_found})
    app.state.store = store
    return Guard(app, reject=pages.refusal, max_body=max_upload + 1024 * 1024,
                 token=None if loopback else token,
                 allowed_hosts=LOOPBACK_HOSTS if loopback else None)


async def _sweep_forever(sweep: Callable[[], int]) -> None:
    while True:
        await asyncio.to_thread(sweep)
        await asyncio.sleep(SWEEP_SECONDS)
