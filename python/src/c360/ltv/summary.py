"""Per-customer RFM summaries (frequency, recency, T, monetary value) from a transaction log.

The conventions are those of the BG/NBD and Gamma-Gamma papers and of ``lifetimes``'
``summary_data_from_transaction_data``, with one period = one day:
- purchases on the same day are one purchase (their values are added);
- frequency = purchase days after the first; recency = days from the first to the last purchase
  day; T = days from the first purchase day to the end of observation;
- monetary value = mean value of the repeat purchase days (the first day excluded), 0 when
  frequency = 0.
The dbt model ``int_ltv__rfm_summary`` computes the same columns in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

__all__ = ["Transactions", "RfmSummary", "rfm_summary", "count_purchase_days"]


@dataclass(frozen=True)
class Transactions:
    """A transaction log: one entry per order (several per day are fine)."""

    customer_id: npt.NDArray[np.str_] | npt.NDArray[np.object_]
    day: npt.NDArray[np.datetime64]  # datetime64[D]
    value: npt.NDArray[np.float64]

    @classmethod
    def from_arrays(cls, customer_id: npt.ArrayLike, day: npt.ArrayLike, value: npt.ArrayLike) -> "Transactions":
        ids = np.asarray(customer_id).astype(str)
        days = np.asarray(day).astype("datetime64[D]")
        values = np.asarray(value, dtype=np.float64)
        if not (ids.shape == days.shape == values.shape):
            raise ValueError("customer_id, day and value must have the same length")
        return cls(ids, days, values)

    def until(self, end: date | np.datetime64) -> "Transactions":
        """Transactions on or before ``end``."""
        keep = self.day <= np.datetime64(end, "D")
        return Transactions(self.customer_id[keep], self.day[keep], self.value[keep])

    def between(self, start_exclusive: date | np.datetime64, end_inclusive: date | np.datetime64) -> "Transactions":
        keep = (self.day > np.datetime64(start_exclusive, "D")) & (self.day <= np.datetime64(end_inclusive, "D"))
        return Transactions(self.customer_id[keep], self.day[keep], self.value[keep])


@dataclass(frozen=True)
class RfmSummary:
    """One entry per customer, sorted by customer_id."""

    customer_id: npt.NDArray[np.str_]
    frequency: npt.NDArray[np.float64]
    recency: npt.NDArray[np.float64]
    T: npt.NDArray[np.float64]
    monetary_value: npt.NDArray[np.float64]
    first_day: npt.NDArray[np.datetime64]

    def __len__(self) -> int:
        return int(self.customer_id.size)


def _purchase_days(tx: Transactions) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.datetime64], npt.NDArray[np.float64]]:
    """Distinct (customer, day) with the day's total value, sorted by customer then day."""
    if tx.customer_id.size == 0:
        return tx.customer_id, tx.day, tx.value
    order = np.lexsort((tx.day, tx.customer_id))
    ids, days, vals = tx.customer_id[order], tx.day[order], tx.value[order]
    new = np.ones(ids.size, dtype=bool)
    new[1:] = (ids[1:] != ids[:-1]) | (days[1:] != days[:-1])
    starts = np.flatnonzero(new)
    return ids[starts], days[starts], np.add.reduceat(vals, starts)


def rfm_summary(tx: Transactions, observation_end: date | np.datetime64) -> RfmSummary:
    """Summarise the transactions on or before ``observation_end``, one entry per customer."""
    ids, days, vals = _purchase_days(tx.until(observation_end))
    end = np.datetime64(observation_end, "D")
    if ids.size == 0:
        empty = np.array([], dtype=np.float64)
        return RfmSummary(ids, empty, empty, empty, empty, days)
    first_of_customer = np.ones(ids.size, dtype=bool)
    first_of_customer[1:] = ids[1:] != ids[:-1]
    starts = np.flatnonzero(first_of_customer)
    counts = np.diff(np.append(starts, ids.size))
    first_day = days[starts]
    last_day = days[np.append(starts[1:], ids.size) - 1]
    total = np.add.reduceat(vals, starts)
    frequency = (counts - 1).astype(np.float64)
    repeat_total = total - vals[starts]
    monetary = np.where(frequency > 0, repeat_total / np.maximum(frequency, 1), 0.0)
    return RfmSummary(
        customer_id=ids[starts],
        frequency=frequency,
        recency=(last_day - first_day).astype(np.float64),
        T=(end - first_day).astype(np.float64),
        monetary_value=monetary,
        first_day=first_day,
    )


def count_purchase_days(tx: Transactions, customer_ids: npt.NDArray[np.str_]) -> npt.NDArray[np.float64]:
    """Number of distinct purchase days of each of ``customer_ids`` (sorted ids) in ``tx``."""
    ids, _, _ = _purchase_days(tx)
    uniq, counts = np.unique(ids, return_counts=True)
    pos = np.searchsorted(uniq, customer_ids)
    pos = np.clip(pos, 0, max(uniq.size - 1, 0))
    found = (uniq.size > 0) & (uniq[pos] == customer_ids) if uniq.size else np.zeros(customer_ids.size, dtype=bool)
    return np.where(found, counts[pos] if uniq.size else 0, 0).astype(np.float64)
