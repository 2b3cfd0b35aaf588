"""The blocks a run stores its facts in (`explain.snapshot`, `fact_columns`): read back school by school, in
any order and chunk by chunk, they give what the whole block gives; they hold numbers only, and what is not
such a block is refused. Pure: no database, no HTTP (the service's reading is in test_run_snapshot.py)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from services.identification.demo.generator import generate
from services.identification.methodology.engine import engine_input_from_demo, evaluate
from services.identification.methodology.explain import BLOCK, FactBlock, read_block, snapshot
from services.identification.methodology.fact_columns import (
    FactColumn,
    factorised,
    named,
    narrowed,
    narrowest,
    pack,
    unpack,
)
from services.identification.methodology.rules import default_rules

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


def test_a_block_read_school_by_school_in_any_order_equals_the_whole_block() -> None:
    rules = default_rules()
    evaluation = evaluate(engine_input_from_demo(generate(seed=5, schools=BLOCK + 40)), rules, "2023-2024")
    blocks = list(snapshot(evaluation))
    assert [len(rows["school_code"]) for _, rows in blocks] == [BLOCK, 40]
    for data, columns in blocks:
        rows = columns["school_code"]
        whole = read_block(data, rules)
        block = FactBlock(data, rules)
        order = list(range(len(rows)))
        random.Random(1).shuffle(order)
        assert len(block) == len(whole) == len(rows)
        assert {k: block.facts(k) for k in order} == dict(enumerate(whole))


def test_columns_read_as_the_values_a_facts_dict_holds() -> None:
    numbers = np.array([1.0, 2.5, np.nan, 0.1234567])
    assert FactColumn("counts", numbers).tolist() == [1, 2.5, None, 0.123457]
    assert FactColumn("floats", numbers)[1:3].tolist() == [2.5, None]
    assert FactColumn("raws", numbers).tolist()[3] == 0.1234567
    assert FactColumn("known", np.array([0.0, 1.0, np.nan])).tolist() == [False, True, None]
    assert named(np.array([0, 1, -1]), ["ВПР", "ОГЭ", ""]).tolist() == ["ВПР", "ОГЭ", ""]
    assert factorised(["a", None, "a", "b"]).tolist() == ["a", None, "a", "b"]
    assert FactColumn("listed", np.array([0, 1, 6]), ["2022-2023", "2023-2024", "2024-2025"]).tolist() == [
        None,
        ["2022-2023"],
        ["2023-2024", "2024-2025"],
    ]


def test_a_block_round_trips_and_keeps_only_the_names_it_uses() -> None:
    settlements = named(np.arange(1000) % 3, [f"поселение {k}" for k in range(1000)])
    tree = {"a": np.arange(5), "c": settlements[:6], "s": [None, 1.5, "текст", True], "d": {"b": np.ones(2, bool)}}
    data = pack(tree)
    back = unpack(data)
    assert back["a"].tolist() == list(range(5)) and back["d"]["b"].tolist() == [True, True]
    assert back["s"] == [None, 1.5, "текст", True]
    assert back["c"].tolist() == settlements[:6].tolist() and len(back["c"].names) == 3


@pytest.mark.parametrize("data", [b"", b"{}", b"OPF1", b"not a block at all", b"OPF1\xff\xff\xff\xff{"])
def test_what_is_not_a_block_is_refused(data: bytes) -> None:
    with pytest.raises(ValueError):
        unpack(data)


def test_only_numbers_are_stored() -> None:
    with pytest.raises(TypeError):
        pack({"objects": np.array(["a", None], dtype=object)})
    with pytest.raises(TypeError):
        pack({"set": {1, 2}})


def test_integers_are_stored_in_the_narrowest_type_and_read_back_equal() -> None:
    assert narrowest(np.array([0, 5, 200])).dtype == np.uint8
    assert narrowest(np.array([-1, 100])).dtype == np.int16  # numpy promotes int8 with uint8 to int16
    assert narrowest(np.array([0, 60_000])).dtype == np.uint16
    assert narrowest(np.array([-1, 2**40])).dtype == np.int64
    for kept in (np.array([0.5, 1.0]), np.array([True, False]), np.array([], dtype=np.int64)):
        assert narrowest(kept).dtype == kept.dtype
    wide = {"codes": FactColumn("named", np.array([0, 2, 1]), ["а", "б", "в"]), "n": [np.array([3, 70_000])]}
    narrow = narrowed(wide)
    assert narrow["codes"].values.dtype == np.uint8 and narrow["n"][0].dtype == np.uint32
    for tree in (wide, narrow):
        back = unpack(pack(tree))
        assert back["codes"].tolist() == ["а", "в", "б"] and back["n"][0].tolist() == [3, 70_000]
