"""The lint stand-ins (tools/sqlfluff_stubs) render each kind of project macro as SQL sqlfluff parses."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

STUBS = Path(__file__).resolve().parents[2] / "tools" / "sqlfluff_stubs" / "__init__.py"


def _stubs():
    spec = importlib.util.spec_from_file_location("c360_sqlfluff_stubs", STUBS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_keyword_macro_renders_its_duckdb_keyword() -> None:
    stubs = _stubs()
    assert stubs._kind("cte_materialized") == "keyword"
    assert str(stubs._stand_in("cte_materialized")()) == "materialized"


def test_expression_and_query_macros_render_as_calls() -> None:
    stubs = _stubs()
    assert str(stubs._stand_in("clean_text")("first_name")) == "clean_text('first_name')"
    assert str(stubs._stand_in("connected_components")("records", "edges")).startswith(
        "select * from connected_components('records', 'edges')"
    )


def test_keyword_macro_with_only_jinja_statements_renders_nothing() -> None:
    # memo_assert_compatible is all {% %} logic: called for its effect, it renders no SQL
    stubs = _stubs()
    assert stubs._kind("memo_assert_compatible") == "keyword"
    assert str(stubs._stand_in("memo_assert_compatible")()) == ""
