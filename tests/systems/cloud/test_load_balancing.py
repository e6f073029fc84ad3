"""Pruebas del balanceo de carga simulado (dadsbook.systems.cloud.load_balancing)."""

from __future__ import annotations

import dataclasses
import hashlib

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


@settings(max_examples=40)
@given(
    st.sampled_from(lb.POLICIES),
    st.integers(1, 6),
    st.lists(st.integers(1, 3), min_size=6, max_size=6),
    st.floats(0.05, 0.99),
    st.integers(1, 1500),
    st.integers(0, 10_000),
)
def test_the_fast_path_gives_the_simpy_numbers(
    policy: str, count: int, slots: list[int], load: float, requests: int, seed: int
) -> None:
    """Sin motor de eventos, las mismas latencias (mismo orden) y el mismo reparto que SimPy."""
    servers = tuple(
        lb.Server(s.name, s.speed, slots[i]) for i, s in enumerate(lb.random_servers(seed, count))
    )
    reference = lb.simulate_balancer_simpy(policy, servers, load=load, requests=requests, seed=seed)
    fast = lb._simulate_queues(policy, servers, load, requests, seed, 0.01)
    assert fast == (reference.latencies_s, reference.per_server)  # sin empates: sin SimPy
    same = lb.simulate_balancer(policy, servers, load=load, requests=requests, seed=seed)
    assert same == reference


def test_a_tie_falls_back_to_simpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Si dos instantes coinciden (``_simulate_queues`` devuelve ``None``), decide SimPy."""
    calls: list[str] = []
    reference = lb.simulate_balancer_simpy

    def spy(policy: str, *args: object, **kwargs: object) -> lb.BalancerResult:
        calls.append(policy)
        return reference(policy, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(lb, "_simulate_queues", lambda *args: None)
    monkeypatch.setattr(lb, "simulate_balancer_simpy", spy)
    servers = lb.default_servers()
    r = lb.simulate_balancer("two_choices", servers, load=0.7, requests=300, seed=4)
    assert calls == ["two_choices"]
    assert r == reference("two_choices", servers, load=0.7, requests=300, seed=4)


def test_the_published_numbers_do_not_change() -> None:
    """La carga más alta del libro publicado (perfil ``full``): huellas de los resultados
    calculados con SimPy antes de la versión sin motor de eventos. Si cambian las
    versiones de Python, el generador podría cambiar: recalcúlalas con SimPy."""
    runs = lb.compare_policies(lb.default_servers(), loads=[0.85], requests=12_000, seed=3)
    digests = {
        p: hashlib.sha256(repr(dataclasses.astuple(r[0])).encode()).hexdigest()[:16]
        for p, r in runs.items()
    }
    assert digests == {
        "round_robin": "341e38622b797449",
        "random": "e14ed2bc3cfce2fe",
        "least_connections": "e4f0686fda4087ea",
        "two_choices": "942e1c084641e2cb",
    }
