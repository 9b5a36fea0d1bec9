"""แนวโน้มตามปีสำรวจ — % failing of each domain or indicator across survey years (2564 → 2566 →
2567), with what changed in words; years of another indicator cycle shaded and never joined."""

from dashboard import data_access, trend_view
from dashboard.page_head import privacy_note, require_area, stop_unless

page = require_area("nav_more.trend")
trend = data_access.trend(page.code)
stop_unless(trend, "overview.no_area_data")
stop_unless(len(trend.years) > 1, "trend.one_year", year=trend.years[-1])
trend_view.cycle_notes(trend, page)
key, labels = trend_view.choose(trend, page)
shown = trend_view.chart(trend, key, labels, page)
trend_view.story(shown, key, labels)
trend_view.table(shown, key, labels, page)
privacy_note(page)
