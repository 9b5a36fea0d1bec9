"""ภาพรวมพื้นที่ — households, people, villages, pass % per domain, worst 5, all indicators."""

from dashboard import data_access, offices_tabs, overview_view
from dashboard.page_head import privacy_note, require_area, stop_unless, year_choice

page = require_area("overview.title")
overview_view.breadcrumbs(page)
offices_tabs.overview_reminder(page.code)
years = data_access.years(page.code)
stop_unless(years, "overview.no_area_data")
year = year_choice(years, "overview_year")
overview = data_access.overview(page.code, year, page.source)
stop_unless(overview, "overview.no_year_data")

overview_view.metrics(overview, page)
target = overview_view.charts(overview, page)
overview_view.indicators(overview, page, year)
overview_view.notes(overview, target)
privacy_note(page)
