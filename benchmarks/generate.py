"""Generate valid synthetic catalogs of any size, for benchmarks and scale tests.

The shape imitates the real catalog: topics come in layers, each topic hard-requires one to three
topics of earlier layers; every topic has several alternative resources (different formats,
levels, hours and depths; some teach two or three topics of a layer; their requirements point at
earlier layers); a few broad "area" topics are parents of the specific ones; goals target topics
of the top layer. The output is a deterministic function of ``(resources, seed)``.

    python benchmarks/generate.py --resources 10000 --seed 1 -o out.yaml

Sizes: topics = resources // 10 (at least 8), goals = topics // 100 (at least 3).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMATS = ("course", "textbook", "video-series", "video", "interactive", "article")
LEVELS = ("intro", "intermediate", "advanced")
DEPTHS = ("overview", "working", "thorough")
PROVIDERS = ("MIT OCW", "Khan Academy", "Stanford", "3Blue1Brown", "fast.ai", "arXiv", "Coursera")
# Typical hours of study by format (low, high).
HOURS = {
    "course": (20.0, 160.0),
    "textbook": (30.0, 200.0),
    "video-series": (3.0, 30.0),
    "video": (0.25, 2.0),
    "interactive": (2.0, 40.0),
    "article": (0.5, 4.0),
}


@dataclass(frozen=True, slots=True)
class Counts:
    topics: int
    resources: int
    goals: int
    layers: int


def counts_for(resources: int) -> Counts:
    """The sizes a catalog with ``resources`` resources gets (the advertised counts)."""
    if resources < 8:
        raise ValueError("a generated catalog needs at least 8 resources")
    topics = max(8, resources // 10)
    layers = max(3, min(40, round(math.sqrt(topics) / 3)))
    return Counts(topics=topics, resources=resources, goals=max(3, topics // 100), layers=layers)


def generate(resources: int, seed: int = 1) -> dict[str, Any]:
    """A catalog as plain data (what ``yaml.safe_load`` of the written file returns)."""
    counts = counts_for(resources)
    rng = random.Random(seed)
    areas = max(1, counts.topics // 50)
    specific = counts.topics - areas

    # Layers of specific topics, each as large as the others (the first one takes the rest).
    layer_of: list[list[str]] = [[] for _ in range(counts.layers)]
    topics: list[dict[str, Any]] = []
    for a in range(areas):
        topics.append({"id": f"area-{a:04d}", "name": f"Area {a}", "aliases": [f"field {a}"]})
    for i in range(specific):
        layer = min(counts.layers - 1, i * counts.layers // specific)
        topic_id = f"t{layer:02d}-{i:06d}"
        topic: dict[str, Any] = {"id": topic_id, "name": f"Topic {i} (layer {layer})"}
        topic["parent"] = f"area-{rng.randrange(areas):04d}"
        if layer > 0:
            picks = dict.fromkeys(_earlier(rng, layer_of, layer) for _ in range(rng.randint(1, 3)))
            topic["requires"] = [_need(p, rng.choice(DEPTHS[:2])) for p in picks]
            if rng.random() < 0.1:
                topic["recommends"] = [_earlier(rng, layer_of, layer)]
        if rng.random() < 0.2:
            topic["description"] = f"Synthetic topic number {i}."
        layer_of[layer].append(topic_id)
        topics.append(topic)

    prerequisites = {t["id"]: [_split(n)[0] for n in t.get("requires", [])] for t in topics}
    all_specific = [t for layer_topics in layer_of for t in layer_topics]
    layer_index = {t: n for n, layer_topics in enumerate(layer_of) for t in layer_topics}
    catalog_resources: list[dict[str, Any]] = []
    for r in range(resources):
        # The first pass over the topics gives each one a thorough teacher, so every goal and
        # every requirement can be met; later resources are alternatives of every kind.
        primary = all_specific[r % len(all_specific)]
        first_teacher = r < len(all_specific)
        layer = layer_index[primary]
        fmt = "course" if first_teacher else rng.choice(FORMATS)
        depth = "thorough" if first_teacher else rng.choice(DEPTHS)
        teaches = [_need(primary, depth)]
        if rng.random() < 0.15:
            same_layer = layer_of[layer]
            for other in rng.sample(same_layer, min(len(same_layer), rng.randint(1, 2))):
                if other != primary:
                    teaches.append(_need(other, rng.choice(DEPTHS)))
        required = list(prerequisites[primary])
        if layer > 0 and rng.random() < 0.3:
            required.append(_earlier(rng, layer_of, layer))
        requires = [_need(t, rng.choice(DEPTHS[:2])) for t in dict.fromkeys(required)]
        low, high = HOURS[fmt]
        resource: dict[str, Any] = {
            "id": f"r{r:07d}",
            "title": f"Resource {r} on {primary}",
            "provider": rng.choice(PROVIDERS),
            "url": f"https://example.org/resources/r{r:07d}",
            "format": fmt,
            "hours": round(rng.uniform(low, high), 2),
            "level": LEVELS[min(2, layer * 3 // counts.layers)]
            if first_teacher
            else rng.choice(LEVELS),
            "free": first_teacher or rng.random() < 0.8,
            "teaches": teaches,
        }
        if requires:
            resource["requires"] = requires
        if rng.random() < 0.3:
            resource["authors"] = [f"Author {rng.randrange(1000)}"]
        if rng.random() < 0.1:
            resource["languages"] = ["en", "zh"]
            resource["titles"] = {"zh": f"资源 {r}"}
        elif rng.random() < 0.1:
            resource["translations"] = [{"lang": "zh", "kind": "subtitles"}]
        if rng.random() < 0.2:
            resource["hours_estimated"] = True
        catalog_resources.append(resource)

    top = layer_of[-1]
    goals = []
    for g in range(counts.goals):
        picks = rng.sample(top, min(len(top), rng.randint(1, 3)))
        goal: dict[str, Any] = {
            "id": f"goal-{g:04d}",
            "name": f"Goal {g}",
            "description": f"Reach {', '.join(picks)}.",
            "targets": [_need(p, rng.choice(DEPTHS[1:])) for p in picks],
        }
        if rng.random() < 0.5:
            goal["assumes"] = [rng.choice(layer_of[0])]
        goals.append(goal)

    return {
        "version": 1,
        "name": f"synthetic-{resources}-seed{seed}",
        "topics": topics,
        "resources": catalog_resources,
        "goals": goals,
    }


def _earlier(rng: random.Random, layer_of: list[list[str]], layer: int) -> str:
    """A topic of an earlier layer, most often the layer just below (prerequisites are local)."""
    below = layer - 1 if rng.random() < 0.6 else rng.randrange(layer)
    return rng.choice(layer_of[below])


def _need(topic: str, depth: str) -> str:
    return topic if depth == "overview" else f"{topic}@{depth}"


def _split(need: str) -> tuple[str, str]:
    topic, _, depth = need.partition("@")
    return topic, depth or "overview"


def dump(data: dict[str, Any]) -> str:
    import yaml

    dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(
        data,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=100,
    )
    return text


def write(path: Path, resources: int, seed: int = 1) -> Counts:
    path.write_text(dump(generate(resources, seed)), encoding="utf-8")
    return counts_for(resources)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resources", type=int, default=1000, help="number of resources")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    try:
        text = dump(generate(args.resources, args.seed))
    except ValueError as exc:
        parser.error(str(exc))
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        counts = counts_for(args.resources)
        print(
            f"{args.output}: {counts.topics} topics, {counts.resources} resources, "
            f"{counts.goals} goals in {counts.layers} layers",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
