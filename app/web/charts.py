"""The engagements-per-year chart, laid out here and drawn as inline SVG by the template, so it
reads without JavaScript; the same numbers are given as a table for screen readers."""

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 200
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 36, 28, 12
MAX_BAR = 48  # a year's bar is never wider, however few years there are


@dataclass(frozen=True)
class Bar:
    year: int
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class YearChart:
    bars: list[Bar]
    ticks: list[tuple[int, float]]  # (value, y) of the horizontal grid lines
    width: int = WIDTH
    height: int = HEIGHT
    left: int = MARGIN_LEFT
    baseline: float = HEIGHT - MARGIN_BOTTOM

    @property
    def total(self) -> int:
        return sum(b.count for b in self.bars)


def year_chart(per_year: dict[int, int], years: range | None = None, top: int | None = None
               ) -> YearChart:
    """Bars for every year in `years` (default: first to last year with articles, gaps shown
    as empty years), scaled to `top` (default: the largest count), so that two charts side by
    side can share their axes."""
    if years is None:
        years = range(min(per_year), max(per_year) + 1) if per_year else range(0)
    top = max(top or 0, max(per_year.values(), default=0), 1)
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    slot = (WIDTH - MARGIN_LEFT) / max(len(years), 1)
    bars = []
    for i, year in enumerate(years):
        count = per_year.get(year, 0)
        height = plot_height * count / top
        width = min(slot * 0.7, MAX_BAR)
        bars.append(Bar(year, count, MARGIN_LEFT + i * slot + (slot - width) / 2,
                        HEIGHT - MARGIN_BOTTOM - height, width, height))
    step = _nice_step(top)
    ticks = [(v, HEIGHT - MARGIN_BOTTOM - plot_height * v / top) for v in range(0, top + 1, step)]
    return YearChart(bars, ticks)


def _nice_step(top: int) -> int:
    """The first of 1, 2, 5, 10, 20, 50… giving at most five grid lines."""
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            if top / step <= 5:
                return step
        power *= 10
