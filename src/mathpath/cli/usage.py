"""Typer's own usage errors (an unknown option, a value of the wrong type, a missing argument)
told in mathpath's words: ``error: ...`` and a hint, like every other mistake on the command line.

Typer vendors click; its exceptions are reached through ``typer._click`` because typer does not
re-export them. Help asked for by giving no arguments (``mathpath``, ``mathpath profile``) is not
an error and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from typer._click import exceptions as click_errors

from mathpath.errors import UsageError

ClickUsageError = click_errors.UsageError

#: The group's own options: given after a command, they are not that command's.
GLOBAL_OPTIONS = {"--catalog": True, "--no-cache": False, "--version": False}

_NEGATIVE = re.compile(r"^-\d")
_NO_COMMAND = re.compile(r"No such command '(?P<name>.*)'\.(?: Did you mean '(?P<close>.*)'\?)?$")


def is_help(exc: Exception) -> bool:
    return isinstance(exc, click_errors.NoArgsIsHelpError)


def translated(exc: Any, args: Sequence[str]) -> UsageError:
    """``exc`` (a click ``UsageError``) as a mathpath ``UsageError``; ``args`` are the words
    after ``mathpath`` (the command's name first), to quote the value that was refused."""
    command = _command(exc, args)
    help_hint = f"see {command} --help"
    if isinstance(exc, click_errors.NoSuchOption):
        name = exc.option_name
        if _NEGATIVE.match(name):
            return UsageError(
                f"{name}: a negative number is not accepted here (it reads as an option)",
                hint="hours, counts and durations are more than 0",
            )
        if name in GLOBAL_OPTIONS and command != "mathpath":
            return UsageError(
                f"{name} is an option of mathpath itself, not of {command.split()[-1]}",
                hint=f"{name} goes before the command: {_moved(name, args)}",
            )
        close = sorted(exc.possibilities or ())
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        return UsageError(f"no such option: {name}", hint=hint + help_hint)
    if isinstance(exc, click_errors.MissingParameter):
        param = exc.param
        what = _param_name(param) if param is not None else "a value"
        return UsageError(f"missing {what}", hint=f"usage: {_usage(exc)}; {help_hint}")
    if isinstance(exc, click_errors.BadParameter):
        param = exc.param
        name = _param_name(param) if param is not None else "a value"
        value = _value_of(param, args) if param is not None else None
        kind = _kind(param)
        if kind is not None:
            given = f"{value!r} is not" if value is not None else "must be"
            return UsageError(f"{name}: {given} {kind}", hint=help_hint)
        return UsageError(f"{name}: {_sentence(exc.message)}", hint=help_hint)
    if isinstance(exc, click_errors.BadOptionUsage) and "requires an argument" in exc.message:
        return UsageError(f"{exc.option_name} needs a value", hint=help_hint)
    unknown = _NO_COMMAND.match(exc.message)
    if unknown is not None:
        guess = f"did you mean {unknown['close']}? " if unknown["close"] else ""
        return UsageError(f"no such command: {unknown['name']}", hint=guess + "see mathpath --help")
    return UsageError(_sentence(exc.format_message()), hint=help_hint)


def _command(exc: Any, args: Sequence[str] = ()) -> str:
    """``mathpath plan``: the command path, named as a user types it (an error raised while
    parsing has no context of its own: then the command is the first word given)."""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        return " ".join(["mathpath", *ctx.command_path.split()[1:]])
    return " ".join(["mathpath", *[word for word in args[:1] if not word.startswith("-")]])


def _usage(exc: Any) -> str:
    ctx = exc.ctx
    pieces = ctx.command.collect_usage_pieces(ctx) if ctx is not None else []
    return " ".join([_command(exc), *pieces])


def _param_name(param: Any) -> str:
    if getattr(param, "param_type_name", "") == "option":
        return str(max(param.opts, key=len))
    return str(param.metavar or param.name or "a value").upper().strip("{}")


def _kind(param: Any) -> str | None:
    """What the value should have been, for the types typer converts itself."""
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    if annotation is float:
        return "a number"
    if annotation is int:
        return "a whole number"
    return None


def _value_of(param: Any, args: Sequence[str]) -> str | None:
    """The word the user gave for ``param`` (the last one, as the last one counts)."""
    found: str | None = None
    opts = set(getattr(param, "opts", ()))
    if getattr(param, "param_type_name", "") != "option":
        return None
    for n, word in enumerate(args):
        if word in opts and n + 1 < len(args):
            found = args[n + 1]
        elif "=" in word and word.split("=", 1)[0] in opts:
            found = word.split("=", 1)[1]
    return found


def _moved(name: str, args: Sequence[str]) -> str:
    """The same command with the group option moved before the command's name."""
    words = list(args)
    moved = [name]
    for n, word in enumerate(words):
        if word == name:
            takes_value = GLOBAL_OPTIONS[name] and n + 1 < len(words)
            moved = words[n : n + 2] if takes_value else [word]
            del words[n : n + len(moved)]
            break
        if word.startswith(name + "="):
            moved = [word]
            del words[n]
            break
    return " ".join(["mathpath", *moved, *words])


def _sentence(message: str) -> str:
    """click's ``No such command 'x'.`` as mathpath writes messages: lower case, no full stop."""
    text = message.strip().rstrip(".")
    return text[:1].lower() + text[1:]
