"""Settings shared by the CLI and the web app (environment prefix ARCHIVE_)."""

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app import PROJECT_ROOT


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ARCHIVE_", frozen=True)

    data_dir: Path = PROJECT_ROOT / "data"
    # Empty means "a SQLite file inside data_dir".
    database_url: str = ""
    # Empty means "data_dir / index".
    index_dir: Path | None = None
    seeds_dir: Path = PROJECT_ROOT / "seeds"
    tokenizer_engine: Literal["nlpo3", "newmm"] = "nlpo3"
    page_size: int = Field(default=10, ge=1, le=100)
    # Hits in a search export (CSV, JSON); an export cut at it says so.
    export_limit: int = Field(default=10_000, ge=1, le=100_000)

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if value and not value.startswith(("sqlite", "postgresql")):
            raise ValueError("database_url must be a sqlite:// or postgresql:// URL")
        return value

    @cached_property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'archive.sqlite3'}"

    @cached_property
    def index_path(self) -> Path:
        return self.index_dir or self.data_dir / "index"

    def ensure_dirs(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.index_path.mkdir(parents=True, exist_ok=True)
