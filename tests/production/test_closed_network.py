"""A data centre without internet: the API docs load Swagger UI from the project, never from a CDN."""

from __future__ import annotations

import re

from tests.conftest import Stack


def test_the_docs_of_every_service_load_their_assets_from_the_project(stack: Stack) -> None:
    for name in ("identification", "roadmap", "reports"):
        page = stack.gateway.get(f"/api/{name}/docs")
        assert page.status_code == 200 and "SwaggerUIBundle" in page.text, name
        sources = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text) + re.findall(r"url: '([^']+)'", page.text)
        assert sources and all(source.startswith(f"/api/{name}/") for source in sources), sources
        for source in sources:
            asset = stack.gateway.get(source)
            assert asset.status_code == 200 and asset.content, source
    gateway = stack.gateway.get("/api/gateway/docs")
    assert gateway.status_code == 200 and "cdn" not in gateway.text
