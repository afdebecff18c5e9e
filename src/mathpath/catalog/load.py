"""Finding, reading and validating catalogs.

``load_catalog()`` is the library entry point: it returns a valid ``Catalog`` or raises a
``CatalogError`` that lists every problem, each with file, line and field path.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mathpath.errors import CatalogError, Problem
from mathpath.i18n import N_, _, current, ngettext

# pydantic, the models, YAML and validation are imported where they are used: `mathpath --help`
# should not pay ~110 ms for them, and a warm start from the cache never needs YAML at all.
if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

    from mathpath.catalog.models import Catalog
    from mathpath.catalog.progress import Progress
    from mathpath.catalog.validate import Issue
    from mathpath.catalog.yamlsource import PathPart, YamlDocument

CATALOG_ENV = "MATHPATH_CATALOG"
BUNDLED_NAME = "resources.yaml"


def bundled_catalog_path() -> Path:
    """The catalog shipped with mathpath.

    In an installed wheel it is package data (``mathpath/data/resources.yaml``); in a source
    checkout it is the top-level ``data/resources.yaml`` that the wheel is built from.
    """
    # The package's own folder, as importlib.resources.files("mathpath") finds it for a package
    # on the file system (which a catalog path must be), without importing importlib.resources
    # (~30 ms on a slow machine, a sixth of a shell completion's budget).
    here = Path(__file__).resolve().parents[1]
    packaged = here / "data" / BUNDLED_NAME
    if packaged.is_file():
        return packaged
    return here.parents[1] / "data" / BUNDLED_NAME


def resolve_catalog_path(path: str | Path | None = None) -> Path:
    """The catalog in use: an explicit path, else ``$MATHPATH_CATALOG``, else the bundled one."""
    if path is not None and str(path) != "":
        return Path(path).expanduser()
    env = os.environ.get(CATALOG_ENV)
    if env:
        return Path(env).expanduser()
    return bundled_catalog_path()


def load_catalog(
    path: str | Path | None = None, *, use_cache: bool = False, progress: Progress | None = None
) -> Catalog:
    """Load and validate a catalog (see ``resolve_catalog_path`` for which one).

    With ``use_cache``, a catalog that was loaded before and has not changed since is read from
    the cache of parsed catalogs (``mathpath.catalog._cache``) instead of being parsed and
    validated again. A large catalog loads much faster with the cyclic garbage collector paused
    (``gc.disable()``: loading builds no cycles); the ``mathpath`` command runs with it off.
    ``progress`` hears how parsing, checking and caching go (``mathpath.catalog.progress``).
    """
    from mathpath.catalog.progress import reporting

    with reporting(progress):
        return _load_catalog(path, use_cache=use_cache)


def _load_catalog(path: str | Path | None, *, use_cache: bool) -> Catalog:
    catalog_path = resolve_catalog_path(path)
    if not use_cache:
        return _parse_file(catalog_path)
    from mathpath.catalog import _cache as cache

    source = cache.read_source(catalog_path)
    if source is None:  # missing, unreadable, not a regular file...: reported the usual way
        return _parse_file(catalog_path)
    cached = cache.load(source)
    if cached is not None:
        return cached
    # `parse_catalog` gets the text as a temporary, so that its frame holds the only reference
    # (and drops it): neither the bytes nor the text outlive parsing.
    text = source.take_text()
    if text is None:
        return _parse_file(catalog_path)  # not UTF-8: the usual error
    box = [text]
    del text
    catalog = parse_catalog(box.pop(), str(catalog_path))
    if not cache.store(source, catalog):
        return catalog
    from mathpath.catalog import names

    names.store(source, catalog)  # what shell completion reads (cheap beside the parse)
    # What a hit returns, in place of the parsed catalog: equal to it, but smaller, with the
    # repeated parts shared; the parsed one is freed first, so that the two never exist side by
    # side (the peak of a cold 100k-resource plan: 587 MB instead of 645).
    del catalog
    cached = cache.load(source)
    if cached is not None:
        return cached
    return _parse_file(catalog_path)  # replaced or damaged since: parse it (again)


def _parse_file(path: Path) -> Catalog:
    """The uncached path, which reports an unreadable, too large or non-UTF-8 file as usual."""
    from mathpath.catalog.yamlsource import read_text

    return parse_catalog(read_text(path), str(path))


def parse_catalog(text: str, file: str = "<catalog>") -> Catalog:
    """Parse and validate catalog text; ``file`` names it in error messages."""
    from mathpath.catalog.progress import report
    from mathpath.catalog.yamlsource import parse_yaml

    report(_("Reading the catalog"), 0)
    document = parse_yaml(text, file, keep_going=True)
    # The document keeps the text for as long as it is needed (see validate_catalog_data): this
    # frame must not keep it alive any longer. (A caller that passed a temporary holds no other
    # reference to it.)
    del text
    return validate_catalog_data(document)


def validate_catalog_data(document: YamlDocument) -> Catalog:
    """Validate parsed catalog data; raise ``CatalogError`` with every problem, located.

    A valid catalog is built lean: each entry's plain data is dropped from ``document.data`` as
    soon as its model is built, so the raw data and the models of a large catalog (~270 MB and
    ~330 MB at 100k resources) never exist side by side, and ``document.text`` is dropped once
    the catalog is known to be valid. Locating problems needs the raw data (``describe_path``
    names entries by id), so when anything is wrong the text is parsed again and validated as a
    whole, which reports exactly what validating the untouched data would.
    """
    from pydantic import ValidationError

    from mathpath.catalog.progress import report
    from mathpath.catalog.validate import check_catalog

    try:
        catalog = _validate_entry_by_entry(document)
    except ValidationError:
        document = _reparsed(document)
        catalog = _validate_whole(document)
    report(_("Checking references and cycles"), 0)
    issues = check_catalog(
        list(enumerate(catalog.topics)),
        list(enumerate(catalog.resources)),
        list(enumerate(catalog.goals)),
    )
    if issues or document.problems:
        document = _reparsed(document)
        problems = [*document.problems, *(_locate(issue, document) for issue in issues)]
        raise CatalogError(_sorted(problems))
    # Valid: nothing will be located in the text any more.
    document.text = ""
    return catalog


def _validate_entry_by_entry(document: YamlDocument) -> Catalog:
    """The catalog, validating the entries of each section one by one and freeing their data.

    Raises ``ValidationError`` at the first problem; ``document.data`` is then partly consumed
    (entries replaced by None) and must be parsed again to report anything.
    """
    from mathpath.catalog.models import Catalog
    from mathpath.catalog.progress import listening, report

    data = document.data
    if not isinstance(data, dict):
        return Catalog.model_validate(data)
    top = dict(data)
    sections = _section_models()
    total = sum(len(v) for k in sections if isinstance(v := data.get(k), list))
    task, done = _("Checking the entries"), 0
    for section, model in sections.items():
        items = data.get(section)
        if not isinstance(items, list):
            continue
        validate = model.model_validate
        built: list[Any] = []
        every = 1000 if listening() else len(items) + 1  # reports cost nothing unheard
        for index, item in enumerate(items):
            items[index] = None
            built.append(validate(item))
            if (index + 1) % every == 0:
                report(task, done + index + 1, total)
        done += len(items)
        report(task, done, total)
        item = None  # the last entry's data goes too
        top[section] = built
    # The top-level mapping is validated as usual (version, name, unknown keys); the entries are
    # already model instances, which validation accepts as they are.
    return Catalog.model_validate(top)


def _reparsed(document: YamlDocument) -> YamlDocument:
    """A fresh document with the untouched data of ``document.text``, to locate problems in."""
    from mathpath.catalog.yamlsource import parse_yaml

    document.data = None  # partly consumed: of no more use, and it could be large
    return parse_yaml(document.text, document.file, keep_going=True)


def _validate_whole(document: YamlDocument) -> Catalog:
    """Validate the untouched data at once; on failure raise every schema and semantic problem."""
    from pydantic import ValidationError

    from mathpath.catalog.models import Catalog

    try:
        return Catalog.model_validate(document.data)
    except ValidationError as exc:
        problems = _schema_problems(exc, document)
        problems += _semantic_problems_of_valid_parts(document)
        raise CatalogError(_sorted([*document.problems, *problems])) from None


def _section_models() -> dict[str, type[BaseModel]]:
    from mathpath.catalog.models import Goal, Resource, Topic

    return {"topics": Topic, "resources": Resource, "goals": Goal}


def _semantic_problems_of_valid_parts(document: YamlDocument) -> list[Problem]:
    """Run the semantic checks on the entries that did pass the schema, so one pass shows all."""
    from pydantic import ValidationError

    from mathpath.catalog.validate import check_catalog

    data = document.data
    if not isinstance(data, dict):
        return []
    models = _section_models()
    valid: dict[str, list[tuple[int, Any]]] = {name: [] for name in models}
    raw_topic_ids: set[str] = set()
    for section, model in models.items():
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if section == "topics" and isinstance(item, dict) and isinstance(item.get("id"), str):
                raw_topic_ids.add(item["id"])
            try:
                valid[section].append((index, model.model_validate(item)))
            except ValidationError:
                continue
    issues = check_catalog(
        valid["topics"], valid["resources"], valid["goals"], known_topic_ids=raw_topic_ids
    )
    return [_locate(issue, document) for issue in issues]


def _schema_problems(exc: ValidationError, document: YamlDocument) -> list[Problem]:
    from mathpath.catalog.validate import Issue, Suggestions

    problems = []
    hints: dict[tuple[str, ...], Suggestions] = {}
    for error in exc.errors(include_url=False):
        loc: tuple[PathPart, ...] = tuple(p if isinstance(p, int) else str(p) for p in error["loc"])
        kind = error["type"]
        hint = ""
        if kind == "extra_forbidden":
            field = str(loc[-1]) if loc else ""
            message = _("unknown field {field}").format(field=repr(field))
            fields = tuple(_fields_for(loc))
            if fields not in hints:
                hints[fields] = Suggestions(fields)
            hint = hints[fields].hint(field) or _("remove it; see `mathpath schema`")
        elif kind == "missing":
            message = _("required field is missing")
            hint = _("see `mathpath schema` for the fields each entry needs")
        elif kind == "too_short" and loc and loc[-1] == "teaches":
            message = _("a resource must teach at least one topic")
            hint = _("add `teaches: [topic-id@depth]`")
        elif kind == "string_pattern_mismatch" and (rule := _text_rule(error)) is not None:
            message, hint = rule
        elif kind == "float_type":
            message, hint = _not_a_number(error.get("input"))
        else:
            message = _pydantic_message(error)
            # Our own validators (value_error) already quote the value in their message.
            shown = kind not in ("model_type", "dict_type", "list_type", "value_error")
            if "input" in error and shown:
                value = error["input"]
                if isinstance(value, (str, int, float, bool)) or value is None:
                    # TRANSLATORS: a value refused in a catalog, then the value as written.
                    message = _("{message} (got {value})").format(
                        message=message, value=repr(value)
                    )
        problems.append(_locate(Issue(loc, message, hint), document))
    return problems


# pydantic's own messages (its templates, filled in from the error's ``ctx``), so that they can be
# shown in the interface language; in English pydantic's text is shown as it is.
_PYDANTIC_MESSAGES = {
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    "model_attributes_type": N_(
        "Input should be a valid dictionary or object to extract fields from"
    ),
    "none_required": N_("Input should be None"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "finite_number": N_("Input should be a finite number"),
    "string_type": N_("Input should be a valid string"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "enum": N_("Input should be {expected}"),
    "literal_error": N_("Input should be {expected}"),
    "dict_type": N_("Input should be a valid dictionary"),
    "list_type": N_("Input should be a valid list"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "date_type": N_("Input should be a valid date"),
}


def _pydantic_message(error: Any) -> str:
    """pydantic's message for ``error`` in the interface language (our own validators'
    messages, ``value_error``, are translated where they are raised)."""
    text: str = error["msg"].removeprefix("Value error, ")
    kind = error["type"]
    if current() == "en" or kind == "value_error":
        return text
    # Bounds as pydantic writes them: 100000, not 100000.0.
    ctx = {
        key: int(value) if isinstance(value, float) and value.is_integer() else value
        for key, value in (error.get("ctx") or {}).items()
    }
    expected = ctx.get("expected")
    if isinstance(expected, str):  # "'a', 'b' or 'c'"
        ctx["expected"] = expected.replace(" or ", _(" or "))
    try:
        template = _PYDANTIC_MESSAGES.get(kind)
        if template is not None:
            return _(template).format(**ctx)
        if kind == "string_too_short":
            return ngettext(
                "String should have at least {min_length} character",
                "String should have at least {min_length} characters",
                int(ctx["min_length"]),
            ).format(**ctx)
        if kind == "string_too_long":
            return ngettext(
                "String should have at most {max_length} character",
                "String should have at most {max_length} characters",
                int(ctx["max_length"]),
            ).format(**ctx)
        if kind == "too_short" and ctx.get("field_type") == "List":
            return ngettext(
                "List should have at least {min_length} item after validation, not {actual_length}",
                "List should have at least {min_length} items after validation, not "
                "{actual_length}",
                int(ctx["min_length"]),
            ).format(**ctx)
        if kind == "too_long" and ctx.get("field_type") == "List":
            return ngettext(
                "List should have at most {max_length} item after validation, not {actual_length}",
                "List should have at most {max_length} items after validation, not {actual_length}",
                int(ctx["max_length"]),
            ).format(**ctx)
    except (KeyError, ValueError, TypeError, IndexError):  # a ctx unlike pydantic's of today
        pass
    return text


def _text_rule(error: Any) -> tuple[str, str] | None:
    """The message and hint for one-line text or prose holding a character it may not
    (catalog/text.py); None for any other pattern."""
    from mathpath.catalog.text import TEXT_PATTERNS, text_hint, text_problem

    pattern = (error.get("ctx") or {}).get("pattern")
    value = error.get("input")
    if pattern not in TEXT_PATTERNS or not isinstance(value, str):
        return None
    message = text_problem(value, pattern)
    return (message, text_hint(value, pattern)) if message else None


def _not_a_number(value: Any) -> tuple[str, str]:
    """Hours must be written as a number: YAML 1.1 would read `1:30` as 90 and `true` as 1."""
    message = _("Input should be a valid number")
    if isinstance(value, (str, int, float, bool)):
        message = _("{message} (got {value})").format(message=message, value=repr(value))
    if isinstance(value, bool):
        return _("{message}, not a yes/no value").format(message=message), _(
            "write the hours, e.g. 1.5"
        )
    if isinstance(value, str) and ":" in value:
        return (
            _("{message}: `1:30` is neither a time nor base 60 here").format(message=message),
            _("write hours as a decimal number, e.g. 1.5 for an hour and a half"),
        )
    if isinstance(value, str) and _looks_like_a_number(value):
        return (
            _("{message}: YAML reads it as text").format(message=message),
            _("write it without quotes, and an exponent with a decimal point (1.0e-2)"),
        )
    return message, _("write the hours as a number, e.g. 1.5")


def _looks_like_a_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _fields_for(loc: tuple[PathPart, ...]) -> list[str]:
    """Field names valid at the place of an unknown key, for a 'did you mean' hint."""
    from mathpath.catalog.models import Catalog, Check, TopicNeed, Translation

    models = _section_models()
    model: type[BaseModel] = Catalog
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if model is Catalog and part in models:
            model = models[part]
        elif part in ("teaches", "requires", "recommends", "targets"):
            model = TopicNeed
        elif part == "translations":
            model = Translation
        elif part == "checks":
            model = Check
    return list(model.model_fields)


def _locate(issue: Issue, document: YamlDocument) -> Problem:
    return Problem(
        file=document.file,
        message=issue.message,
        line=document.line_of(issue.path),
        path=describe_path(issue.path, document.data),
        hint=issue.hint,
    )


def describe_path(path: tuple[PathPart, ...], data: Any) -> str:
    """A field path with each entry's id: ``resources[3] (mit-18.01sc).requires[0]``."""
    text = ""
    node = data
    for depth, part in enumerate(path):
        if isinstance(part, int):
            text += f"[{part}]"
            if isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
                if depth == 1 and isinstance(node, dict) and isinstance(node.get("id"), str):
                    text += f" ({node['id']})"
            else:
                node = None
        else:
            text += f".{part}" if text else part
            node = node.get(part) if isinstance(node, dict) else None
    return text


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.path, p.message))
