"""The fault knobs: a seed injects the same faults however concurrent calls interleave, within the retry budgets."""

from __future__ import annotations

import itertools

from sandbox.faults import ID, Faults

CALLS = [("POST", "/v2/application-auth-strategies"), ("GET", "/v2/dcr-providers/0f3c6a8e-1111-2222-3333-444455556666")]
CALLS += [("PATCH", f"/v2/application-auth-strategies/{n:08d}-aaaa-bbbb-cccc-dddddddddddd") for n in range(3)]


def outcomes(order: list[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[int | None, bool]]]:
    """What each request shape met, in the order its requests came."""
    faults = Faults()
    faults.configure({"ratio": 0.4, "statuses": [429, 503], "drop_ratio": 0.3, "seed": 7})
    result: dict[tuple[str, str], list[tuple[int | None, bool]]] = {}
    for method, path in order:
        result.setdefault((method, ID.sub("{id}", path)), []).append(
            (faults.pick(method, path), faults.drop(method, path))
        )
    return result


def test_the_same_seed_injects_the_same_faults_whatever_the_interleaving() -> None:
    calls = [call for call in CALLS for _ in range(6)]
    reference = outcomes(calls)
    assert any(status for met in reference.values() for status, _ in met)
    assert any(drop for met in reference.values() for _, drop in met)
    # Another interleaving may hit another object of a shape first, never with other faults.
    for order in (list(reversed(calls)), calls[1::2] + calls[::2]):
        assert outcomes(order) == reference


def test_no_request_shape_fails_at_random_more_than_max_streak_times_in_a_row() -> None:
    faults = Faults()
    faults.configure({"ratio": 0.95, "statuses": [503], "seed": 3, "max_streak": 2})
    picks = [faults.pick("GET", "/v2/dcr-providers") for _ in range(60)]
    assert picks.count(503) > 30
    streaks = [len(list(group)) for status, group in itertools.groupby(picks) if status == 503]
    assert max(streaks) == 2


def test_counted_faults_fire_first_whatever_the_path() -> None:
    faults = Faults()
    faults.configure({"fail_next": 3, "status": 429})
    assert [faults.pick("POST", f"/p{n}") for n in range(4)] == [429, 429, 429, None]
