"""Every declared validation rule (data/validation_rules/*.toml) is triggered by a test of its own:
by a case of tests/test_validation_rules.py (CASES), or by the test named here. A new rule without
either fails; so does a listed test that no longer exists or no longer names its rule."""

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from analysis.validation import rules
from tests.test_validation_rules import CASES

ROOT = Path(__file__).resolve().parent.parent
CHECKS = "tests/test_checks_quality.py"
REGISTER = "tests/test_checks_register.py"
PROFILE = "tests/test_contest_profile_store.py"
PLANS = "tests/test_plans_logic.py"
LEVELS = "tests/test_level_tables.py"
NAMES = "tests/test_area_names_file.py"
COLLECTION_BOOKS = "tests/test_collection_workbook.py"

#: rule → the test that triggers it (file::function), for the rules CASES cannot reach: rules of the
#: data checks, the plans, pins and contest stores, sources and collections
TRIGGERED_BY = {
    "check_collection_incomplete": f"{CHECKS}::test_completeness_against_the_register",
    "check_collection_overdue": f"{CHECKS}::test_completeness_against_the_register",
    "check_collection_over": f"{CHECKS}::test_completeness_against_the_register",
    "check_village_unregistered": f"{CHECKS}::test_completeness_against_the_register",
    "check_year_jump": f"{CHECKS}::test_a_jump_far_from_the_tambon_fires",
    "check_pair_inconsistent": f"{CHECKS}::test_a_child_indicator_answered_without_the_children_indicator_fires",
    "check_income_zero_pass": f"{CHECKS}::test_income_zero_and_passing_the_income_indicator_fires",
    "check_identical_answers": f"{CHECKS}::test_villages_with_identical_answers",
    "check_members_outlier": f"{CHECKS}::test_household_size_outliers",
    "check_income_outlier": f"{CHECKS}::test_income_outliers_against_the_tambon",
    "register_column_missing": f"{REGISTER}::test_a_file_without_the_village_column_or_unreadable",
    "register_code_invalid": f"{REGISTER}::test_every_problem_is_named_by_row_column_and_rule",
    "register_count_invalid": f"{REGISTER}::test_every_problem_is_named_by_row_column_and_rule",
    "register_parts_mismatch": f"{REGISTER}::test_every_problem_is_named_by_row_column_and_rule",
    "register_duplicate": f"{REGISTER}::test_every_problem_is_named_by_row_column_and_rule",
    "register_deadline_invalid": f"{REGISTER}::test_refused_rows_and_dates_write_nothing",
    "register_outside_area": f"{REGISTER}::test_refused_rows_and_dates_write_nothing",
    "certify_transition_invalid": "tests/test_checks_certify.py::test_skipping_a_step_is_refused_and_nothing_is_written",
    "profile_area_invalid": f"{PROFILE}::test_profile_checks_are_reported_in_thai",
    "profile_member_name_missing": f"{PROFILE}::test_profile_checks_are_reported_in_thai",
    "profile_member_village_outside": f"{PROFILE}::test_profile_checks_are_reported_in_thai",
    "profile_member_group_unknown": f"{PROFILE}::test_profile_checks_are_reported_in_thai",
    "profile_photo_section_unknown": f"{PROFILE}::test_profile_checks_are_reported_in_thai",
    "profile_number_negative": f"{PROFILE}::test_profile_checks_are_reported_in_thai",
    "evidence_item_unknown": f"{PROFILE}::test_evidence_ticked_revised_deleted_and_generated_documents_recorded",
    "evidence_link_invalid": f"{PROFILE}::test_evidence_ticked_revised_deleted_and_generated_documents_recorded",
    "contest_round_year": "tests/test_contest_round.py::test_choosing_a_round_is_checked_and_versioned",
    "unreadable_file": "tests/test_validation_rules.py::test_unreadable_file",
    "overlaps_existing_dataset": "tests/test_validation_rules.py::test_overlap_with_an_existing_dataset_blocks_unless_replaced",
    "zip_unsafe": "tests/test_import_sources.py::test_hostile_zips_are_refused_and_leave_nothing",
    "zip_too_large": "tests/test_import_sources.py::test_hostile_zips_are_refused_and_leave_nothing",
    "no_files_found": "tests/test_import_sources.py::test_an_empty_folder_is_reported",
    "households_resent": "tests/test_import_collection.py::test_a_second_part_adds_and_a_household_sent_again_replaces",
    "append_catalog_mismatch": "tests/test_import_collection.py::test_adding_to_a_year_of_another_catalog_is_refused",
    "pin_column_missing": "tests/test_pins.py::test_pin_rules_in_thai",
    "pin_name_missing": "tests/test_pins.py::test_invalid_pins_are_refused",
    "pin_category_unknown": "tests/test_pins.py::test_invalid_pins_are_refused",
    "pin_coordinates_invalid": "tests/test_pins.py::test_invalid_pins_are_refused",
    "pin_village_invalid": "tests/test_pins.py::test_pin_rules_in_thai",
    "plan_sheet_missing": f"{PLANS}::test_workbook_problems_are_reported_by_sheet_row_and_column",
    "plan_column_missing": f"{PLANS}::test_missing_columns_invalid_records_and_version_conflicts_are_reported",
    "plan_value_invalid": f"{PLANS}::test_workbook_problems_are_reported_by_sheet_row_and_column",
    "plan_reference_unknown": f"{PLANS}::test_workbook_problems_are_reported_by_sheet_row_and_column",
    "plan_record_invalid": f"{PLANS}::test_missing_columns_invalid_records_and_version_conflicts_are_reported",
    "plan_version_conflict": f"{PLANS}::test_missing_columns_invalid_records_and_version_conflicts_are_reported",
    "plan_version_missing": "tests/test_security_plans.py::test_a_blank_version_for_a_stored_project_is_refused",
    "replace_removes_areas": "tests/test_safety_grants.py::test_the_check_report_warns_before_anything_is_saved",
    "sheet_truncated": "tests/test_safety_workbooks.py::test_a_sheet_cut_short_is_refused_and_nothing_is_written",
    "sheet_not_data": "tests/test_safety_workbooks.py::test_every_data_sheet_of_a_workbook_is_imported_and_a_notes_sheet_is_named",
    "plan_row_duplicate": "tests/test_safety_workbooks.py::test_two_rows_of_one_project_are_refused_not_one_dropped",
    "plan_same_problem": "tests/test_safety_workbooks.py::test_a_new_row_for_a_problem_already_answered_is_named_before_importing",
    "level_tables_disagree": f"{LEVELS}::test_a_tambon_where_the_village_file_and_the_tambon_table_disagree_is_named",
    **dict.fromkeys(
        (
            "names_code_invalid",
            "names_personal",
            "names_conflict",
            "names_unknown_area",
            "names_blank",
            "names_register_kept",
        ),
        f"{NAMES}::test_damaged_rows_are_reported_and_the_rest_loadable",
    ),
    "names_would_replace": f"{NAMES}::test_a_later_list_replaces_names_only_when_asked",
    "names_replaced": f"{NAMES}::test_a_later_list_replaces_names_only_when_asked",
    "names_columns_missing": f"{NAMES}::test_a_list_without_the_columns_is_refused_naming_them",
    **dict.fromkeys(
        (
            "collection_year_invalid",
            "collection_village_invalid",
            "collection_role_unknown",
            "collection_count_invalid",
            "collection_order_level",
            "collection_order_no_missing",
            "collection_position_unknown",
            "collection_members_invalid",
            "collection_due_before_return",
            "collection_lao_missing",
        ),
        "tests/test_collection_store.py::test_invalid_records_are_refused_in_thai",
    ),
    "collection_outside_area": "tests/test_collection_store.py::test_a_register_is_replaced_at_once_or_not_at_all",
    "collection_column_missing": f"{COLLECTION_BOOKS}::test_a_file_that_is_not_the_register_is_refused_naming_the_file",
    "collection_cell_invalid": f"{COLLECTION_BOOKS}::test_a_workbook_with_bad_cells_is_refused_in_thai_and_writes_nothing",
    "collection_duplicate": f"{COLLECTION_BOOKS}::test_a_workbook_with_bad_cells_is_refused_in_thai_and_writes_nothing",
}


@cache
def test_sources(path: str) -> dict[str, str]:
    """Each module-level test function of a file → its source, decorators (parameters) included."""
    text = (ROOT / path).read_text(encoding="utf-8")
    lines = text.splitlines()
    found = {}
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            start = min([d.lineno for d in node.decorator_list] + [node.lineno])
            found[node.name] = "\n".join(lines[start - 1 : node.end_lineno])
    return found


test_sources.__test__ = False  # a helper, not a test


def test_every_declared_rule_has_a_case_or_a_test():
    in_cases = {c.rule for c in CASES}
    assert not in_cases & set(TRIGGERED_BY), "a rule has a case: list it in one place only"
    assert set(TRIGGERED_BY) - set(rules()) == set(), "a listed rule is no longer declared"
    assert set(rules()) - in_cases - set(TRIGGERED_BY) == set(), "add a case or a test for each new rule"


@pytest.mark.parametrize("rule", sorted(TRIGGERED_BY))
def test_the_listed_test_exists_and_names_its_rule(rule):
    path, name = TRIGGERED_BY[rule].split("::")
    assert (ROOT / path).is_file(), f"{rule}: {path} does not exist"
    sources = test_sources(path)
    assert name in sources, f"{rule}: {path} has no test {name}"
    # the rule's name in the test: what it asserts was raised (so a rewritten test does not keep
    # covering a rule it no longer triggers)
    assert re.search(f"[\"']{rule}[\"']", sources[name]), f"{rule}: {path}::{name} does not name the rule"
