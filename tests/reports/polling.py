"""Rendering through `POST /api/reports/render` as a client does: a 202 is polled until the job is done, never
failed for the machine being slow."""

from __future__ import annotations

import time
from typing import Any

import httpx

from tests.conftest import Stack

RENDER = "/api/reports/render"


def rendered(stack: Stack, username: str, **body: Any) -> httpx.Response:
    """The file's response: answered at once, or the background job (202) polled and its file downloaded."""
    answer = stack.gateway.post(RENDER, json=body, headers=stack.auth(username))
    if answer.status_code != 202:
        return answer
    url = answer.headers["Location"]
    while (status := stack.gateway.get(url, headers=stack.auth(username)).json())["status"] == "running":
        time.sleep(0.2)
    assert status["status"] == "done", status
    return stack.gateway.get(status["download"], headers=stack.auth(username))
