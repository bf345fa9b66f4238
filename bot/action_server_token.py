"""The action server refuses calls without the shared token when ACTION_SERVER_TOKEN is set.

Rasa sends the token of its action endpoint (``token:`` in endpoints.production.yml) as the
``token`` query parameter of every call; the health check stays open for load balancers.
"""

from __future__ import annotations

import hmac
import os
from typing import Optional

import pluggy
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

hookimpl = pluggy.HookimplMarker("rasa_sdk")
OPEN_PATHS = ("/health",)


class ActionServerToken:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        token = os.environ.get("ACTION_SERVER_TOKEN")
        if not token:
            return

        async def require_token(request: Request) -> Optional[HTTPResponse]:
            if request.path in OPEN_PATHS or hmac.compare_digest(request.args.get("token", ""), token):
                return None
            return response.json({"error": "forbidden"}, status=403)

        app.register_middleware(require_token, "request")
