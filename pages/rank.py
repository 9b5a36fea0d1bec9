"""จัดลำดับปัญหา — problems ranked within each domain and across all five, domains ranked,
a summary to read out, and the multidimensional poverty index (computed when asked for)."""

from dashboard import rank_view
from dashboard.page_head import privacy_note, require_area

page = require_area("rank.title")
measure, year, k = rank_view.controls(page)
ranking = rank_view.ranking(page, year, measure, k)
rank_view.domains_and_summary(ranking, page, k)
rank_view.problems(ranking, page, year)
privacy_note(page)
rank_view.plan_link(ranking, page, year)
rank_view.mpi_section(page, year, k, measure)
