"""A stacked bar chart of weekly concerns by band, drawn as SVG on the server: no script, no
inline styles, nothing fetched from elsewhere. Pure: no database."""

from indicators.scoring import Band

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 44
# Colours for the bars (SVG presentation attributes, which the CSP allows).
FILLS = {
    Band.LOW: "#00703c",
    Band.MEDIUM: "#b58800",
    Band.HIGH: "#d4600e",
    Band.IMMEDIATE: "#a4282a",
}


def _nice_ceiling(value: int) -> int:
    for step in (4, 8, 12, 20, 40, 60, 100, 200, 400, 1000):
        if value <= step:
            return step
    magnitude = 10 ** (len(str(value)) - 1)
    return -(-value // magnitude) * magnitude


def trend_chart(trend: list[dict]) -> dict:
    """Geometry for the template: one stacked bar per week, gridlines and labels, the words
    written out here (the template drew sixty date filters a view)."""
    top_value = _nice_ceiling(max([week["total"] for week in trend] + [1]))
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(trend), 1)
    bar_width = slot * 0.6
    bars = []
    for index, week in enumerate(trend):
        x = LEFT + index * slot + (slot - bar_width) / 2
        base = HEIGHT - BOTTOM
        segments = []
        for band in Band:
            count = week["by_band"][band]
            if not count:
                continue
            height = plot_height * count / top_value
            base -= height
            segments.append(
                {
                    "y": round(base, 1),
                    "height": round(height, 1),
                    "fill": FILLS[band],
                    "title": f"Week of {week['week']:%-d %B}: {count} {band.label}",
                }
            )
        bars.append(
            {
                "x": round(x, 1),
                "width": round(bar_width, 1),
                "label_x": round(x + bar_width / 2, 1),
                "label": f"{week['week']:%-d %b}",
                "total": week["total"],
                "segments": segments,
            }
        )
    gridlines = [
        {"value": value, "y": round(HEIGHT - BOTTOM - plot_height * value / top_value, 1)}
        for value in (0, top_value // 2, top_value)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "axis_y": HEIGHT - BOTTOM,
        "label_y": HEIGHT - BOTTOM + 18,
        "bars": bars,
        "gridlines": gridlines,
        "legend": [{"label": band.label, "fill": FILLS[band]} for band in Band],
    }
