"""Currency conversion for the report's costs, always with the rate, its year and its source.

The report quotes land and sea costs in PKR and air costs in EUR (§4.3). Users may view them in
PKR, USD or EUR; a converted figure is only shown together with the rate that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.tables import DataTableError, read_table

CURRENCIES = ("PKR", "USD", "EUR")


@dataclass(frozen=True)
class Rate:
    """Units of ``currency`` per US dollar, with provenance."""

    currency: str
    per_usd: float
    year: str
    basis: str
    source: str
    note: str


@dataclass(frozen=True)
class RateTable:
    """A set of rates sharing a base (US dollars)."""

    rates: dict[str, Rate]

    def rate(self, currency: str) -> Rate:
        """The rate for one currency; ``ValueError`` if unknown."""
        try:
            return self.rates[currency]
        except KeyError:
            known = ", ".join(sorted(self.rates))
            raise ValueError(f"no exchange rate for {currency!r}; known: {known}") from None

    def convert(self, amount: float, source: str, target: str) -> float:
        """Convert ``amount`` from currency ``source`` to currency ``target``."""
        if source == target:
            return float(amount)
        return float(amount) / self.rate(source).per_usd * self.rate(target).per_usd

    def with_override(self, currency: str, per_usd: float, *, note: str) -> RateTable:
        """A copy with one rate replaced by a user's value (kept visible as such)."""
        if not per_usd > 0:
            raise ValueError("an exchange rate must be a positive number")
        old = self.rate(currency)
        rates = dict(self.rates)
        rates[currency] = Rate(
            currency, float(per_usd), old.year, "entered by the user", "user", note
        )
        return RateTable(rates)

    def describe(self, source: str, target: str) -> str:
        """One line stating the rate used between two currencies, its year and source."""
        if source == target:
            return f"Shown in {source}, as reported; no conversion."
        a, b = self.rate(source), self.rate(target)
        per_unit = self.convert(1, target, source)
        sources = sorted({a.source, b.source} - {"atlas"})
        years = sorted({a.year, b.year})
        return (
            f"1 {target} = {per_unit:,.2f} {source} "
            f"({'/'.join(years)} {a.basis if a.currency != 'USD' else b.basis}; "
            f"source: {', '.join(sources) or 'definition'})"
        )


def rates_from_table(data_dir: Path | None = None) -> RateTable:
    """Read and check ``exchange_rates.csv``."""
    frame = read_table(
        "exchange_rates",
        required=("currency", "per_usd", "year", "basis", "source", "confidence", "note"),
        non_empty=("currency", "per_usd", "year", "source"),
        numeric=("per_usd",),
        data_dir=data_dir,
    )
    rates = {
        row["currency"]: Rate(
            row["currency"], row["per_usd"], row["year"], row["basis"], row["source"], row["note"]
        )
        for row in frame.to_dict("records")
    }
    for code in CURRENCIES:
        if code not in rates:
            raise DataTableError(f"exchange_rates.csv: missing a rate for {code}")
        if not rates[code].per_usd > 0:
            raise DataTableError(f"exchange_rates.csv: rate for {code} must be positive")
    return RateTable(rates)


@lru_cache(maxsize=1)
def load_rates() -> RateTable:
    """The project's exchange rates, read once per process."""
    return rates_from_table()
