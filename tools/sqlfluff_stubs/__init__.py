"""Stand-ins for dbt's runtime when sqlfluff lints with the jinja templater (see `.sqlfluff`).

`make lint` does not expand the project's SQL macros: `{{ c360.clean_text('x') }}` renders as
the call `clean_text('x')`, so sqlfluff checks the SQL a model's author wrote instead of the
thousands of characters a normalization macro generates (expanded, they take minutes to parse
and exceed sqlfluff's parse depth). sqlfluff puts every public name of this package into the
Jinja context (`library_path`), ahead of its own dbt builtins (`ref`, `source`, `config`, ...).

Each macro under `macros/` is classified from its source (for `adapter.dispatch` wrappers, from
the `duckdb__` / `default__` implementation):
- SQL that starts with a comma (a block of select columns, e.g. `contact_point_inputs`) renders
  as one column `, name(args) as name`;
- SQL that starts with `select` / `with` (a query) renders as `select * from name(args)`, plus
  `union all select * from <arg>` for each argument that is a bare name (a CTE passed by name);
- a macro that only returns a value (`{{ return(...) }}`: vars, settings, rule lists) is run
  for real in a small Jinja environment, so models loop over the real structures;
- SQL that is one bare keyword or nothing (`cte_materialized`) renders as that keyword;
- any other SQL renders as the expression `name(args)`; `dbt.type_<x>()` as the type `<x>`.
Text arguments become SQL string literals, results of other stand-ins stay SQL.
`var()` reads `vars` of dbt_project.yml (the default otherwise); `execute` is false.
"""

from __future__ import annotations

import datetime as _datetime
import os as _os
import re as _re
from pathlib import Path as _Path
from typing import Any as _Any

import jinja2 as _jinja2
import yaml as _yaml

_PROJECT = _Path(__file__).resolve().parents[2]

_TYPES = {
    "string": "varchar",
    "int": "integer",
    "integer": "integer",
    "bigint": "bigint",
    "float": "double",
    "double": "double",
    "numeric": "numeric",
    "timestamp": "timestamp",
    "boolean": "boolean",
    "date": "date",
}


class _Sql(str):
    """SQL text from a stand-in; kept as is when passed to another stand-in.

    Used where a structure is expected, it behaves like a one-element list whose attributes
    are SQL identifiers, so loops and `x.name` still render valid SQL.
    """

    unsafe_callable = False
    alters_data = False

    def __getattr__(self, name: str) -> "_Sql":
        if name.startswith("__"):
            raise AttributeError(name)
        return _Sql(name)

    def __call__(self, *args: _Any, **kwargs: _Any) -> "_Sql":
        return self

    def __iter__(self):  # type: ignore[override]
        return iter([_Sql("item")])


def _arg(value: _Any) -> str:
    if isinstance(value, _Sql):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return _join(value)
    if isinstance(value, dict):
        return _join(value.values())
    return "'" + str(value).replace("'", "''") + "'"


def _join(values: _Any) -> str:
    return ", ".join(a for a in (_arg(v) for v in values) if a)


# ---- the project's vars and macros -----------------------------------------------------------


def _load_vars() -> dict[str, _Any]:
    try:
        project = _yaml.safe_load((_PROJECT / "dbt_project.yml").read_text(encoding="utf-8"))
        return dict(project.get("vars") or {})
    except (OSError, _yaml.YAMLError, AttributeError):
        return {}


_VARS = _load_vars()
_MACRO_RE = _re.compile(
    r"{%-?\s*(?:macro|test)\s+(\w+)\s*\(.*?\)\s*-?%}(.*?){%-?\s*end(?:macro|test)\s*-?%}", _re.S
)


def _load_macros() -> tuple[dict[str, str], dict[str, str]]:
    """name -> body, and name -> source of the file that defines it."""
    bodies: dict[str, str] = {}
    files: dict[str, str] = {}
    for path in sorted((_PROJECT / "macros").rglob("*.sql")):
        source = path.read_text(encoding="utf-8")
        for match in _MACRO_RE.finditer(source):
            bodies[match.group(1)] = match.group(2)
            files[match.group(1)] = source
    return bodies, files


_BODIES, _FILES = _load_macros()


def _kind(name: str) -> str:
    body = _BODIES.get(name)
    if body is None:
        return "expression"
    if "adapter.dispatch(" in body:
        for impl in (f"duckdb__{name}", f"default__{name}"):
            if impl in _BODIES:
                return _kind(impl)
        return "expression"
    text = _plain(body)
    if _re.fullmatch(r"[a-z_]*\s*", text):
        return "keyword"
    if _re.match(r"{{-?\s*return\(", text):
        return "value"
    if text.startswith(","):
        return "columns"
    if _re.match(r"(select|with)\b", text, flags=_re.I):
        return "query"
    return "expression"


def _plain(body: str) -> str:
    """A macro body without its Jinja comments and statements, leading blanks stripped."""
    return _re.sub(r"{%.*?%}", "", _re.sub(r"{#.*?#}", "", body, flags=_re.S), flags=_re.S).lstrip()


def _keyword(name: str) -> str:
    """The SQL keyword (or nothing) a keyword macro renders on DuckDB (`cte_materialized`)."""
    body = _BODIES.get(name, "")
    if "adapter.dispatch(" in body:
        for impl in (f"duckdb__{name}", f"default__{name}"):
            if impl in _BODIES:
                return _keyword(impl)
    return _plain(body).strip()


# ---- running value macros for real -----------------------------------------------------------


class _Return(Exception):
    def __init__(self, value: _Any) -> None:
        self.value = value


def _return(value: _Any) -> None:
    raise _Return(value)


def _raise_compiler_error(message: str = "") -> None:
    raise _jinja2.TemplateError(message)


class _Namespace:
    """Attribute access gives a stand-in for any name."""

    unsafe_callable = False
    alters_data = False

    def __init__(self, name: str, attributes: dict[str, _Any] | None = None) -> None:
        self._name = name
        self._attributes = attributes or {}

    def __getattr__(self, name: str) -> _Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name in self._attributes:
            return self._attributes[name]
        return _stand_in(name)


def _stand_in(macro: str) -> _Any:
    def render(*args: _Any, **kwargs: _Any) -> _Any:
        if "type_" in macro and macro.rsplit("type_", 1)[1] in _TYPES:
            return _Sql(_TYPES[macro.rsplit("type_", 1)[1]])
        kind = _kind(macro)
        if kind == "value":
            try:
                return _run_value_macro(macro, args, kwargs)
            except Exception:  # anything the small environment cannot do: a placeholder
                return _Sql("item")
        if kind == "keyword":
            return _Sql(_keyword(macro))
        call = f"{macro}({_join([*args, *kwargs.values()])})"
        if kind == "columns":
            return _Sql(f", {call} as {macro}")
        if kind == "query":
            # relations passed by name (`connected_components('records', 'edges')`) are read
            # from, so their CTEs count as used
            names = [a for a in args if type(a) is str and _re.fullmatch(r"[A-Za-z_]\w*", a)]
            return _Sql(" union all ".join([f"select * from {call}"] + [f"select * from {n}" for n in names]))
        return _Sql(call)

    return render


def var(name: str, default: _Any = None) -> _Any:
    value = _VARS.get(name, default)
    return _Sql("item") if value is None and default is None and name not in _VARS else value


def env_var(name: str, default: _Any = None) -> _Any:
    return _os.environ.get(name, default if default is not None else "")


def log(*args: _Any, **kwargs: _Any) -> str:
    return ""


exceptions = _Namespace("exceptions", {"raise_compiler_error": _raise_compiler_error, "warn": log})
adapter = _Namespace("adapter", {"quote": lambda name: f'"{name}"'})
target = _Namespace("target", {"name": "duckdb", "type": "duckdb", "schema": "main", "database": "c360"})
modules = _Namespace("modules", {"datetime": _datetime, "re": _re})
run_started_at = _datetime.datetime(2026, 1, 1, 0, 0, 0)
invocation_id = "00000000-0000-0000-0000-000000000000"
execute = False
c360 = _Namespace("c360")
dbt = _Namespace("dbt")

_ENV = _jinja2.Environment(extensions=["jinja2.ext.do"])
_ENV.globals.update(
    {
        "var": var,
        "env_var": env_var,
        "log": log,
        "exceptions": exceptions,
        "adapter": adapter,
        "target": target,
        "modules": modules,
        "run_started_at": run_started_at,
        "execute": execute,
        "c360": c360,
        "dbt": dbt,
        "return": _return,
    }
)


def _run_value_macro(name: str, args: tuple, kwargs: dict) -> _Any:
    module = _ENV.from_string(_FILES[name]).module
    try:
        rendered = getattr(module, name)(*args, **kwargs)
    except _Return as returned:
        return returned.value
    return _Sql(str(rendered).strip())
