"""Serving the built SPA: files from `frontend/dist`, and `index.html` for the app's own routes."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from services.shared.errors import NotFound

router = APIRouter(include_in_schema=False)

NOT_BUILT = """<!doctype html><html lang="ru"><meta charset="utf-8"><title>Опора</title>
<body style="font-family:sans-serif;margin:3rem"><h1>Опора</h1>
<p>Интерфейс ещё не собран. Выполните <code>make run</code> (или <code>npm run build</code> в каталоге
<code>frontend/</code>), затем обновите страницу. API работает: <a href="/api/health">/api/health</a>.</p>
</body></html>"""


@router.get("/{path:path}")
def spa(path: str, request: Request) -> Response:
    if path == "api" or path.startswith("api/"):
        raise NotFound("Адрес не найден", code="not_found")
    dist: Path = request.app.state.settings.frontend_dist.resolve()
    index = dist / "index.html"
    if not index.exists():
        return HTMLResponse(NOT_BUILT, status_code=503)
    candidate = (dist / path).resolve()
    if path and candidate.is_file() and candidate.is_relative_to(dist):
        immutable = candidate.parent.name == "assets"
        headers = {"Cache-Control": "public, max-age=31536000, immutable"} if immutable else {}
        return FileResponse(candidate, headers=headers)
    return FileResponse(index, headers={"Cache-Control": "no-cache"})
