"""The app's routers: every GET route also answers HEAD.

Link checkers and uptime monitors ask with HEAD. Starlette's own routes add HEAD to GET, but
FastAPI's do not (fastapi/fastapi#1773) and answered 405. FastAPI's way is a route for the HEAD
method: each GET route here gets a twin for HEAD, with the same endpoint, so the status and
headers are the GET's. The twin is left out of the OpenAPI schema (HEAD is implied by GET, and
two operations would share one operationId); the server (uvicorn, or the test client) sends
no body for HEAD.
"""

from fastapi import APIRouter


class GetHeadRouter(APIRouter):
    """An APIRouter whose GET routes are registered for HEAD too."""

    def add_api_route(self, path: str, endpoint, *, methods=None, **kwargs) -> None:
        super().add_api_route(path, endpoint, methods=methods, **kwargs)
        if "GET" in (methods or ["GET"]):
            super().add_api_route(path, endpoint, **{**kwargs, "methods": ["HEAD"],
                                                     "include_in_schema": False})
