"""Stand-ins for the project's macros when sqlfluff lints with the jinja templater.

`make lint` does not expand the project's macros (see `.sqlfluff`): `{{ c360.clean_text('x') }}`
renders as the call `clean_text('x')`, so sqlfluff checks the SQL a model's author wrote
instead of the thousands of characters a normalization macro generates. sqlfluff puts every
public name of this package into the Jinja context (`library_path`); `ref`, `source`, `var`,
`config` come from sqlfluff's own dbt builtins.

- `c360.<macro>(...)` and `dbt.<macro>(...)` render as `<macro>(args)`: text arguments become
  SQL string literals, results of other stubs stay SQL, lists are spread.
- Macros that emit a block of leading-comma select columns (COLUMN_BLOCK_MACROS) render as one
  such column, so `cleaned.*` followed by the block still parses.
- `dbt.type_<x>()` and `c360.<prefix>_type_<x>()` render as the SQL type `<x>`.
Add a macro to COLUMN_BLOCK_MACROS when a new one emits columns instead of an expression.
"""

from __future__ import annotations

from typing import Any

COLUMN_BLOCK_MACROS = frozenset({"contact_point_inputs", "contact_point_columns", "name_key_columns"})

_TYPES = {
    "string": "varchar",
    "int": "integer",
    "bigint": "bigint",
    "float": "double",
    "double": "double",
    "numeric": "numeric",
    "timestamp": "timestamp",
    "boolean": "boolean",
    "date": "date",
}


class _Sql(str):
    """SQL text produced by a stub: used as is when passed to another stub.

    Some macros return structures rather than SQL (`hyp.a` of a dict of expressions); an
    attribute of a stub result is the SQL identifier of that name, and calling it returns it.
    """

    unsafe_callable = False
    alters_data = False

    def __getattr__(self, name: str) -> "_Sql":
        if name.startswith("__"):
            raise AttributeError(name)
        return _Sql(name)

    def __call__(self, *args: Any, **kwargs: Any) -> "_Sql":
        return self


def _arg(value: Any) -> str:
    if isinstance(value, _Sql):
        return str(value)
    if isinstance(value, bool) or value is None:
        return "null" if value is None else str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return _join(value)
    if isinstance(value, dict):
        return _join(value.values())
    return "'" + str(value).replace("'", "''") + "'"


def _join(values: Any) -> str:
    return ", ".join(a for a in (_arg(v) for v in values) if a)


class _MacroNamespace:
    """`c360` / `dbt` in templates: any attribute is a macro stub."""

    # jinja's sandbox: calling the stubs is safe
    unsafe_callable = False
    alters_data = False

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, macro: str) -> Any:
        if macro.startswith("__"):
            raise AttributeError(macro)

        def render(*args: Any, **kwargs: Any) -> _Sql:
            if "type_" in macro:
                return _Sql(_TYPES.get(macro.rsplit("type_", 1)[1], "varchar"))
            call = f"{macro}({_join([*args, *kwargs.values()])})"
            if macro in COLUMN_BLOCK_MACROS:
                return _Sql(f", {call} as {macro}")
            return _Sql(call)

        return render


c360 = _MacroNamespace("c360")
dbt = _MacroNamespace("dbt")
