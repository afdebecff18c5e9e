"""What the learner knows and what the goal needs, as ``{topic: depth rank}`` maps.

Broad topics (those with children) stand for their descendants: a need on a broad topic is a need
on each of its *leaf* descendants (nobody teaches the broad word itself), and knowledge of a broad
topic is knowledge of the topic and everything below it. All closures are iterative and linear in
the topics and edges they touch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from mathpath.catalog.models import Catalog, Depth, Goal, Prerequisite, Resource, Role
from mathpath.planning.plans import minutes_from_hours

THOROUGH = Depth.THOROUGH.rank


def rank_of(depth: Depth) -> int:
    """``depth.rank`` without hashing an enum member (this runs once per catalog link)."""
    return 1 if depth is Depth.OVERVIEW else 2 if depth is Depth.WORKING else 3


Req = tuple[str, int]  # (leaf topic, depth rank): one thing a plan has to cover
DEPTH_OF_RANK = {depth.rank: depth for depth in Depth}
# For loops over every catalog link: a dict lookup costs a tenth of a call to ``rank_of``.
RANK_OF_DEPTH = {depth: depth.rank for depth in Depth}

# The resources teaching a topic: their catalog positions and, in step, the depth rank each
# teaches it at (two lists rather than a list of pairs: a third of the cost to build).
Teachers = tuple[list[int], list[int]]
Requirements = tuple[tuple[Req, ...], frozenset[Req]]  # (seeds_of, direct_reqs) of a resource


_NO_TEACHERS: Teachers = ([], [])


@dataclass(frozen=True, slots=True)
class ResourceColumns:
    """Per-resource facts as plain lists in catalog order, each read in one pass.

    On a 100,000-resource catalog a field read of every resource in catalog order takes ~10 ms,
    while reading the same field in the order a walk meets the resources takes several times
    that (the models lie scattered in memory); so what the planner needs of many resources is
    read up front, once per catalog, and looked up by catalog position.
    """

    plain: list[bool]  # plain_choice: what a request that filters nothing may choose
    all_plain: bool
    minutes: list[int]  # minutes_from_hours(hours)
    taught_count: list[int]  # len(teaches): a resource's cost is shared among what it teaches


# The language every learner is taken to read; ``--lang`` adds one (and prefers it).
PLAIN_LANGUAGE = "en"


def plain_choice(resource: Resource) -> bool:
    """Whether a request that filters nothing (``candidates.filters_nothing``) may choose
    ``resource``: study material, not further reading, in the plain language. It is
    ``candidates.filter_reason`` for such a request, read for every resource once per catalog."""
    return resource.role is not Role.FURTHER_READING and resource.available_in(PLAIN_LANGUAGE)


# The per-catalog tables as plain data (lists, a dict, ints and strings), which the planner keeps
# beside a cached catalog so that a warm start does not derive them again (0.13-0.2 s of the
# first plan on a 100,000-resource catalog, ~10 ms at 10,000): the columns ``plain``,
# ``minutes`` and ``taught_count`` and the table of each topic's own teachers.
StoredTables = tuple[list[bool], list[int], list[int], dict[str, Teachers]]


@dataclass
class TopicIndex:
    """Cached per-catalog topic lookups used by every step of planning."""

    catalog: Catalog
    _leaves: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _position: dict[str, int] = field(default_factory=dict)
    _steps: dict[Req, tuple[Req, ...]] = field(default_factory=dict)
    _provides: dict[str, dict[str, int]] = field(default_factory=dict)
    _seeds: dict[str, tuple[Req, ...]] = field(default_factory=dict)
    _direct: dict[str, frozenset[Req]] = field(default_factory=dict)
    _columns: ResourceColumns | None = None
    _taught: dict[str, Teachers] | None = None  # topic -> its own teachers
    _broad_taught: bool = False  # some topic with children is taught directly
    _teachers: dict[str, Teachers] = field(default_factory=dict)
    _requirements: list[Requirements | None] = field(default_factory=list)
    _reqs: dict[Req, Req] = field(default_factory=dict)
    _req_of_need: dict[int, Req] = field(default_factory=dict)  # id(TopicNeed) -> its req

    def provides_cached(self, resource: Resource) -> dict[str, int]:
        found = self._provides.get(resource.id)
        if found is None:
            found = self._provides[resource.id] = self.provides(resource)
        return found

    def seeds_of(self, resource: Resource) -> tuple[Req, ...]:
        """A resource's requirements as leaf reqs, in the order given (known or not)."""
        found = self._seeds.get(resource.id)
        if found is None:
            reqs: list[Req] = []
            for topic, rank in self.own_requires(resource):
                reqs += [(leaf, rank) for leaf in self.leaves(topic)]
            found = self._seeds[resource.id] = tuple(dict.fromkeys(reqs))
        return found

    def direct_reqs(self, resource: Resource) -> frozenset[Req]:
        """A resource's own requirements as a set of leaf reqs (known or not)."""
        found = self._direct.get(resource.id)
        if found is None:
            found = self._direct[resource.id] = frozenset(self.seeds_of(resource))
        return found

    def own_requires(self, resource: Resource) -> list[Req]:
        """What a resource needs, as (topic, rank): its own ``requires`` where it lists any;
        otherwise the default, the topic prerequisites of what it teaches that apply at the
        depth it teaches them (less what it teaches itself)."""
        if resource.requires:
            return [(need.topic, RANK_OF_DEPTH[need.depth]) for need in resource.requires]
        taught = self.provides(resource)
        reqs: list[Req] = []
        for topic, rank in taught.items():
            reqs += [req for req in self.step(topic, rank) if taught.get(req[0], 0) < req[1]]
        return list(dict.fromkeys(reqs))

    def teachers(self, topic: str) -> Teachers:
        """Every resource teaching a leaf topic, directly or through a broad topic above it, once
        each: the topic's own teachers in catalog order, then each broader topic's, nearest
        first; the rank is the deepest any of them gives. The lists must not be changed.

        Positions rather than resources: the planner's per-request tables are keyed and sorted by
        them, which is cheaper than by id and gives catalog order for free.
        """
        taught = self._taught_directly()
        if not self._broad_taught:  # the usual catalog: nothing to merge from broader topics
            return taught.get(topic, _NO_TEACHERS)
        found = self._teachers.get(topic)
        if found is None:
            ranks: dict[int, int] = {}
            for owner in (topic, *self.ancestors(topic)):
                positions, owner_ranks = taught.get(owner, _NO_TEACHERS)
                for position, rank in zip(positions, owner_ranks, strict=True):
                    if rank > ranks.get(position, 0):
                        ranks[position] = rank
            found = self._teachers[topic] = (list(ranks), list(ranks.values()))
        return found

    def _taught_directly(self) -> dict[str, Teachers]:
        if self._taught is None:
            self._set_taught(_taught_table(self.catalog.resources, self.columns().taught_count))
            assert self._taught is not None
        return self._taught

    def _set_taught(self, taught: dict[str, Teachers]) -> None:
        self._taught = taught
        children = self.catalog.children_of
        self._broad_taught = any(topic in children for topic in taught)

    def columns(self) -> ResourceColumns:
        """What planning reads of every resource, read once in catalog order."""
        if self._columns is None:
            resources = self.catalog.resources
            self._set_columns(
                [plain_choice(r) for r in resources],
                [minutes_from_hours(r.hours) for r in resources],
                [len(r.teaches) for r in resources],
            )
            assert self._columns is not None
        return self._columns

    def _set_columns(self, plain: list[bool], minutes: list[int], taught_count: list[int]) -> None:
        self._columns = ResourceColumns(
            plain=plain, all_plain=all(plain), minutes=minutes, taught_count=taught_count
        )

    def stored_tables(self) -> StoredTables:
        """The per-catalog tables as plain data, to keep beside the cached catalog."""
        columns = self.columns()
        return columns.plain, columns.minutes, columns.taught_count, self._taught_directly()

    def adopt(self, tables: StoredTables) -> bool:
        """Take ``stored_tables`` kept from an equal catalog instead of deriving them again.

        Their types were checked as they were read back; returns False, taking nothing, unless
        they also fit this catalog: a column per resource, positions of its resources, depth
        ranks, lengths of what a resource teaches (at least one) and minutes (at least one, as
        for any hours the catalog accepts). Values within those bounds come from a cache that
        mathpath wrote, or from someone who can write it, who could as well change the cached
        catalog within its types; nothing here can make the planner fail.
        """
        plain, minutes, taught_count, taught = tables
        size = len(self.catalog.resources)
        if not (len(plain) == len(minutes) == len(taught_count) == size):
            return False
        if size and (min(minutes) < 1 or min(taught_count) < 1):
            return False
        for positions, ranks in taught.values():
            if len(positions) != len(ranks) or not positions:
                return False
            if min(positions) < 0 or max(positions) >= size or min(ranks) < 1 or max(ranks) > 3:
                return False
        self._set_columns(plain, minutes, taught_count)
        self._set_taught(taught)
        return True

    def requirements(self, position: int) -> Requirements:
        """``(seeds_of, direct_reqs)`` of the resource at a catalog position, built together.

        Requirements on specific topics (the usual case) are their own seeds and direct reqs;
        only a requirement on a broad topic takes the longer way through ``seed_reqs``.
        """
        table = self._requirements
        if not table:
            table = self._requirements = [None] * len(self.catalog.resources)
        found = table[position]
        if found is None:
            resource = self.catalog.resources[position]
            found = table[position] = self._requirements_of(resource)
        return found

    def seeds_at(self, positions: list[int]) -> list[tuple[Req, ...]]:
        """``requirements(p)[0]`` for each position, reading the table directly where it has
        the answer already (the planner asks for every candidate's seeds twice)."""
        table = self._requirements
        if not table:
            return [self.requirements(p)[0] for p in positions]
        return [(table[p] or self.requirements(p))[0] for p in positions]

    def _requirements_of(self, resource: Resource) -> Requirements:
        # A catalog from the cache shares one TopicNeed object between equal requirements, so
        # each need's req is remembered by the object's identity (fewer reads of scattered
        # objects: ~20% faster at 100k); the catalog, which the index holds, keeps them alive.
        req_of_need = self._req_of_need
        reqs: list[Req] = []
        if not resource.requires:  # the topic defaults
            seeds = tuple(self.interned(self.seeds_of(resource)))
            return seeds, frozenset(seeds)
        for need in resource.requires:
            req = req_of_need.get(id(need))
            if req is None:
                if need.topic in self.catalog.children_of:
                    seeds = tuple(self.interned(self.seeds_of(resource)))
                    return seeds, frozenset(seeds)
                req = (need.topic, RANK_OF_DEPTH[need.depth])
                req = req_of_need[id(need)] = self._reqs.setdefault(req, req)
            reqs.append(req)
        direct = frozenset(reqs)
        # (the same requirement named twice is kept once, at its first place)
        return tuple(reqs) if len(direct) == len(reqs) else tuple(dict.fromkeys(reqs)), direct

    def interned(self, reqs: Iterable[Req]) -> list[Req]:
        """The one tuple kept for each req: equal reqs are then the same object, which set and
        dict lookups compare by identity before anything else."""
        one = self._reqs.setdefault
        return [one(req, req) for req in reqs]

    def position(self, resource_id: str) -> int:
        """A resource's place in the catalog: the stable tie-break everywhere."""
        if not self._position:
            self._position = {r.id: i for i, r in enumerate(self.catalog.resources)}
        return self._position[resource_id]

    def leaves(self, topic: str) -> tuple[str, ...]:
        """The specific topics a (possibly broad) topic stands for."""
        found = self._leaves.get(topic)
        if found is None:
            children = self.catalog.children_of
            if topic not in children:
                found = (topic,)
            else:
                found = tuple(
                    t for t in self.catalog.topic_and_descendants(topic) if t not in children
                )
            self._leaves[topic] = found
        return found

    def ancestors(self, topic: str) -> list[str]:
        """Broader topics above ``topic`` through ``parent`` (nearest first)."""
        return self.catalog.ancestors(topic)

    def provides(self, resource: Resource) -> dict[str, int]:
        """``{leaf topic: depth rank}`` a resource teaches (a broad topic teaches its leaves)."""
        taught: dict[str, int] = {}
        for need in resource.teaches:
            for leaf in self.leaves(need.topic):
                if taught.get(leaf, 0) < rank_of(need.depth):
                    taught[leaf] = rank_of(need.depth)
        return taught

    def step(self, topic: str, rank: int = THOROUGH) -> tuple[Req, ...]:
        """The hard prerequisites of ``topic`` needed at ``rank`` (those that apply from that
        depth or shallower), as leaf reqs at their edges' depths (memoised)."""
        key = (topic, rank)
        found = self._steps.get(key)
        if found is None:
            reqs: list[Req] = []
            for need in self._requires(topic):
                if RANK_OF_DEPTH[need.applies_from] > rank:
                    continue
                need_rank = RANK_OF_DEPTH[need.depth]
                reqs += [(leaf, need_rank) for leaf in self.leaves(need.topic)]
            found = self._steps[key] = tuple(self.interned(dict.fromkeys(reqs)))
        return found

    def walk(self, seeds: Iterable[Req], known: dict[str, int], needed: set[Req]) -> list[Req]:
        """Add to ``needed`` the seeds that are not known; return those newly added.

        A resource's requirements are exactly what it needs: what they build on is the business
        of the resources chosen to meet them (their own requirements), not a closure here.
        """
        added: list[Req] = []
        for req in seeds:
            if req not in needed and known.get(req[0], 0) < req[1]:
                needed.add(req)
                added.append(req)
        return added

    def needs_closure(
        self,
        seeds: Iterable[Req],
        parent: dict[str, str] | None = None,
        known: dict[str, int] | None = None,
    ) -> dict[str, int]:
        """Seeds plus, transitively, every hard prerequisite that applies at the depth needed,
        at its edge's depth. A topic ``known`` deeply enough needs nothing (nor does what it
        builds on, through it).

        When ``parent`` is given it records, for each topic found, the topic that pulled it in
        (for reasons such as "linear-algebra, which deep-learning builds on").
        """
        knows = known or {}
        needed: dict[str, int] = {}
        stack: list[tuple[str, int, str]] = [(t, r, "") for t, r in reversed(list(seeds))]
        while stack:
            topic, rank, via = stack.pop()
            leaves = self.leaves(topic)
            pending: list[tuple[str, int, str]] = []
            if leaves != (topic,):  # a broad topic: its own prerequisites apply too
                pending += [(t, r, via) for t, r in self._broad_step(topic, rank)]
            for leaf in leaves:
                if needed.get(leaf, 0) >= rank or knows.get(leaf, 0) >= rank:
                    continue
                first_visit = leaf not in needed
                needed[leaf] = rank
                if parent is not None and first_visit and via:
                    parent.setdefault(leaf, via)
                pending += [(t, r, leaf) for t, r in self.step(leaf, rank)]
            stack.extend(reversed(pending))
        return needed

    def _broad_step(self, topic: str, rank: int) -> list[Req]:
        return [
            (need.topic, RANK_OF_DEPTH[need.depth])
            for need in self._requires(topic)
            if RANK_OF_DEPTH[need.applies_from] <= rank
        ]

    def known_closure(self, seeds: Iterable[Req]) -> dict[str, int]:
        """Knowing ``T`` at a depth: ``T`` (and every topic below a broad ``T``) at that depth,
        and each prerequisite that applies at that depth known at the depth its edge demands,
        never deeper than ``T`` itself is known, transitively."""
        known: dict[str, int] = {}
        stack = list(seeds)
        while stack:
            topic, rank = stack.pop()
            for member in self.catalog.topic_and_descendants(topic):
                if known.get(member, 0) >= rank:
                    continue
                known[member] = rank
                stack.extend(
                    (need.topic, min(RANK_OF_DEPTH[need.depth], rank))
                    for need in self._requires(member)
                    if RANK_OF_DEPTH[need.applies_from] <= rank
                )
        return known

    def done_knowledge(self, done: Iterable[Resource]) -> dict[str, int]:
        """Finishing a resource: what it teaches, at those depths, and what it requires, at
        those depths (the learner met them to do it); nothing more."""
        known: dict[str, int] = {}
        for resource in done:
            for topic, rank in (*self.provides(resource).items(), *self.seeds_of(resource)):
                if rank > known.get(topic, 0):
                    known[topic] = rank
        return known

    def learner_knowledge(self, know: Iterable[Req], done: Iterable[Resource]) -> dict[str, int]:
        """What ``--know`` and ``--done`` (and recorded progress) make known, together."""
        known = self.known_closure(know)
        for topic, rank in self.done_knowledge(done).items():
            if rank > known.get(topic, 0):
                known[topic] = rank
        return known

    def _requires(self, topic: str) -> list[Prerequisite]:
        found = self.catalog.topic_by_id.get(topic)
        return found.requires if found is not None else []


def _taught_table(resources: list[Resource], counts: list[int]) -> dict[str, Teachers]:
    """Topic -> the resources teaching it and their depth ranks, in catalog order.

    Built in passes (all first needs, then their topics, then their ranks) rather than resource
    by resource: the passes make shorter chains of memory reads, which is ~2x faster here.
    """
    teaches = [r.teaches for r in resources]
    firsts = [t[0] for t in teaches]
    topics = [n.topic for n in firsts]
    rank_of_depth = RANK_OF_DEPTH
    ranks = [rank_of_depth[n.depth] for n in firsts]
    taught: dict[str, Teachers] = {}
    found_for = taught.get
    for position, topic in enumerate(topics):
        if counts[position] == 1:
            found = found_for(topic)
            if found is None:
                taught[topic] = ([position], [ranks[position]])
            else:
                found[0].append(position)
                found[1].append(ranks[position])
            continue
        deepest: dict[str, int] = {}  # a topic taught twice counts at its deeper depth
        for need in teaches[position]:
            rank = rank_of_depth[need.depth]
            if rank > deepest.get(need.topic, 0):
                deepest[need.topic] = rank
        for other, rank in deepest.items():
            found = taught.setdefault(other, ([], []))
            found[0].append(position)
            found[1].append(rank)
    return taught


@dataclass(frozen=True, slots=True)
class Knowledge:
    """Everything treated as known, and which of it the goal assumes."""

    known: dict[str, int]
    assumed: tuple[str, ...]


def goal_knowledge(
    index: TopicIndex,
    goal: Goal,
    know: Iterable[Req],
    done: Iterable[Resource],
) -> Knowledge:
    known = index.learner_knowledge([*know, *((topic, THOROUGH) for topic in goal.assumes)], done)
    return Knowledge(known, tuple(goal.assumes))


def waiting_lists(
    demands: Iterable[tuple[int, frozenset[Req]]],
) -> tuple[list[int], dict[int, int], dict[Req, list[int]]]:
    """The start of forward chaining over candidates and their demands (reqs to be met before
    them): the candidates demanding nothing (ready, in the order given), each other one's number
    of demands, and for each req the candidates waiting for it (in the order given)."""
    ready: list[int] = []
    unmet_count: dict[int, int] = {}
    waiting: dict[Req, list[int]] = {}
    waiting_for = waiting.get
    for candidate, wanted in demands:
        if not wanted:
            ready.append(candidate)
            continue
        unmet_count[candidate] = len(wanted)
        for req in wanted:
            found = waiting_for(req)
            if found is None:
                waiting[req] = [candidate]
            else:
                found.append(candidate)
    return ready, unmet_count, waiting


def unmet(needs: dict[str, int], known: dict[str, int]) -> dict[str, int]:
    return {t: r for t, r in needs.items() if known.get(t, 0) < r}
