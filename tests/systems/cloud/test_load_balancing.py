"""Pruebas del balanceo de carga simulado (dadsbook.systems.cloud.load_balancing)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadsbook.systems.cloud import load_balancing as lb


def test_same_seed_same_result() -> None:
    a = lb.simulate_balancer("two_choices", lb.default_servers(), load=0.6, requests=800, seed=5)
    b = lb.simulate_balancer("two_choices", lb.default_servers(), load=0.6, requests=800, seed=5)
    assert a == b


def test_round_robin_spreads_evenly_and_ignores_speed() -> None:
    r = lb.simulate_balancer("round_robin", lb.default_servers(), load=0.3, requests=1000, seed=1)
    assert r.per_server == (250, 250, 250, 250)


def test_load_aware_policies_spare_the_slow_server() -> None:
    """A carga alta, mirar la carga manda menos trabajo al lento y recorta la cola."""
    servers = lb.default_servers()
    results = {
        p: lb.simulate_balancer(p, servers, load=0.8, requests=4000, seed=2) for p in lb.POLICIES
    }
    assert results["least_connections"].per_server[-1] < results["round_robin"].per_server[-1]
    assert results["least_connections"].p99_s < results["round_robin"].p99_s
    assert results["two_choices"].p99_s < results["random"].p99_s


@settings(max_examples=25)
@given(st.sampled_from(lb.POLICIES), st.integers(1, 300), st.integers(0, 10_000))
def test_every_request_is_served_once(policy: str, requests: int, seed: int) -> None:
    r = lb.simulate_balancer(
        policy, lb.random_servers(seed), load=0.5, requests=requests, seed=seed
    )
    assert r.completed == requests == sum(r.per_server)
    assert all(latency > 0 for latency in r.latencies_s)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"policy": "fastest"}, "policy"),
        ({"load": 1.0}, "load"),
        ({"load": 0}, "load"),
        ({"requests": 0}, "requests"),
        ({"servers": ()}, "servers"),
    ],
)
def test_bad_inputs(kwargs: dict[str, object], match: str) -> None:
    args: dict[str, object] = {
        "policy": "round_robin",
        "servers": lb.default_servers(),
        "load": 0.5,
        "requests": 10,
        "seed": 0,
    }
    args.update(kwargs)
    policy = args.pop("policy")
    servers = args.pop("servers")
    with pytest.raises(ValueError, match=match):
        lb.simulate_balancer(policy, servers, **args)  # type: ignore[arg-type]


def test_bad_servers() -> None:
    with pytest.raises(ValueError, match="speed"):
        lb.Server("X", 0)
    with pytest.raises(ValueError, match="slots"):
        lb.Server("X", 1, slots=0)
    with pytest.raises(ValueError, match="loads"):
        lb.compare_policies(lb.default_servers(), loads=[], requests=10, seed=0)


def test_p99_by_seed_repeats_with_distinct_seeds() -> None:
    tails = lb.p99_by_seed(
        lb.default_servers(), policies=["round_robin", "least_connections"], load=0.8,
        requests=1500, seeds=range(5),
    )  # fmt: skip
    assert [len(v) for v in tails.values()] == [5, 5]
    assert len(set(tails["round_robin"])) == 5
    assert all(a > b for a, b in zip(tails["round_robin"], tails["least_connections"], strict=True))
    with pytest.raises(ValueError, match="seeds"):
        lb.p99_by_seed(lb.default_servers(), policies=["random"], load=0.5, requests=10, seeds=[])


def test_servers_table_is_spanish() -> None:
    rows = lb.servers_table(lb.default_servers()).rows
    assert rows[-1] == ("D", "0,25", "1", "9,1 %")
