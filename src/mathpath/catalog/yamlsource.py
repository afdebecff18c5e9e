"""Reading YAML safely, with locations.

PyYAML's safe loader is safe against code execution but not against these things a user's file
can do, all handled here:

* duplicate mapping keys are silently collapsed (the last wins) -> reported as errors;
* alias "bombs" (billion laughs) expand a few hundred bytes into gigabytes -> expansion is bounded;
* deep nesting exhausts the stack of the recursive builders -> more than ``MAX_NESTING`` levels
  is a located error ("nested deeper than 100 levels at line 7");
* YAML 1.1 reads ``1:30`` as the base-60 number 90 -> such scalars stay text (as in YAML 1.2), so
  that a field expecting a number refuses them instead of planning 90 hours;
* errors in the data are reported with the line they came from -> the source text is kept, and
  the node tree is composed again (once) only when a field path has to be located; each mapping
  on the way is indexed once, so locating any number of problems takes linear time.

Files are read by ``mathpath.catalog.reading`` (regular files only, size checked first).

The node tree of a large file takes several times the memory of the data built from it (every
node and both of its marks are Python objects): composing it and keeping it through validation
made a 100k-resource catalog peak at 1.7 GB. So the data is built straight from the parser's
events (``_Streamer``), and a whole tree is composed only for text with aliases, whose expansion
is bounded by the tree's size, and then dropped as soon as the data is built.

The C parser is used when PyYAML was built with it (it is several times faster).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mathpath.catalog.reading import (
    MAX_CATALOG_BYTES,
    MAX_NESTING,
    ErrorFactory,
    nesting_problem,
)
from mathpath.catalog.reading import read_text as _read_text
from mathpath.errors import CatalogError, Problem
from mathpath.i18n import N_, _

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):
    """The safe loader, except that ``1:30`` (base 60 in YAML 1.1) stays text, as in YAML 1.2.

    (``1e3`` stays text too, as YAML 1.1 has it: PyYAML's dumper writes such a string without
    quotes, so reading it as a number would change an id such as ``2e5`` written back.)"""


def _yaml12_numbers() -> None:
    resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    number_tags = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    for first, entries in _BaseLoader.yaml_implicit_resolvers.items():
        resolvers[first] = [
            # No number has a ':' in it: sexagesimal scalars fall through to plain text.
            (tag, re.compile(r"(?![^:]*:)(?:" + pattern.pattern + ")", pattern.flags))
            if tag in number_tags
            else (tag, pattern)
            for tag, pattern in entries
        ]
    _Loader.yaml_implicit_resolvers = resolvers


_yaml12_numbers()

MAX_FILE_BYTES = MAX_CATALOG_BYTES
# A document may reuse anchors, but the expanded tree may not be much larger than the text.
ALIAS_EXPANSION_FACTOR = 4
ALIAS_EXPANSION_FLOOR = 100_000

PathPart = str | int


@dataclass(slots=True)
class YamlDocument:
    """Plain data (dicts, lists, scalars) plus the text it came from, for locating errors."""

    file: str
    data: Any
    # The text the data was parsed from: `line_of` composes its node tree again when needed.
    text: str
    # Problems found while reading (duplicate keys...) when the caller asked to keep going.
    problems: list[Problem] = field(default_factory=list)
    # The node tree of `text`, composed on the first `line_of` (only when there is an error).
    _root: yaml.Node | None = field(default=None, init=False, repr=False, compare=False)
    # Each mapping node's first entry per key, built the first time a path goes through it.
    _keys: dict[int, dict[Any, tuple[yaml.Node, yaml.Node]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def root(self) -> yaml.Node | None:
        """The composed node tree of ``text`` (composed on first use, then kept)."""
        if self._root is None:
            loader = _Loader(self.text)
            try:
                # The text was composed once already: it cannot fail now.
                self._root = loader.get_single_node()
            finally:
                loader.dispose()
        return self._root

    def line_of(self, path: tuple[PathPart, ...]) -> int | None:
        """1-based line of the deepest node on ``path`` that exists in the file.

        Takes time in the length of ``path``: a mapping is indexed by its keys the first time a
        path goes through it (200,000 unknown keys in one mapping used to be scanned once per
        problem, half an hour of work).
        """
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                entry = self._entries(node).get(part)
                if entry is None:
                    return line
                key_node, node = entry
                # Report the key's line: it is where the user typed the field.
                line = key_node.start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    def _entries(self, node: yaml.MappingNode) -> dict[Any, tuple[yaml.Node, yaml.Node]]:
        entries = self._keys.get(id(node))
        if entries is None:
            entries = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    entries.setdefault(key_node.value, (key_node, value_node))
            self._keys[id(node)] = entries
        return entries


class _TooDeep(Exception):
    """More than ``MAX_NESTING`` collections inside one another, the deepest on ``line``."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _Builder:
    """Turns a composed node graph into plain data, checking keys and bounding alias expansion."""

    def __init__(self, loader: Any, file: str, budget: int) -> None:
        self.loader = loader
        self.file = file
        self.budget = budget
        self.visited = 0
        self.problems: list[Problem] = []
        self.depth = 0

    def build(self, node: yaml.Node, path: tuple[PathPart, ...]) -> Any:
        self.visited += 1
        if self.visited > self.budget:
            raise _ExpansionError
        if isinstance(node, yaml.CollectionNode):
            self.depth += 1
            try:
                if self.depth > MAX_NESTING:
                    raise _TooDeep(node.start_mark.line + 1)
                return self._build(node, path)
            finally:
                self.depth -= 1
        return self._build(node, path)

    def _build(self, node: yaml.Node, path: tuple[PathPart, ...]) -> Any:
        if node.tag == _STR_TAG and type(node) is yaml.ScalarNode:
            # Most scalars are plain text: construct_object would return node.value after
            # bookkeeping that costs ~1 us a node (a third of the build on large catalogs).
            return node.value
        if node.tag not in _PLAIN_TAGS and not isinstance(node, yaml.ScalarNode):
            # Building collections by hand would silently drop a tag such as !!set or
            # !!python/object/apply; the data would then differ from what the author wrote.
            self._problem(
                node,
                path,
                _("unsupported YAML tag {tag}").format(tag=repr(node.tag)),
                _("remove the tag"),
            )
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            first_lines: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    self._problem(
                        key_node,
                        path,
                        _("YAML merge keys (<<) are not supported"),
                        _("write the fields out"),
                    )
                    continue
                key = self.build(key_node, path)
                if isinstance(key, (list, dict)):
                    self._problem(key_node, path, _("a mapping key must be a plain value"))
                    continue
                if key in result:
                    first = first_lines[key]
                    self._problem(
                        key_node,
                        (*path, key),
                        _("duplicate key {key} (first defined on line {line})").format(
                            key=repr(key), line=first
                        ),
                        _("remove one of them; YAML would silently keep only the last"),
                    )
                    continue
                first_lines[key] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: tuple[PathPart, ...]) -> Any:
        """A scalar that is not plain text: an int, a date, null..."""
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            message = _("not valid YAML: {reason}").format(reason=_yaml_problem(exc.problem))
            self._problem(node, path, message, _("remove the tag"))
            return None
        except (ValueError, KeyError, OverflowError) as exc:
            # PyYAML's constructors raise these for e.g. an impossible date (2024-02-30).
            message = _("cannot read {value} as {kind}: {reason}").format(
                value=repr(node.value), kind=node.tag.rsplit(":", 1)[-1], reason=exc
            )
            self._problem(node, path, message, _("put it in quotes to keep it as text"))
            return None

    def _problem(
        self, node: yaml.Node, path: tuple[PathPart, ...], message: str, hint: str = ""
    ) -> None:
        self._problem_at(node.start_mark.line + 1, path, message, hint)

    def _problem_at(
        self, line: int, path: tuple[PathPart, ...], message: str, hint: str = ""
    ) -> None:
        self.problems.append(
            Problem(self.file, message, line=line, path=format_path(path), hint=hint)
        )


class _Streamer(_Builder):
    """Builds the plain data straight from the parser's events, without composing a node tree.

    A composed tree of a large catalog takes several times the memory of the data built from it
    (every node and both its marks are Python objects): 1.1 GB for 100k resources. The checks
    are those of ``_Builder.build``. Used only for text without aliases (no `*`): an alias can
    refer to any node before it, and bounding their expansion needs the whole tree's size.
    """

    def __init__(self, loader: Any, file: str) -> None:
        super().__init__(loader, file, sys.maxsize)
        # Anchors cannot be used without aliases, but a repeated one is an error all the same.
        self.anchors: dict[str, yaml.Mark] = {}
        # Field names and short values (formats, levels, topic ids) repeat on every entry: the
        # data (and the models, which keep the strings they are given) share one string for each.
        self.strings: dict[str, str] = {}

    def document(self) -> tuple[Any, bool]:
        """The data of the single document, and whether there was none (or only a null)."""
        loader = self.loader
        loader.get_event()  # STREAM-START
        if loader.check_event(yaml.StreamEndEvent):
            return None, True
        document_start = loader.get_event()
        event = loader.get_event()
        empty = isinstance(event, yaml.ScalarEvent) and self._tag(event) == _NULL_TAG
        data = self.build_event(event, ())
        loader.get_event()  # DOCUMENT-END
        if not loader.check_event(yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                document_start.start_mark,
                "but found another document",
                loader.get_event().start_mark,
            )
        return data, empty

    def _tag(self, event: Any) -> str:
        tag: str | None = event.tag
        if tag is None or tag == "!":
            if isinstance(event, yaml.ScalarEvent):
                tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            elif isinstance(event, yaml.SequenceStartEvent):
                tag = self.loader.resolve(yaml.SequenceNode, None, event.implicit)
            else:
                tag = self.loader.resolve(yaml.MappingNode, None, event.implicit)
        assert tag is not None
        return tag

    def _anchor(self, event: Any) -> None:
        anchor = event.anchor
        if anchor in self.anchors:
            raise yaml.composer.ComposerError(
                f"found duplicate anchor {anchor!r}; first occurrence",
                self.anchors[anchor],
                "second occurrence",
                event.start_mark,
            )
        self.anchors[anchor] = event.start_mark

    def build_event(self, event: Any, path: tuple[PathPart, ...]) -> Any:
        """Build the node that ``event`` (already taken from the parser) starts."""
        if isinstance(event, yaml.AliasEvent):  # pragma: no cover - text without `*` has none
            alias_mark: Any = event.start_mark
            raise yaml.composer.ComposerError(
                None, None, f"found undefined alias {event.anchor!r}", alias_mark
            )
        if event.anchor is not None:
            self._anchor(event)
        tag = self._tag(event)
        start_mark: Any = event.start_mark
        if isinstance(event, yaml.ScalarEvent):
            if tag == _STR_TAG:
                value: str = event.value
                return self.strings.setdefault(value, value) if len(value) <= 40 else value
            end_mark: Any = event.end_mark
            node = yaml.ScalarNode(tag, event.value, start_mark, end_mark, event.style)
            return self.scalar(node, path)
        self.depth += 1
        try:
            if self.depth > MAX_NESTING:
                raise _TooDeep(start_mark.line + 1)
            if tag not in _PLAIN_TAGS:
                line = start_mark.line + 1
                self._problem_at(
                    line,
                    path,
                    _("unsupported YAML tag {tag}").format(tag=repr(tag)),
                    _("remove the tag"),
                )
                self._skip_children()
                return None
            return self._collection(event, path)
        finally:
            self.depth -= 1

    def _collection(self, event: Any, path: tuple[PathPart, ...]) -> Any:
        get_event = self.loader.get_event
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            child = get_event()
            while not isinstance(child, yaml.SequenceEndEvent):
                items.append(self.build_event(child, (*path, len(items))))
                child = get_event()
            return items
        result: dict[Any, Any] = {}
        # The line of each key as written, for the message about a duplicate.
        lines: dict[str, int] = {}
        key_event = get_event()
        while not isinstance(key_event, yaml.MappingEndEvent):
            key_mark: Any = key_event.start_mark
            line = key_mark.line + 1
            if isinstance(key_event, yaml.ScalarEvent):
                lines.setdefault(key_event.value, line)
                # Only `<<` or an explicit tag can be a merge key: resolve nothing else twice.
                if (key_event.value == "<<" or key_event.tag is not None) and self._tag(
                    key_event
                ) == _MERGE_TAG:
                    self._problem_at(
                        line,
                        path,
                        _("YAML merge keys (<<) are not supported"),
                        _("write the fields out"),
                    )
                    self._skip(get_event())
                    key_event = get_event()
                    continue
            key = self.build_event(key_event, path)
            if isinstance(key, (list, dict)):
                self._problem_at(line, path, _("a mapping key must be a plain value"))
                self._skip(get_event())
            elif key in result:
                first = lines[key_event.value]
                self._problem_at(
                    line,
                    (*path, key),
                    _("duplicate key {key} (first defined on line {line})").format(
                        key=repr(key), line=first
                    ),
                    _("remove one of them; YAML would silently keep only the last"),
                )
                self._skip(get_event())
            else:
                result[key] = self.build_event(get_event(), (*path, key))
            key_event = get_event()
        return result

    def _skip(self, event: Any) -> None:
        """Pass over the node that ``event`` starts, still checking its anchors and depth."""
        if event.anchor is not None:
            self._anchor(event)
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            self.depth += 1
            try:
                if self.depth > MAX_NESTING:
                    raise _TooDeep(_line(event))
                self._skip_children()
            finally:
                self.depth -= 1

    def _skip_children(self) -> None:
        """Pass over the rest of the collection just started (iteratively: it may nest deep)."""
        open_collections = 0
        while True:
            event = self.loader.get_event()
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                if open_collections == 0:
                    return
                open_collections -= 1
                continue
            if event.anchor is not None:
                self._anchor(event)
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                open_collections += 1
                if self.depth + open_collections > MAX_NESTING:
                    raise _TooDeep(_line(event))


def _line(event: Any) -> int:
    mark: Any = event.start_mark
    return int(mark.line) + 1


_NULL_TAG = "tag:yaml.org,2002:null"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


class _ExpansionError(Exception):
    pass


# What libyaml (and mathpath's own composing) says is wrong, for the interface language; any
# other problem is shown as the parser wrote it.
_YAML_PROBLEMS = frozenset(
    {
        N_("mapping values are not allowed in this context"),
        N_("block sequence entries are not allowed in this context"),
        N_("found character that cannot start any token"),
        N_("could not find expected ':'"),
        N_("did not find expected ',' or ']'"),
        N_("did not find expected ',' or '}'"),
        N_("did not find expected '-' indicator"),
        N_("did not find expected key"),
        N_("did not find expected node content"),
        N_("did not find expected <document start>"),
        N_("did not find expected comment or line break"),
        N_("did not find expected alphabetic or numeric character"),
        N_("found unexpected end of stream"),
        N_("found unknown escape character"),
        N_("found a tab character that violates indentation"),
        N_("found a tab character where an indentation space is expected"),
        N_("found unexpected document indicator"),
        N_("found undefined alias"),
        N_("found undefined tag handle"),
        N_("second occurrence"),
        N_("but found another document"),
    }
)


def _yaml_problem(text: object) -> str:
    """A parser's problem in the interface language where it is one of ``_YAML_PROBLEMS``."""
    words = str(text)
    return _(words) if words in _YAML_PROBLEMS else words


def _count_nodes(node: yaml.Node) -> int:
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return len(seen)


def read_text(
    path: Path,
    *,
    label: str | None = None,
    error: ErrorFactory = CatalogError,
    limit: int = MAX_CATALOG_BYTES,
) -> str:
    """Read a UTF-8 text file, turning every failure into a located ``Problem`` list (see
    ``mathpath.catalog.reading``: regular files only, at most ``limit`` bytes)."""
    return _read_text(path, limit=limit, label=label, error=error)


def parse_yaml(
    text: str, file: str, *, error: ErrorFactory = CatalogError, keep_going: bool = False
) -> YamlDocument:
    """Parse one YAML document into plain data; raise ``error`` with every problem on failure.

    With ``keep_going``, problems that still leave usable data (a duplicate key: the first value
    is kept) are returned in ``YamlDocument.problems`` so that validation can report them together
    with everything else.
    """
    if not text.strip():
        raise error([Problem(file, _("the file is empty"), hint=_("see `mathpath schema`"))])
    loader = _Loader(text)
    builder: _Builder
    root: yaml.Node | None = None
    try:
        if "*" in text:
            root = loader.get_single_node()
            empty = root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _NULL_TAG)
        else:
            # An alias is written `*name`: without a `*` nothing can expand, and the data is built
            # as the text is parsed, without ever holding the whole node tree.
            builder = _Streamer(loader, file)
            data, empty = builder.document()
    except _TooDeep as exc:
        raise error([nesting_problem(file, exc.line)]) from None
    except RecursionError:  # pragma: no cover - PyYAML's pure-Python composer, without libyaml
        raise error([nesting_problem(file, None)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        if "maximum nesting depth" in str(exc.problem):  # libyaml's own bound (1000 levels)
            raise error([nesting_problem(file, line)]) from None
        reason = _yaml_problem(exc.problem or exc.context)
        message = _("not valid YAML: {reason}").format(reason=reason)
        raise error([Problem(file, message, line=line)]) from None
    except yaml.YAMLError as exc:
        raise error([Problem(file, _("not valid YAML: {reason}").format(reason=exc))]) from None
    finally:
        loader.dispose()
    # A document with nothing in it ("---", or only "null") is as empty as an empty file.
    if empty:
        raise error([Problem(file, _("the file is empty"), hint=_("see `mathpath schema`"))])
    if root is not None:
        budget = max(ALIAS_EXPANSION_FLOOR, ALIAS_EXPANSION_FACTOR * _count_nodes(root))
        builder = _Builder(loader, file, budget)
        try:
            data = builder.build(root, ())
        except _ExpansionError:
            raise error(
                [
                    Problem(
                        file,
                        _(
                            "YAML aliases expand to far more data than the file contains "
                            "(an alias bomb?)"
                        ),
                        hint=_("write the data out instead of nesting anchors and aliases"),
                    )
                ]
            ) from None
        except _TooDeep as exc:
            raise error([nesting_problem(file, exc.line)]) from None
        except yaml.YAMLError as exc:
            raise error([Problem(file, _("not valid YAML: {reason}").format(reason=exc))]) from None
        del root
    problems = builder.problems
    if problems and not keep_going:
        raise error(problems)
    # The node tree is not returned: it is freed here, before the caller validates the data, and
    # `YamlDocument.line_of` composes it again from the text if it is ever needed.
    return YamlDocument(file=file, data=data, text=text, problems=problems)


def format_path(path: tuple[PathPart, ...] | list[PathPart]) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
