"""The archive's tables: articles, their sources, partner countries and the people they name."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Alembic's batch mode on SQLite needs every constraint to have a predictable name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Source(Base):
    """Who published an article (a government site, a newspaper), known by its name."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    homepage: Mapped[str | None] = mapped_column(String(500))

    articles: Mapped[list["Article"]] = relationship(back_populates="source")


class Country(Base):
    """An ISO 3166-1 country with its English and Thai names (from CLDR)."""

    __tablename__ = "countries"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_th: Mapped[str] = mapped_column(String(200))


class ArticleCountry(Base):
    """A partner country of an article."""

    __tablename__ = "article_countries"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    # Indexed on its own too: a country's page looks its articles up by code.
    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code"), primary_key=True, index=True
    )

    country: Mapped[Country] = relationship()


class Person(Base):
    """A minister or official; one row per person whatever the script or spelling."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    name_th: Mapped[str | None] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    country_code: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))

    country: Mapped[Country | None] = relationship()
    mentions: Mapped[list["Mention"]] = relationship(back_populates="person")

    @property
    def display_name(self) -> str:
        if self.name_th and self.name_en:
            return f"{self.name_th} ({self.name_en})"
        return self.name_th or self.name_en or self.slug


class FormerSlug(Base):
    """A slug a person's page had before (e.g. their name as written, before the reference list
    gave them an id): links to it redirect to the person's current page."""

    __tablename__ = "former_slugs"

    slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))


class Mention(Base):
    """A person named in an article, with the role the article gives them."""

    __tablename__ = "mentions"
    # A person's page looks their mentions up by person, and counts the spellings of their
    # name: with the spelling in the index that count reads the index alone, without sorting
    # (8,000 mentions of one prime minister: 5.7 -> 0.7 ms).
    __table_args__ = (Index("ix_mentions_person_id_name", "person_id", "name_as_written"),)

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    name_as_written: Mapped[str] = mapped_column(String(300))
    role: Mapped[str | None] = mapped_column(String(500))

    article: Mapped["Article"] = relationship(back_populates="mentions")
    person: Mapped[Person] = relationship(back_populates="mentions")


class Article(Base):
    """One news article, normalized; its permalink never depends on insertion order."""

    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("permalink"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    permalink: Mapped[str] = mapped_column(String(64))
    # Where the raw file came from (path or archive member), to update a changed file in place.
    origin: Mapped[str] = mapped_column(String(1000), index=True)
    # Hash of the raw bytes: an unchanged file is skipped before any parsing.
    raw_sha256: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str] = mapped_column(String(10))  # day | month | year | unknown
    lang: Mapped[str] = mapped_column(String(2), index=True)
    source_url: Mapped[str | None] = mapped_column(String(1000))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    body: Mapped[str] = mapped_column(Text)
    # Hash of the letters of title and body: a repost of the same text finds its original.
    content_key: Mapped[str | None] = mapped_column(String(64), index=True)
    # The relevance verdict: bilateral cyber cooperation or not, its score and evidence (JSON).
    relevant: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    relevance_score: Mapped[float] = mapped_column(Float, default=0.0)
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    # Set with every change to the article (same transaction), cleared once the search index
    # holds this version: a run killed between the two leaves it set for the next run.
    index_pending: Mapped[bool] = mapped_column(Boolean, default=True, server_default=false(),
                                                index=True)
    ingested_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )

    source: Mapped[Source | None] = relationship(back_populates="articles")
    partner_links: Mapped[list[ArticleCountry]] = relationship(
        cascade="all, delete-orphan", order_by=ArticleCountry.country_code
    )
    mentions: Mapped[list[Mention]] = relationship(
        back_populates="article", cascade="all, delete-orphan"
    )

    duplicates: Mapped[list["Duplicate"]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="Duplicate.origin"
    )

    @property
    def partner_codes(self) -> list[str]:
        return [link.country_code for link in self.partner_links]


class Duplicate(Base):
    """A file that repeats an article already in the archive (a repost, same or nearly the same
    text). It is not a second article: it is linked to the first, and its permalink redirects."""

    __tablename__ = "duplicates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    origin: Mapped[str] = mapped_column(String(1000), unique=True)
    raw_sha256: Mapped[str] = mapped_column(String(64))
    permalink: Mapped[str] = mapped_column(String(64), index=True)
    source_url: Mapped[str | None] = mapped_column(String(1000))
    title: Mapped[str] = mapped_column(Text)
    similarity: Mapped[float] = mapped_column(Float)

    article: Mapped[Article] = relationship(back_populates="duplicates")


class ArchiveMeta(Base):
    """Facts about the archive as a whole, e.g. which analysis produced its verdicts."""

    __tablename__ = "archive_meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
