"""The benchmark's own tools: the floor breakdown read from the engine's log, and the scale curve's SVG."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from bench.floor import _events, _first
from bench.scale import scale_svg


def log_line(seconds: float, msg: str) -> str:
    return json.dumps({"time": f"2026-11-27T13:00:{seconds:09.6f}Z", "level": "INFO", "msg": msg})


def test_engine_log_events_are_found_in_order_by_every_part_of_their_message() -> None:
    log = "\n".join(
        [
            "not json",
            log_line(1.0, "langhost[python].GetRequiredPackages(root=/p) executing"),
            log_line(1.5, "langhost[python].GetRequiredPackages(root=/p) success: #versions=1"),
            log_line(2.0, "langhost[python].Run(pwd=/p) executing"),
            log_line(3.25, "langhost[python].Run(pwd=/p) success"),
        ]
    )
    events = _events(log)
    assert len(events) == 4
    start = _first(events, "GetRequiredPackages(", "executing")
    assert _first(events, "GetRequiredPackages(", "success", after=start) - start == 0.5
    assert _first(events, "Run(", "success", after=start) - _first(events, "Run(", "executing") == 1.25


def test_the_scale_svg_is_valid_and_draws_one_line_per_latency_in_each_panel() -> None:
    points = {"0 ms per call": [(1, 1.0), (10, 1.5), (100, 3.0)], "150 ms per call": [(1, 1.4), (10, 2.0), (100, 5.0)]}
    calls = {k: [(n, float(n + 3)) for n, _ in v] for k, v in points.items()}
    svg = ET.fromstring(scale_svg((1, 10, 100), points, calls, "test machine"))
    lines = svg.findall("{http://www.w3.org/2000/svg}polyline")
    assert len(lines) == 4
    assert all(len(line.attrib["points"].split()) == 3 for line in lines)
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "150 ms per call" in texts and "test machine" in texts
