"""The Typer application: global options, shared state, and the one error-to-exit-code mapping.

Each group of commands lives in its own module (``browse``, ``plan_cmd``, ...) and registers
itself on ``app``; heavy modules (planner, exporters, rich renderers) are imported inside the
commands that need them so that ``mathpath --help`` stays fast.
"""

import contextlib
import os
import sys
from collections.abc import Iterator, MutableMapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from mathpath import i18n
from mathpath.cli.helpfmt import HelpText
from mathpath.errors import MathpathError
from mathpath.i18n import N_, _

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog
    from mathpath.catalog.progress import Progress


class _Context(typer.Context):
    formatter_class = HelpText


class _MathpathGroup(TyperGroup):
    """Maps every ``MathpathError`` raised by any command to stderr and its exit code.

    Doing it here (not in ``main``) means ``CliRunner`` tests see exactly what users see.
    """

    context_class = _Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands()

    def invoke(self, ctx: Any) -> Any:  # typer vendors click; its Context is private
        from mathpath.cli.usage import ClickUsageError, is_help, translated

        args = [*ctx._protected_args, *ctx.args]  # the command's name and its words
        _JSON_OUTPUT.set(_asks_for_json(args))
        try:
            try:
                return super().invoke(ctx)
            except ClickUsageError as exc:  # typer's parsing: told in mathpath's words
                if is_help(exc):
                    raise
                raise translated(exc, args) from None
        except MathpathError as exc:
            report_error(exc)
            raise typer.Exit(int(exc.exit_code)) from None

    def make_context(self, info_name: Any, args: Any, parent: Any = None, **extra: Any) -> Any:
        """The group's own options (``mathpath --bogus plan``): errors in the same words."""
        from mathpath.cli.usage import ClickUsageError, is_help, translated

        if extra.get("resilient_parsing"):  # completing: no language, and nothing said
            return super().make_context(info_name, args, parent=parent, **extra)
        if parent is None:  # the whole command line: decide its language before any output
            choose_language(list(args))
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except ClickUsageError as exc:
            if is_help(exc):
                raise
            error = translated(exc, list(args))
            report_error(error)
            raise typer.Exit(int(error.exit_code)) from None

    def _main_shell_completion(
        self, ctx_args: Any, prog_name: Any, complete_var: str | None = None
    ) -> None:
        """A completion request (Typer's scripts set ``_MATHPATH_COMPLETE``): answered by Typer
        with mathpath's values (``cli.completion``), and never a word on stderr: a shell shows
        whatever a completion prints there, in the middle of the line being typed."""
        from mathpath.cli import completion

        if not completion.requested(prog_name, complete_var):
            return
        with completion.answering():
            try:
                super()._main_shell_completion(ctx_args, prog_name, complete_var)
            except Exception:  # whatever went wrong: no completions
                sys.exit(1)

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted(super().list_commands(ctx))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _name_metavars(command)
            translate_help(command)
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        translate_help(self)
        super().format_help(ctx, formatter)


def _name_metavars(command: Any) -> None:
    """Help shows ``--goal GOAL`` and ``RESOURCE HOURS`` rather than typer's ``<str>``/``<float>``
    for every parameter that does not name its metavar itself."""
    for param in getattr(command, "params", ()):
        is_flag = getattr(param, "is_flag", False) or getattr(param, "count", False)
        if param.metavar is None and not is_flag and param.name:
            param.metavar = param.name.upper().rstrip("_")
    for sub in getattr(command, "commands", {}).values():  # profile, cache: nested groups
        _name_metavars(sub)


def report_error(exc: MathpathError) -> None:
    typer.echo(_("error: {message}").format(message=exc), err=True)


def choose_language(args: list[str]) -> i18n.Choice:
    """The interface language of this command line: its ``--lang``, the profile's, the
    environment's (see ``mathpath.i18n.choose``), put in use before anything is shown."""
    option = _lang_option(args)
    profile = None if option else _profile_language()
    choice = i18n.choose(option, profile)
    i18n.use(choice.code)
    # A language the learner set in the profile and mathpath does not speak is said, once per
    # command; a locale's (LANG=de_DE) is not: English is every program's fallback there. An
    # option's is said by the command, which knows whether the catalog has resources in it.
    if choice.note and choice.source == "profile":
        typer.echo(choice.note, err=True)
    return choice


def _lang_option(args: list[str]) -> str | None:
    for index, word in enumerate(args):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if word.startswith("--lang="):
            return word.partition("=")[2]
    return None


def _profile_language() -> str | None:
    from mathpath.learner import paths

    path = paths.profile_path()
    if not path.is_file():  # no profile: nothing of the profile's machinery imported
        return None
    from mathpath.learner.profile import profile_language

    return profile_language(path)


# Click's words in every help screen, translated where they are written (cli/helpfmt.py).
CLICK_WORDS = (
    N_("Options"),
    N_("Commands"),
    N_("Arguments"),
    N_("Usage: "),
    N_("Show this message and exit."),
)


def help_strings(command: Any) -> Any:
    """Every help text of ``command`` and its subcommands as written in the code (the message
    ids of the help's translations), with where each belongs."""
    name = getattr(command, "name", "") or "mathpath"
    for attribute in ("help", "short_help"):
        text = getattr(command, f"_mathpath_{attribute}", getattr(command, attribute, None))
        if text:
            yield text, f"help:{name}"
    for param in getattr(command, "params", ()):
        text = getattr(param, "_mathpath_help", getattr(param, "help", None))
        if text:
            yield text, f"help:{name}:{param.name}"
    for sub in getattr(command, "commands", {}).values():
        yield from help_strings(sub)


def translate_help(command: Any) -> None:
    """Show ``command``'s help (and its options', its subcommands') in the interface language.

    The English texts are kept beside the shown ones, so switching languages (tests do) works.
    """
    command.context_class = _Context
    for attribute in ("help", "short_help"):
        original = _original(command, attribute)
        if original:
            setattr(command, attribute, _(original))
    for param in getattr(command, "params", ()):
        original = _original(param, "help")
        if original:
            param.help = _(original)
    for sub in getattr(command, "commands", {}).values():
        translate_help(sub)


def _original(owner: Any, attribute: str) -> str | None:
    key = f"_mathpath_{attribute}"
    if not hasattr(owner, key):
        setattr(owner, key, getattr(owner, attribute, None))
    text: str | None = getattr(owner, key)
    return text


@dataclass
class State:
    """What the global options decided, shared with every command through ``ctx.obj``."""

    catalog_path: Path | None = None
    use_cache: bool = True
    _catalog: "Catalog | None" = field(default=None, repr=False)

    def catalog(self) -> "Catalog":
        if self._catalog is None:
            from mathpath.catalog import load_catalog

            with progress_shown() as progress:
                self._catalog = load_catalog(
                    self.catalog_path, use_cache=self.use_cache, progress=progress
                )
        return self._catalog


# Whether this command prints JSON (``--json``, ``--format json``): then nothing else is shown,
# not even progress on stderr.
_JSON_OUTPUT: ContextVar[bool] = ContextVar("mathpath_json_output", default=False)


def _asks_for_json(words: list[str]) -> bool:
    for index, word in enumerate(words):
        if word == "--":
            break
        if word == "--json" or word in ("--format=json", "-fjson"):
            return True
        if word in ("--format", "-f") and words[index + 1 : index + 2] == ["json"]:
            return True
    return False


def _stderr_is_terminal() -> bool:  # a seam for tests
    return sys.stderr.isatty()


@contextlib.contextmanager
def progress_shown() -> Iterator["Progress | None"]:
    """A progress callback for long work (``mathpath.catalog.progress``) that draws on stderr
    (``render/progress.py``) when stderr is a terminal and the command prints no JSON; None
    otherwise: piped, nothing is said."""
    if _JSON_OUTPUT.get() or not _stderr_is_terminal() or os.environ.get("TERM") == "dumb":
        yield None
        return
    from mathpath.render.console import make_console
    from mathpath.render.progress import progress_display

    with progress_display(make_console(stderr=True)) as progress:
        yield progress


@contextlib.contextmanager
def exporting(what: str) -> Iterator[None]:
    """Progress (as ``progress_shown``) while an export is made: ``what`` is being written."""
    from mathpath.catalog.progress import report, reporting

    with progress_shown() as progress, reporting(progress):
        report(_("Writing {what}").format(what=what), 0)
        yield


app = typer.Typer(
    name="mathpath",
    cls=_MathpathGroup,
    help=(
        "Plan your path through the mathematics of machine learning: which free resources to "
        "take, in which order, and when you will be done.\n\n"
        "Example: mathpath plan --goal deep-learning"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from mathpath import __version__

        typer.echo(f"mathpath {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    ctx: typer.Context,
    catalog: Annotated[
        Path | None,
        typer.Option(
            "--catalog",
            envvar="MATHPATH_CATALOG",
            help="Use this catalog file instead of the bundled one (also: $MATHPATH_CATALOG).",
            show_default=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Read and validate the catalog afresh, ignoring the cache."
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="The interface language, e.g. zh or en (default: your profile's lang, else "
            "$LC_ALL, $LC_MESSAGES or $LANG). Commands' own --lang sets it too.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    ctx.obj = State(catalog_path=catalog, use_cache=not no_cache)


def state(ctx: typer.Context) -> State:
    """The shared state, also when a command is invoked without the group (tests)."""
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


# Every command, by the module of mathpath.cli that defines and registers it. The group builds a
# command only when it is asked for (``_Commands``): ``mathpath plan`` and a completion build one
# of the 23 and import one module of them, not all (a completion: 486 M instructions -> 414 M).
# tests/cli/test_app.py checks that this names what each module registers.
COMMAND_MODULES: dict[str, str] = {
    "cache": "cache_cmd",
    "check": "check_cmd",
    "done": "learner",
    "goals": "browse",
    "graph": "graph_cmd",
    "init": "learner",
    "know": "learner",
    "list": "browse",
    "log": "learner",
    "next": "today_cmd",
    "plan": "plan_cmd",
    "profile": "learner",
    "review": "review_cmd",
    "schema": "browse",
    "show": "browse",
    "status": "learner",
    "today": "today_cmd",
    "topics": "browse",
    "undo": "learner",
    "unknow": "learner",
    "validate": "browse",
    "why": "plan_cmd",
}


def registered(module_name: str) -> typer.Typer:
    """A Typer app with the commands of one module of mathpath.cli (its ``register``)."""
    import importlib

    module = importlib.import_module(f"mathpath.cli.{module_name}")
    scratch = typer.Typer()
    module.register(scratch)
    return scratch


def _build(name: str) -> Any:
    """The click command ``name``, built by Typer from the module that registers it."""
    from typer.main import get_command_from_info, get_group_from_info

    scratch = registered(COMMAND_MODULES[name])
    for info in scratch.registered_commands:
        if info.name == name:
            return get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    for group_info in scratch.registered_groups:
        group = get_group_from_info(
            group_info,
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=app.rich_markup_mode,
            suggest_commands=app.suggest_commands,
        )
        if group.name == name:
            return group
    raise KeyError(name)  # pragma: no cover - COMMAND_MODULES is checked by a test


class _Commands(MutableMapping[str, Any]):
    """The root group's commands: every name in ``COMMAND_MODULES``, each built the first time it
    is looked up. Click and Typer only use the mapping (``get``, the keys for listing and for
    "did you mean"), so they see every command either way."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        command = self._built.get(name)
        if command is None:
            if name not in COMMAND_MODULES:
                raise KeyError(name)
            command = self._built[name] = _build(name)
        return command

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:  # pragma: no cover - click never removes one
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted({*COMMAND_MODULES, *self._built}))

    def __len__(self) -> int:
        return len({*COMMAND_MODULES, *self._built})


def main() -> None:
    """Console-script entry point: the one place that decides how the process lives and ends."""
    # A command is short-lived, makes little cyclic garbage and ends with os._exit: the cyclic
    # collector would only walk what reference counting frees anyway, and, worse, the whole of a
    # large catalog again and again while it is built and planned on (a 10k-resource catalog
    # parsed in 2.8 s with it and 1.2 s without). So it is off for the whole command; the core
    # leaves the collector alone, for library callers to decide.
    import gc

    gc.disable()
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        typer.echo(_("interrupted"), err=True)
        sys.exit(130)
    except SystemExit as done:  # how a Typer app always ends
        _exit_now(done)


def _exit_now(done: SystemExit) -> None:
    """End the process without tearing the interpreter down object by object.

    Everything the command wrote is flushed first; mathpath's own files are complete by then
    (written atomically and closed, locks released by their ``with`` blocks), and nothing of
    mathpath's runs at exit. What is skipped is freeing each object: after a plan on a
    100,000-resource catalog that alone took 0.3-0.45 s, longer than reading the cache.
    An exit status that is a message is left to Python, which prints it, and so is the whole
    exit when a profiler or tracer (cProfile, pyinstrument, coverage) is watching: they report
    at exit.
    """
    code = done.code
    if (code is not None and not isinstance(code, int)) or _observed():
        raise done
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream: what is lost was lost anyway
        pass
    os._exit(code or 0)


def _observed() -> bool:
    """Is a profiler or tracer running in this process (one that writes its report at exit)?"""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12+: coverage's sys.monitoring core
    if monitoring is None:
        return False
    return any(monitoring.get_tool(tool) is not None for tool in range(6))
