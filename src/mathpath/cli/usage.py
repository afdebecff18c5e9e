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
from mathpath.i18n import _

ClickUsageError = click_errors.UsageError

#: The group's own options: given after a command, they are not that command's.
GLOBAL_OPTIONS = {"--catalog": True, "--no-cache": False, "--version": False}

_NEGATIVE = re.compile(r"^-\d")
_NO_COMMAND = re.compile(r"No such command '(?P<name>.*?)'\.(?: Did you mean (?P<close>.*)\?)?$")
_QUOTED = re.compile(r"'([^']*)'")  # each suggestion of typer's "Did you mean 'a', 'b'?"


def is_help(exc: Exception) -> bool:
    return isinstance(exc, click_errors.NoArgsIsHelpError)


def translated(exc: Any, args: Sequence[str]) -> UsageError:
    """``exc`` (a click ``UsageError``) as a mathpath ``UsageError``; ``args`` are the words
    after ``mathpath`` (the command's name first), to quote the value that was refused."""
    command = _command(exc, args)
    help_hint = _("see {command} --help").format(command=command)
    if isinstance(exc, click_errors.NoSuchOption):
        name = exc.option_name
        if _NEGATIVE.match(name):
            return UsageError(
                _(
                    "{option}: a negative number is not accepted here (it reads as an option)"
                ).format(option=name),
                hint=_("hours, counts and durations are more than 0"),
            )
        if name in GLOBAL_OPTIONS and command != "mathpath":
            return UsageError(
                _("{option} is an option of mathpath itself, not of {command}").format(
                    option=name, command=command.split()[-1]
                ),
                hint=_("{option} goes before the command: {example}").format(
                    option=name, example=_moved(name, args)
                ),
            )
        close = sorted(exc.possibilities or ())
        return UsageError(
            _("no such option: {option}").format(option=name), hint=_guess(close, help_hint)
        )
    if isinstance(exc, click_errors.MissingParameter):
        param = exc.param
        usage = _("usage: {usage}; {hint}").format(usage=_usage(exc), hint=help_hint)
        if param is None:
            return UsageError(_("missing a value"), hint=usage)
        return UsageError(_("missing {name}").format(name=_param_name(param)), hint=usage)
    if isinstance(exc, click_errors.BadParameter):
        param = exc.param
        name = _param_name(param) if param is not None else _("a value")
        value = _value_of(param, args) if param is not None else None
        kind = _kind(param)
        if kind is not None:
            if value is None:
                message = (
                    _("{name}: must be a number")
                    if kind == "number"
                    else _("{name}: must be a whole number")
                )
            else:
                message = (
                    _("{name}: {value} is not a number")
                    if kind == "number"
                    else _("{name}: {value} is not a whole number")
                )
            return UsageError(message.format(name=name, value=repr(value)), hint=help_hint)
        return UsageError(f"{name}: {_sentence(exc.message)}", hint=help_hint)
    if isinstance(exc, click_errors.BadOptionUsage) and "requires an argument" in exc.message:
        return UsageError(
            _("{option} needs a value").format(option=exc.option_name), hint=help_hint
        )
    unknown = _NO_COMMAND.match(exc.message)
    if unknown is not None:
        close = _QUOTED.findall(unknown["close"] or "")
        return UsageError(
            _("no such command: {command}").format(command=unknown["name"]),
            hint=_guess(close, _("see {command} --help").format(command=_command(exc, args))),
        )
    return UsageError(_sentence(exc.format_message()), hint=help_hint)


def _guess(close: Sequence[str], then: str) -> str:
    """``did you mean --goal? see mathpath plan --help``, or ``then`` alone."""
    if not close:
        return then
    # TRANSLATORS: between the suggestions of "did you mean 'a' or 'b'?"
    choices = _(" or ").join(close)
    return _("did you mean {choices}? {then}").format(choices=choices, then=then)


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
        return "number"
    if annotation is int:
        return "whole number"
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
