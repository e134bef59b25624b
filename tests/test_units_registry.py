"""The unit registry built from units/definitions.txt, and exact conversions."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pint
import pytest

import units
from units import _registry


def test_registry_holds_only_the_definitions_file() -> None:
    """Pint's default units are absent: only the domain's own units exist."""
    with pytest.raises(pint.errors.UndefinedUnitError):
        units.ureg.parse_units("furlong")
    assert units.ureg.parse_units("亩") is not None


DOMAIN_UNITS = [
    "%", "‰", "元", "万元", "亿元", "元/亩", "万元/亩", "万元/个", "亩", "万亩", "公顷",
    "平方米", "万平方米", "立方米", "万立方米", "公里", "米", "厘米", "公斤", "吨", "个",
    "人", "人次", "户", "户次", "次", "件", "套", "本", "宗", "座", "处", "所", "株", "只",
    "头", "名", "篇", "份", "种", "条", "辆", "台", "例", "单", "起", "期", "部", "批",
    "项", "家", "册", "张", "年", "月", "天", "小时", "分钟", "周岁", "等别", "倍",
    "次/年", "次/月", "人/年", "1/月", "TB",
]


@pytest.mark.parametrize("unit", DOMAIN_UNITS)
def test_every_domain_unit_parses(unit: str) -> None:
    """Every unit of domain.md §4 is accepted by ureg.parse_units."""
    units.ureg.parse_units(unit)


def test_every_canonical_spelling_parses() -> None:
    """Each canonical spelling the lexicon can emit is a unit Pint accepts."""
    for spelling in _registry.CANONICAL_UNITS:
        units.ureg.parse_units(spelling)


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        ("15", "亩", "公顷", "1"),
        ("3", "万元/亩", "元/公顷", "450000"),
        ("1", "亿元", "万元", "10000"),
        ("95", "百分比", "%", "95"),
        ("4", "‰", "%", "0.4"),
        ("2.5", "公里", "米", "2500"),
        ("0.565", "km", "公里", "0.565"),
        ("3500", "公斤", "吨", "3.5"),
        ("1", "万平方米", "平方米", "10000"),
        ("12", "名", "人", "12"),
        ("1", "年", "月", "12"),
        ("2", "小时", "分钟", "120"),
    ],
)
def test_convert_is_exact(value: str, source: str, target: str, expected: str) -> None:
    """Conversions use exact factors: 15 亩 = 1 公顷, 4 ‰ = 0.4 % …"""
    assert units.convert(Decimal(value), source, target) == Decimal(expected)


def test_factor_is_an_exact_fraction() -> None:
    """1 亩 is exactly 1/15 公顷 (no float drift)."""
    assert units.factor("亩", "公顷") == Fraction(1, 15)


def test_non_terminating_conversion_stays_an_exact_fraction() -> None:
    """1 亩 in 公顷 does not end as a decimal: it stays the fraction 1/15, never cut to 28
    digits (101 亩 against ≥8 公顷 at weight 15 is exactly 12.625 → 12.63)."""
    assert units.convert(Decimal(1), "亩", "公顷") == Fraction(1, 15)
    assert units.convert(Decimal(101), "亩", "公顷") * 15 / 8 == Fraction("12.625")
    assert units.convert(Decimal(30), "亩", "公顷") == Decimal(2)


def _all_units() -> list[str]:
    """Every canonical unit of the registry and its 万-/亿-/千- forms."""
    bases = sorted(_registry.CANONICAL_UNITS)
    prefixed = [f"{prefix}{unit}" for unit in bases if unit not in _registry.UNPREFIXED
                for prefix in _registry.PREFIXES]
    return bases + prefixed


def _primes(number: int) -> set[int]:
    found, candidate = set(), 2
    while candidate * candidate <= number:
        while number % candidate == 0:
            found.add(candidate)
            number //= candidate
        candidate += 1
    return found | ({number} if number > 1 else set())


#: The primes the definitions' numbers are made of (10, 15, 24, 60, 12, 365 = 5·73, 7 days).
DEFINITION_PRIMES = {2, 3, 5, 7, 73}


def test_every_factor_of_the_registry_is_exact() -> None:
    """For every pair of units of one dimension: the factor is a fraction made only of the
    definitions' own primes (no float drift, which would bring 2^52-sized or stray primes),
    agrees with the float registry, and inverts exactly; chains compose exactly."""
    by_dimension: dict[str, list[str]] = {}
    for unit in _all_units():
        by_dimension.setdefault(str(units.ureg.parse_units(unit).dimensionality), []).append(unit)
    pairs = 0
    for members in by_dimension.values():
        anchor = members[0]
        for source in members:
            to_anchor = units.factor(source, anchor)
            for target in members:
                found = units.factor(source, target)
                assert isinstance(found, Fraction)
                assert found * units.factor(target, source) == 1, (source, target)
                assert found == to_anchor / units.factor(target, anchor), (source, target)
                primes = _primes(found.numerator) | _primes(found.denominator)
                assert primes <= DEFINITION_PRIMES, (source, target, found)
                floating = units.ureg.Quantity(1.0, source).to(target).magnitude
                assert abs(float(found) - floating) <= 1e-12 * abs(floating), (source, target)
                pairs += 1
    assert pairs > 1000


@pytest.mark.parametrize(
    ("source", "target"),
    [("个", "人"), ("人", "人次"), ("户", "户次"), ("次", "人次"), ("亩", "元"), ("%", "个"),
     ("等别", "个"), ("件", "套")],
)
def test_counting_words_do_not_mix(source: str, target: str) -> None:
    """12 个 is not 12 人: each counting word has its own dimension."""
    with pytest.raises(units.UnitMismatch):
        units.convert(Decimal(12), source, target)


def test_mixing_counting_words_in_pint_is_a_dimensionality_error() -> None:
    """In the registry itself, 个 → 人 is a DimensionalityError."""
    with pytest.raises(pint.errors.DimensionalityError):
        units.ureg.Quantity(12, "个").to("人")


def test_unit_mismatch_is_a_parse_error() -> None:
    """UnitMismatch can be caught as ParseError and names the wanted unit."""
    with pytest.raises(units.ParseError, match="convertible to '人'"):
        units.convert(Decimal(1), "个", "人")


def test_unknown_unit_is_a_parse_error() -> None:
    """A unit the definitions do not know raises ParseError, not a Pint error."""
    with pytest.raises(units.ParseError):
        units.convert(Decimal(1), "furlong", "米")


def test_rates_convert() -> None:
    """Rates of counts convert through their time unit: 12 次/年 = 1 次/月."""
    assert units.convert(Decimal(12), "次/年", "次/月") == Decimal(1)
