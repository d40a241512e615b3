"""Bar charts on screen (QtCharts): one series of counts with their category labels.

Only the dashboard imports this module, and only when its tab is first shown: QtCharts takes
a noticeable time to load and start-up has a tight budget.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QApplication, QWidget

BAR_COLOUR = QColor("#2f5597")  # the blue of the report charts (exports.charts)
MIN_HEIGHT = 220
# Room a horizontal chart needs besides its bars: title, value axis, margins.
CHART_CHROME = 110
ROW_GAP = 8


def nice_scale(value: float) -> tuple[int, int]:
    """A round top a little above ``value`` (room for the labels on the bars) and its tick step."""
    top = max(1.0, value * 1.15)
    step = 1
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000):
        if top / step <= 6:
            break
    return int(-(-top // step) * step), step


class BarChart(QChartView):
    """A titled bar chart of counts; ``set_data`` replaces the bars.

    ``horizontal`` lays the bars sideways, for long category names that would not fit
    under vertical bars; the first label is then at the top.
    """

    def __init__(
        self,
        title: str,
        colour: QColor = BAR_COLOUR,
        parent: QWidget | None = None,
        *,
        horizontal: bool = False,
    ) -> None:
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.colour = colour
        self.horizontal = horizontal
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(MIN_HEIGHT)
        chart = self.chart_
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setVisible(False)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        # QtCharts does not follow the application font: give it the Chinese one explicitly.
        font = QFont(QApplication.font())
        title_font = QFont(font)
        title_font.setBold(True)
        title_font.setPointSizeF(font.pointSizeF() * 1.1)
        chart.setTitleFont(title_font)
        chart.setTitle(title)
        self.series: QAbstractBarSeries = QHorizontalBarSeries() if horizontal else QBarSeries()
        self.series.setLabelsVisible(True)
        self.series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        self.series.setLabelsFormat("@value")
        chart.addSeries(self.series)
        self.axis_categories = QBarCategoryAxis()
        self.axis_categories.setLabelsFont(font)
        self.axis_categories.setTruncateLabels(False)  # a cut name ("人大…") says nothing
        self.axis_values = QValueAxis()
        self.axis_values.setLabelFormat("%d")
        self.axis_values.setLabelsFont(font)
        category_side = Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
        value_side = Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
        chart.addAxis(self.axis_categories, category_side)
        chart.addAxis(self.axis_values, value_side)
        self.series.attachAxis(self.axis_categories)
        self.series.attachAxis(self.axis_values)
        self.empty_text = "暂无数据"
        self.set_data([], [])

    def set_data(self, labels: Sequence[str], values: Sequence[int | float]) -> None:
        """Show one bar per label; an empty list shows "暂无数据"."""
        labels, values = list(labels), [float(v) for v in values]
        if self.horizontal:
            # Qt draws the first category at the bottom; readers expect it at the top.
            labels, values = labels[::-1], values[::-1]
        self.series.clear()
        bars = QBarSet("数量")
        bars.setColor(self.colour)
        bars.setBorderColor(self.colour)
        bars.setLabelColor(QColor("#262626"))
        bars.setLabelFont(QFont(QApplication.font()))
        bars.append(values)
        self.axis_categories.clear()
        self.axis_categories.append(labels or [self.empty_text])
        if self.horizontal:
            # QtCharts drops every other category name when they do not fit beside the bars:
            # give each bar at least a line of text (the dashboard scrolls).
            line = QFontMetrics(self.axis_categories.labelsFont()).height() + ROW_GAP
            self.setMinimumHeight(max(MIN_HEIGHT, len(labels) * line + CHART_CHROME))
        else:
            # Many or long names under vertical bars: tilt them rather than cut them to "...".
            longest = max((len(label) for label in labels), default=0)
            self.axis_categories.setLabelsAngle(-30 if len(labels) * max(longest, 2) > 28 else 0)
        top, step = nice_scale(max(values, default=0))
        # The step before the range: a range of 0-100,000 laid out with the previous step of 1
        # would make 100,000 ticks and hang the window for minutes.
        self.axis_values.setTickType(QValueAxis.TickType.TicksDynamic)
        self.axis_values.setTickAnchor(0)
        self.axis_values.setTickInterval(step)
        self.axis_values.setRange(0, top)
        if values:
            self.series.append(bars)

    def bars(self) -> list[tuple[str, float]]:
        """(label, value) of every bar shown, in the order given to ``set_data``."""
        if not self.series.barSets():
            return []
        values = self.series.barSets()[0]
        labels = self.axis_categories.categories()
        shown = [(labels[i], values.at(i)) for i in range(values.count())]
        return shown[::-1] if self.horizontal else shown
