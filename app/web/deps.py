"""Request dependencies: the app's settings and one database session per request.

They are coroutines although they do no I/O: FastAPI runs a plain function dependency in its
thread pool, a hand-over each way per dependency per request (a sync generator twice, to enter
and to leave). Making a session object touches no connection, and closing it hands its
connection back to the pool (SQLite's is opened with check_same_thread=False), so both run on
the event loop, as the pages do (exports and feeds run in the thread pool).
"""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from app.config import Settings


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_session(request: Request) -> AsyncIterator[Session]:
    with request.app.state.sessions() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
