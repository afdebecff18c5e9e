"""Dated study sessions from an ordered selection of resources.

The model, in whole minutes (docs/readme/plan.md, "The schedule", says the same for users):

* **The week.** No calendar week (Monday-Sunday) gets more than the weekly budget
  (``hours_per_week``, rounded down to a minute). Each study day has a share of it:

  - ``blocks`` (the default): the fewest study days that hold the budget in sittings of at most
    ``block`` minutes (or ``session_hours x parallel``, if shorter), spaced evenly through the
    week, share it equally (6 h on every day: 4 x 90 minutes, Monday, Wednesday, Friday, Sunday);
  - ``spread``: every study day shares it equally (6 h on every day: 7 x 51-52 minutes);
  - in both, never so many days that a share is under ``min_session``; the earlier days get the
    odd minutes;
  - ``day_hours`` (``--days mon=1,sat=3``): each day its own hours. When they add up to more
    than the weekly budget they are cut down in proportion (a day that would fall under the
    minimum sitting is left out and its time shared by the others); when they add up to less,
    that is what a week gets.

  A day off (``skip``, a public holiday) and any share that is not used (before ``start``,
  nothing ready) are lost, never moved to another day.
* **Sittings.** Up to ``parallel`` resources are *active*. On each study day every active
  resource, in study order, gets one sitting of at most ``session_hours`` (the parts of one
  resource share it) until the day's share is used. A sitting is never shorter than
  ``min_session``: a resource does not start in a day's last few minutes, and its end is not a
  short tail. A short rest merges into the sitting before it (which may then run past the
  day's share by less than the minimum, never past ``session_hours``, a day's own hours or the
  week's budget); where that is not possible the sitting before it is shortened so that the
  last one is the minimum; where neither is possible the resource waits for the next study day.
  The only sittings shorter than the minimum: a resource that is shorter, and a rest that no day
  can hold and that cannot be split into two sittings of the minimum (when ``session_hours`` or
  every day's own hours are under twice the minimum).
* **Order.** A resource becomes ready once every resource it must follow has had its last
  session; that may be earlier the same day, in which case it starts later that day. A freed
  slot goes to the first ready resource in study order. A resource with a window (a live
  edition, ``--live``) is not started before the window opens; from then on it takes the first
  place on each study day, beside whatever else is in progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from mathpath.errors import PlanError
from mathpath.i18n import _, day_word, listing, ngettext
from mathpath.planning.daysoff import DaysOff
from mathpath.planning.plans import (
    Plan,
    ScheduleOptions,
    Session,
    WeekCapacity,
    budget_minutes,
    format_duration,
    minutes_from_hours,
    week_monday,
)

if TYPE_CHECKING:
    from mathpath.planning.reviews import ReviewBook

MAX_YEARS = 50  # a schedule longer than this is a mistake in the numbers, not a plan
_NO_LIMIT = 1 << 40


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    minutes: int
    after: tuple[str, ...] = ()  # ids of earlier tasks that must have had their last session
    # Tasks with the same sitting key share one sitting a day (the parts of one resource): the
    # ``session_hours`` cap and the minimum sitting are per key and day. Empty: the task's own
    # id. The tasks of one key come one after another in study order.
    sitting: str = ""
    window: tuple[date, date] | None = None  # a live edition's first and last day (inclusive)


# --- the week -----------------------------------------------------------------------------------


def daily_allowance(minutes_per_week: int, study_days: Sequence[int]) -> dict[int, int]:
    """``minutes_per_week`` shared equally by ``study_days`` (Monday = 0); the earlier days get
    the odd minutes. The sum is the weekly budget."""
    days = sorted(set(study_days))
    if not days:
        return {}
    base, extra = divmod(minutes_per_week, len(days))
    return {day: base + (1 if n < extra else 0) for n, day in enumerate(days)}


def weekly_budget(options: ScheduleOptions) -> int:
    return budget_minutes(options.hours_per_week)


def session_cap(options: ScheduleOptions) -> int:
    return max(1, minutes_from_hours(options.session_hours))


def day_pattern(options: ScheduleOptions, minutes_per_week: int | None = None) -> dict[int, int]:
    """Each study day's share of a regular week, in minutes (see the module notes); days that
    get nothing are left out."""
    budget = weekly_budget(options) if minutes_per_week is None else minutes_per_week
    shortest = options.shortest_sitting
    if options.day_hours:
        own = {day: budget_minutes(hours) for day, hours in options.day_hours}
        if sum(own.values()) <= budget:
            return own
        # Shared in proportion to what each day surely takes: its hours, at most a sitting.
        usable = session_cap(options)
        weights = {day: min(minutes, usable) for day, minutes in own.items()}
        if sum(weights.values()) > budget:
            shares = _shrink(weights, budget, shortest)
        else:  # the rest of the budget in proportion to what the days hold beyond that
            excess = {day: own[day] - weights[day] for day in own}
            extra = _shrink(excess, budget - sum(weights.values()), 1)
            shares = {day: weights[day] + extra.get(day, 0) for day in own}
        return {d: m for d, m in shares.items() if m > 0}
    days = list(options.days)
    most = max(1, budget // shortest)  # days of at least the minimum sitting
    if options.fill == "spread":
        count = min(len(days), most)
    else:
        length = max(1, min(options.block, session_cap(options) * options.parallel))
        count = min(len(days), most, max(1, -(-budget // length)))
    chosen = [days[((2 * k + 1) * len(days)) // (2 * count)] for k in range(count)]
    return {d: m for d, m in daily_allowance(budget, chosen).items() if m > 0}


def _shrink(own: dict[int, int], budget: int, shortest: int) -> dict[int, int]:
    """Days' own minutes cut down in proportion to fit ``budget`` (largest remainders, earlier
    days first), leaving out, smallest first, a day that would fall under ``shortest``."""
    kept = dict(own)
    while True:
        total = sum(kept.values())
        if total <= budget:
            return kept
        shares = {day: minutes * budget // total for day, minutes in kept.items()}
        order = sorted(kept, key=lambda day: (-(kept[day] * budget % total), day))
        for day in order[: budget - sum(shares.values())]:
            shares[day] += 1
        short = [day for day, minutes in shares.items() if minutes < shortest]
        if not short or len(kept) == 1:
            return shares
        del kept[min(short, key=lambda day: (shares[day], -day))]


def week_capacity(options: ScheduleOptions, minutes_per_week: int | None = None) -> WeekCapacity:
    """What a full week really takes, and why it is less than the budget when it is: the days'
    own hours, or sittings (``session_hours x parallel`` a day) shorter than the shares. (A week
    in which one resource ends and the next starts on the same day may get a little more, up to
    the budget.)"""
    budget = weekly_budget(options) if minutes_per_week is None else minutes_per_week
    pattern = day_pattern(options, budget)
    per_day = session_cap(options) * options.parallel
    usable = sum(min(share, per_day) for share in pattern.values())
    if usable >= budget:
        return WeekCapacity(budget, budget)
    reasons: list[str] = []
    if options.day_hours:
        own = sum(budget_minutes(hours) for _, hours in options.day_hours)
        if own < budget:
            days = listing(
                f"{day_word(day)} {format_duration(budget_minutes(hours))}"
                for day, hours in options.day_hours
            )
            reasons.append(
                _("the study days' own hours add up to {time} ({days})").format(
                    time=format_duration(own), days=days
                )
            )
    limited = [day for day, share in pattern.items() if share > per_day]
    if limited:
        sittings = ngettext(
            "sittings up to {time}, {n} resource at a time",
            "sittings up to {time}, {n} resources at a time",
            options.parallel,
        ).format(time=format_duration(session_cap(options)), n=options.parallel)
        if len(limited) == len(pattern):
            count = len(pattern)
            reasons.append(
                ngettext(
                    "{n} study day with {sittings}", "{n} study days with {sittings}", count
                ).format(n=count, sittings=sittings)
            )
        else:
            held = listing(
                _("{time} of {day}'s {share}").format(
                    time=format_duration(per_day),
                    day=day_word(day),
                    share=format_duration(pattern[day]),
                )
                for day in sorted(limited)
            )
            reasons.append(_("{sittings} hold only {held}").format(sittings=sittings, held=held))
        reasons[-1] = _("{reason} (raise --session-hours or --parallel, or add --days)").format(
            reason=reasons[-1]
        )
    why = _("most weeks get {usable}, not the {budget} budgeted: {reasons}").format(
        usable=format_duration(usable), budget=format_duration(budget), reasons="; ".join(reasons)
    )
    return WeekCapacity(budget, usable, why)


# --- the sessions -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Key:
    """The tasks that share a sitting key (one resource), scheduled as one."""

    key: str
    position: int  # of its first task in study order
    tasks: list[Task] = field(default_factory=list)
    window: tuple[date, date] | None = None
    current: int = 0  # index of its first unfinished task


def schedule(
    tasks: Sequence[Task],
    options: ScheduleOptions,
    *,
    minutes_per_week: int | None = None,
    days_off: DaysOff | None = None,
    reviews: ReviewBook | None = None,
) -> tuple[Session, ...]:
    """Sessions in date order, then study order. ``tasks`` must be in study order.

    ``reviews`` (spaced review, ``mathpath.planning.reviews``): on each study day the reviews
    due take their minutes first, from the day's share and the week's budget, and what a task
    teaches enters review on the day of its last session; the book keeps the review sittings."""
    budget = weekly_budget(options) if minutes_per_week is None else minutes_per_week
    shortest = options.shortest_sitting
    if budget < 1:
        raise PlanError(
            _("the weekly budget is less than a minute per week: nothing can be scheduled")
        )
    if budget < shortest:
        raise PlanError(
            _(
                "the weekly budget ({time}) is less than the shortest sitting (--min-session "
                "{shortest} min)"
            ).format(time=format_duration(budget), shortest=shortest)
        )
    pattern = day_pattern(options, budget)
    if not pattern:
        raise PlanError(_("no study day has any time: nothing can be scheduled"))
    explicit = bool(options.day_hours)
    cap = session_cap(options)
    off = days_off if days_off is not None else DaysOff(options.skip, options.holidays)
    # The longest sitting a fresh day can take. A rest is splittable when some number n of
    # sittings, each of the minimum to that, adds up to it: n x minimum <= rest <= n x roomiest.
    roomiest = max(min(cap, share if explicit else budget) for share in pattern.values())

    keys = _keys(tasks)
    position = {task.id: n for n, task in enumerate(tasks)}
    remaining = {task.id: max(0, task.minutes) for task in tasks}
    finished = {task.id for task in tasks if task.minutes <= 0}
    for entry in keys:
        _advance(entry, remaining)
    pending = [k for k in keys if k.current < len(k.tasks)]
    live = any(k.window is not None for k in pending)  # some resource has a live window
    active: list[_Key] = []
    sessions: list[Session] = []
    day = options.start
    limit = _add_years(options.start, MAX_YEARS)
    week: date | None = None
    week_left = budget
    while pending or active:
        if day > limit:
            raise PlanError(
                _(
                    "at {hours} hours a week this plan would take more than {years} years: raise "
                    "--hours-per-week"
                ).format(hours=f"{budget / 60:g}", years=MAX_YEARS)
            )
        monday = week_monday(day)
        if monday != week:
            week, week_left = monday, budget
        share = pattern.get(day.weekday(), 0)
        if share and off.reason(day) is not None:
            share = 0
        mark = len(sessions)
        if share and reviews is not None:  # spaced review: reserved before new study
            placed = reviews.place(day, min(share, week_left))
            share, week_left = share - placed, week_left - placed
        if share:
            week_left -= _study_day(
                day, share, min(week_left, share if explicit else _NO_LIMIT), week_left,
                cap, shortest, roomiest, pending, active, remaining, finished, options.parallel,
                sessions, live,
            )  # fmt: skip
            if reviews is not None:
                ended = [s.resource_id for s in sessions[mark:] if remaining[s.resource_id] == 0]
                reviews.finished(dict.fromkeys(ended), day)
        day += timedelta(days=1)
    sessions.sort(key=lambda s: (s.date, position[s.resource_id]))
    return tuple(sessions)


def _study_day(
    day: date,
    share: int,
    day_hard: int,
    week_left: int,
    cap: int,
    shortest: int,
    roomiest: int,
    pending: list[_Key],
    active: list[_Key],
    remaining: dict[str, int],
    finished: set[str],
    parallel: int,
    sessions: list[Session],
    live: bool,
) -> int:
    """One study day: sittings in priority order until its share is used. Returns the minutes
    given."""
    used = 0
    soft_left = share
    decided: set[str] = set()  # one sitting a day per key
    progress = True
    while progress:
        progress = False
        _activate(day, pending, active, finished, parallel, live)
        for entry in sorted(active, key=lambda k: (not _in_window(k, day), k.position)):
            if entry.key in decided:
                continue
            rest = _ready_rest(entry, remaining, finished)
            if rest <= 0:
                continue
            decided.add(entry.key)
            hard = min(cap, day_hard - used, week_left - used)
            soft = max(0, min(hard, soft_left))
            give = _give(rest, soft, hard, shortest, roomiest)
            if give <= 0:
                continue
            used += give
            soft_left -= give
            progress = True
            _take(entry, give, day, remaining, finished, sessions)
            if entry.current >= len(entry.tasks):
                active.remove(entry)
    return used


def _give(rest: int, soft: int, hard: int, shortest: int, roomiest: int) -> int:
    """How long today's sitting of a resource with ``rest`` minutes left (and ready) is, with
    ``soft`` minutes left in the day's share, ``hard`` the most it may take at all and
    ``roomiest`` the longest sitting a fresh study day can take."""

    def splittable(minutes: int) -> bool:  # into n sittings of the minimum up to roomiest
        return -(-minutes // roomiest) * shortest <= minutes

    if rest <= soft:
        return rest
    if soft > 0 and rest <= hard and rest - soft < shortest:
        return rest  # a short rest merges into this sitting
    # Leave at least the minimum, and a rest that later sittings of the minimum can take.
    for give in range(min(soft, rest - shortest), shortest - 1, -1):
        if splittable(rest - give):
            return give
    if rest > roomiest and not splittable(rest):  # no way without a short sitting
        return min(soft, rest)
    return 0  # not today: a later study day takes it in sittings of the minimum or more


def _keys(tasks: Sequence[Task]) -> list[_Key]:
    found: dict[str, _Key] = {}
    previous = ""
    for n, task in enumerate(tasks):
        key = task.sitting or task.id
        entry = found.get(key)
        if entry is None:
            entry = found[key] = _Key(key, n, window=task.window)
        elif key != previous:
            raise ValueError(f"the tasks of sitting {key!r} are not one after another")
        entry.tasks.append(task)
        previous = key
    return list(found.values())


def _advance(entry: _Key, remaining: dict[str, int]) -> None:
    while entry.current < len(entry.tasks) and remaining[entry.tasks[entry.current].id] <= 0:
        entry.current += 1


def _ready_rest(entry: _Key, remaining: dict[str, int], finished: set[str]) -> int:
    """The minutes left of the key's tasks from the current one on, as far as each is free to
    start (what it must follow, outside the key, is finished)."""
    own = {task.id for task in entry.tasks}
    rest = 0
    for task in entry.tasks[entry.current :]:
        if any(a not in finished and a not in own for a in task.after):
            break
        rest += remaining[task.id]
    return rest


def _take(
    entry: _Key,
    minutes: int,
    day: date,
    remaining: dict[str, int],
    finished: set[str],
    sessions: list[Session],
) -> None:
    """``minutes`` of one sitting, through the key's tasks in order."""
    while minutes > 0 and entry.current < len(entry.tasks):
        task = entry.tasks[entry.current]
        part = min(minutes, remaining[task.id])
        sessions.append(Session(day, task.id, part))
        remaining[task.id] -= part
        minutes -= part
        if remaining[task.id] == 0:
            finished.add(task.id)
            entry.current += 1
            _advance(entry, remaining)


def _in_window(entry: _Key, day: date) -> bool:
    return entry.window is not None and entry.window[0] <= day <= entry.window[1]


def _activate(
    day: date,
    pending: list[_Key],
    active: list[_Key],
    finished: set[str],
    parallel: int,
    live: bool,
) -> None:
    """Ready keys become active in study order while there is a slot; a key in its live window
    takes no slot."""
    # Linear in what is pending: once the slots are full only a key in its live window can
    # still come in, and the slot count is kept as keys come in (a scan per entry made a
    # 4,000-item plan take minutes).
    slots = sum(1 for k in active if not _in_window(k, day))
    n = 0
    while n < len(pending):
        entry = pending[n]
        in_window = _in_window(entry, day)
        if slots >= parallel and not in_window:
            if not live:
                return  # nothing else can come in today
            n += 1
            continue
        first = entry.tasks[entry.current]
        ready = all(a in finished or _own(entry, a) for a in first.after)
        if entry.window is not None and day < entry.window[0]:
            ready = False
        if ready:
            active.append(pending.pop(n))
            slots += not in_window
        else:
            n += 1


def _own(entry: _Key, task_id: str) -> bool:
    return any(task.id == task_id for task in entry.tasks)


def session_starts(sessions: Sequence[Session], times: dict[int, time]) -> list[datetime | None]:
    """When each session starts (local time, no zone), for ``times`` by weekday: a day's first
    session at that day's time, each next one that day when the one before it ends, so that the
    sittings of a day are back to back and never overlap. None on a day without a time."""
    starts: list[datetime | None] = []
    day: date | None = None
    at: datetime | None = None
    for session in sessions:
        if session.date != day:
            day = session.date
            clock = times.get(day.weekday())
            at = datetime.combine(day, clock.replace(tzinfo=None)) if clock is not None else None
        starts.append(at)
        if at is not None:
            at += timedelta(minutes=session.minutes)
    return starts


def finish_date(sessions: Sequence[Session], start: date) -> date:
    return max((s.date for s in sessions), default=start)


# --- deadlines ----------------------------------------------------------------------------------


def required_minutes_per_week(
    tasks: Sequence[Task], options: ScheduleOptions, deadline: date
) -> int | None:
    """The smallest weekly budget that finishes by ``deadline``, or None if none can.

    More minutes than a week can take (``week_capacity`` at the largest budget: the days' own
    hours, ``parallel x session_hours`` per study day) cannot be used, so the search is bounded
    by that; within it the finish date only moves earlier as the budget grows (up to the
    rounding of sittings, so the answer is checked and, where needed, walked up)."""
    if not any(task.minutes > 0 for task in tasks):
        return 0
    off = DaysOff(options.skip, options.holidays)
    ceiling = week_capacity(options, budget_minutes(168.0)).minutes
    ceiling = max(ceiling, options.shortest_sitting)
    if _finish_with(tasks, options, ceiling, off) > deadline:
        return None
    first_monday = week_monday(options.start)
    weeks = (deadline - first_monday).days // 7 + 1  # calendar weeks from start to deadline
    total = sum(max(0, task.minutes) for task in tasks)
    low = min(ceiling, max(options.shortest_sitting, -(-total // weeks)))
    high = ceiling
    while low < high:
        middle = (low + high) // 2
        if _finish_with(tasks, options, middle, off) <= deadline:
            high = middle
        else:
            low = middle + 1
    return low


def _finish_with(
    tasks: Sequence[Task], options: ScheduleOptions, minutes_per_week: int, off: DaysOff
) -> date:
    try:
        sessions = schedule(tasks, options, minutes_per_week=minutes_per_week, days_off=off)
    except PlanError:
        return date.max
    return finish_date(sessions, options.start)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- weeks --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Week:
    """One calendar week of a schedule (Monday-Sunday)."""

    monday: date
    minutes: int
    resource_ids: tuple[str, ...]  # in the order they first appear that week


def weekly_totals(sessions: Sequence[Session]) -> list[Week]:
    """Weeks that have sessions, in date order."""
    weeks: dict[date, tuple[int, dict[str, None]]] = {}
    for session in sessions:
        monday = week_monday(session.date)
        minutes, ids = weeks.get(monday, (0, {}))
        ids[session.resource_id] = None
        weeks[monday] = (minutes + session.minutes, ids)
    return [Week(monday, minutes, tuple(ids)) for monday, (minutes, ids) in sorted(weeks.items())]


def calendar_weeks(plan: Plan) -> int:
    """Calendar weeks (Monday-Sunday) from the start's week to the finish's, 0 when empty."""
    if not plan.sessions:
        return 0
    first = week_monday(plan.start)
    last = week_monday(plan.finish)
    return (last - first).days // 7 + 1
