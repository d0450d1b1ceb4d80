"""The files clients ask for at fixed addresses, whatever the pages link to: robots.txt
(crawlers, which find the sitemap through it) and favicon.ico (browsers, feed readers and
bookmark tools that do not read a page's icon link)."""

from fastapi import Request
from fastapi.responses import FileResponse, PlainTextResponse

from app import PROJECT_ROOT
from app.web.links import absolute
from app.web.routing import GetHeadRouter

router = GetHeadRouter()
ICON = PROJECT_ROOT / "static" / "favicon.svg"  # the archive's one icon


@router.get("/robots.txt", include_in_schema=False)
async def robots(request: Request) -> PlainTextResponse:
    """Every page may be crawled; the sitemap is named by its absolute URL, as the robots
    protocol asks, on the host the crawler asked."""
    return PlainTextResponse(
        f"User-agent: *\nAllow: /\n\nSitemap: {absolute(request, '/sitemap.xml')}\n")


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> FileResponse:
    """The SVG icon under its type: browsers read an icon by its content type, not its name."""
    return FileResponse(ICON, media_type="image/svg+xml")
