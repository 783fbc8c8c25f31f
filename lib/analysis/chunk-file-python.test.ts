import { describe, expect, it } from "vitest";
import { analyzeFile } from "./chunk-file";
import { expectExactChunks, lineOf } from "./chunk-test-support";
import { outlineSource } from "./outline-source";

const INVENTORY = `"""Inventory service: stock levels, reservations and restock alerts."""

from __future__ import annotations

import logging
import os.path as osp
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional

from .models import Item, Reservation
from ..notifications.email import send_email

__all__ = ["Inventory", "StockLevel", "restock_report"]

LOW_STOCK_THRESHOLD = 5
_logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StockLevel:
    sku: str
    on_hand: int
    reserved: int = 0

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class Inventory:
    """Tracks stock per SKU and the reservations held against it."""

    def __init__(self, items: Iterable[Item]):
        self._levels: dict[str, StockLevel] = {}
        self._reservations: dict[str, list[Reservation]] = defaultdict(list)
        for item in items:
            self._levels[item.sku] = StockLevel(item.sku, item.quantity)

    def level(self, sku: str) -> Optional[StockLevel]:
        return self._levels.get(sku)

    # Reservations fail loudly: a silent oversell is worse than an error page.
    def reserve(self, sku: str, quantity: int, order_id: str) -> Reservation:
        level = self._levels.get(sku)
        if level is None:
            raise KeyError(f"unknown SKU {sku}")
        if level.available < quantity:
            raise ValueError(f"only {level.available} of {sku} available")
        reservation = Reservation(sku=sku, quantity=quantity, order_id=order_id)
        self._reservations[sku].append(reservation)
        self._levels[sku] = StockLevel(sku, level.on_hand, level.reserved + quantity)
        _logger.info("reserved %s x%d for %s", sku, quantity, order_id)
        return reservation

    def release(self, reservation: Reservation) -> None:
        held = self._reservations[reservation.sku]
        if reservation not in held:
            return
        held.remove(reservation)
        level = self._levels[reservation.sku]
        self._levels[reservation.sku] = StockLevel(
            level.sku, level.on_hand, level.reserved - reservation.quantity
        )

    def restock(self, sku: str, quantity: int) -> StockLevel:
        if quantity <= 0:
            raise ValueError("restock quantity must be positive")
        level = self._levels.get(sku) or StockLevel(sku, 0)
        restocked = StockLevel(sku, level.on_hand + quantity, level.reserved)
        self._levels[sku] = restocked
        return restocked

    def __contains__(self, sku: str) -> bool:
        return sku in self._levels

    @staticmethod
    def _normalise(sku: str) -> str:
        return sku.strip().upper()

    async def sync_from_warehouse(self, client) -> int:
        """Pulls counts from the warehouse API; returns how many SKUs changed."""

        def changed(old: StockLevel, count: int) -> bool:
            return old.on_hand != count

        updated = 0
        async for sku, count in client.stream_counts():
            sku = self._normalise(sku)
            old = self._levels.get(sku)
            if old is None or changed(old, count):
                self._levels[sku] = StockLevel(sku, count, old.reserved if old else 0)
                updated += 1
        return updated


def restock_report(inventory: Inventory, threshold: int = LOW_STOCK_THRESHOLD) -> list[str]:
    low = []
    for sku, level in sorted(inventory._levels.items()):
        if level.available <= threshold:
            low.append(f"{sku}: {level.available} left")
    return low


def _send_alerts(lines: list[str]) -> None:
    import smtplib  # only needed when alerts are on

    if not lines:
        return
    send_email("Low stock", "\\n".join(lines))


if __name__ == "__main__":
    path = osp.join(os.getcwd(), "inventory.json")
    _send_alerts(restock_report(Inventory([])))
`;

describe("analyzeFile on Python", () => {
  it("splits a big class into its methods and keeps the module glue", async () => {
    const result = await analyzeFile({
      path: "inventory/service.py",
      language: "python",
      content: INVENTORY,
    });
    expect(result.strategy).toBe("syntax");
    expectExactChunks(INVENTORY, result.chunks);
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine, chunk.symbol])).toEqual([
      // Docstring, imports and __all__ are glue; they merge with the two constants.
      [1, 17, "LOW_STOCK_THRESHOLD, _logger"],
      // Nine lines with its decorator: a class of its own.
      [20, 28, "StockLevel"],
      // The class line and docstring join the first method.
      [31, 38, "Inventory.__init__"],
      // Two lines between two standalone methods: a chunk of its own, not absorbed.
      [40, 41, "Inventory.level"],
      [43, 54, "Inventory.reserve"],
      [56, 64, "Inventory.release"],
      [66, 72, "Inventory.restock"],
      // One-line methods (with a decorator) merge.
      [74, 79, "Inventory.__contains__, Inventory._normalise"],
      [81, 94, "Inventory.sync_from_warehouse"],
      [97, 102, "restock_report"],
      // The three-line `if __name__` block is glue; it joins the function before it.
      [105, 115, "_send_alerts"],
    ]);
    expect(result.chunks[8].text.startsWith("    async def sync_from_warehouse")).toBe(true);
  });

  it("attaches decorators and comments to definitions", async () => {
    const outline = await outlineSource("python", INVENTORY);
    const stockLevel = outline?.declarations.find(
      (declaration) => declaration.name === "StockLevel",
    );
    expect(stockLevel?.range).toEqual({
      start: lineOf(INVENTORY, "@dataclass(frozen=True)"),
      end: 28,
    });
    const inventory = outline?.declarations.find((declaration) => declaration.name === "Inventory");
    const reserve = inventory?.members.find((member) => member.name === "Inventory.reserve");
    expect(reserve?.range).toEqual({
      start: lineOf(INVENTORY, "# Reservations fail loudly"),
      end: 54,
    });
    const normalise = inventory?.members.find((member) => member.name === "Inventory._normalise");
    expect(normalise?.range.start).toBe(lineOf(INVENTORY, "@staticmethod"));
  });

  it("follows __all__ for exports and skips nested functions", async () => {
    const { symbols } = await analyzeFile({
      path: "service.py",
      language: "python",
      content: INVENTORY,
    });
    const byName = new Map(symbols.map((symbol) => [symbol.name, symbol]));
    expect(byName.get("Inventory")).toEqual({
      name: "Inventory",
      kind: "class",
      line: 31,
      exported: true,
    });
    expect(byName.get("StockLevel")).toMatchObject({ kind: "class", line: 21, exported: true });
    expect(byName.get("StockLevel.available")).toMatchObject({ kind: "method", exported: true });
    expect(byName.get("restock_report")).toMatchObject({ kind: "function", exported: true });
    // Public by spelling but left out of __all__.
    expect(byName.get("LOW_STOCK_THRESHOLD")).toMatchObject({ kind: "variable", exported: false });
    expect(byName.get("Inventory._normalise")?.exported).toBe(false);
    expect(byName.get("Inventory.__contains__")?.exported).toBe(true);
    expect(byName.has("changed")).toBe(false);
    expect(byName.has("__all__")).toBe(false);
  });

  it("collects imported modules, relative ones with their dots", async () => {
    const { imports } = await analyzeFile({
      path: "service.py",
      language: "python",
      content: INVENTORY,
    });
    expect(imports).toEqual([
      "logging",
      "os.path",
      "collections",
      "dataclasses",
      "typing",
      ".models",
      "..notifications.email",
      "smtplib",
    ]);
  });

  it("uses underscores for exports when there is no __all__", async () => {
    const content = "def public():\n    pass\n\n\ndef _helper():\n    pass\n";
    const { symbols } = await analyzeFile({ path: "m.py", language: "python", content });
    expect(symbols.map((symbol) => [symbol.name, symbol.exported])).toEqual([
      ["public", true],
      ["_helper", false],
    ]);
  });
});
