"use client";

import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { inputStyle, outlineButton, primaryButton } from "@/components/ui/controls";
import { fetchPrices, savePrices } from "@/lib/client/usage/usage-api";
import type { PricesView } from "@/lib/protocol/usage";

interface Row {
  model: string;
  input: string;
  output: string;
  default: boolean;
}

const rowsOf = (view: PricesView): Row[] =>
  view.items.map((item) => ({
    model: item.model,
    input: String(item.input_per_million),
    output: String(item.output_per_million),
    default: item.default,
  }));

/**
 * Prices per model (USD per million tokens) that usage is costed at. Defaults are marked;
 * an edited or added row is saved as configured and applies to calls made from then on.
 */
export function PriceTable() {
  const [view, setView] = useState<PricesView | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [edited, setEdited] = useState(new Set<number>());
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    fetchPrices().then(
      (loaded) => {
        setView(loaded);
        setRows(rowsOf(loaded));
      },
      (failure: Error) => setError(failure.message),
    );
  }, []);

  if (!view) return error ? <Alert className="mt-3">{error}</Alert> : null;

  const change = (index: number, field: "model" | "input" | "output", value: string) => {
    setRows((current) =>
      current.map((row, at) => (at === index ? { ...row, [field]: value, default: false } : row)),
    );
    setEdited((current) => new Set(current).add(index));
  };

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      // Saved: what was configured before and every row changed here.
      const items = rows
        .filter((row, index) => !row.default || edited.has(index))
        .filter((row) => row.model.trim())
        .map((row) => ({
          model: row.model.trim(),
          input_per_million: Number(row.input),
          output_per_million: Number(row.output),
        }));
      const saved = await savePrices({ items });
      setView(saved);
      setRows(rowsOf(saved));
      setEdited(new Set());
      setStatus("Prices saved; they apply to model calls from now on.");
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="mt-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        US dollars per million tokens. A model without a price has its cost shown as unknown; dated
        or routed ids (<code>gpt-4o-2024-08-06</code>, <code>openai/gpt-4o</code>) use their model's
        price.
      </p>
      <div className="mt-3 max-h-96 overflow-y-auto rounded-md border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-sm" data-testid="price-table">
          <thead className="sticky top-0 bg-zinc-50 text-left text-xs text-zinc-500 dark:bg-zinc-900">
            <tr>
              <th className="px-2 py-1.5 font-medium">Model</th>
              <th className="px-2 py-1.5 font-medium">Input</th>
              <th className="px-2 py-1.5 font-medium">Output</th>
              <th className="px-2 py-1.5" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, ids included
              <tr key={index} className="border-t border-zinc-100 dark:border-zinc-800">
                <EditCell
                  label="Model"
                  value={row.model}
                  disabled={!view.can_edit}
                  onChange={(value) => change(index, "model", value)}
                />
                <EditCell
                  label={`Input price of ${row.model}`}
                  decimal
                  value={row.input}
                  disabled={!view.can_edit}
                  onChange={(value) => change(index, "input", value)}
                />
                <EditCell
                  label={`Output price of ${row.model}`}
                  decimal
                  value={row.output}
                  disabled={!view.can_edit}
                  onChange={(value) => change(index, "output", value)}
                />
                <td className="px-2 py-1 text-xs text-zinc-500">{row.default ? "default" : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {view.can_edit ? (
        <div className="mt-3 flex items-center gap-3">
          <button
            type="button"
            className={outlineButton}
            onClick={() => {
              setRows((current) => [
                { model: "", input: "0", output: "0", default: false },
                ...current,
              ]);
              setEdited((current) => new Set([0, ...[...current].map((index) => index + 1)]));
            }}
          >
            Add a model
          </button>
          <button type="button" className={primaryButton} disabled={saving} onClick={save}>
            Save prices
          </button>
        </div>
      ) : (
        <p className="mt-2 text-xs text-zinc-500">Only an admin can change prices.</p>
      )}
      <p role="status" className="mt-2 min-h-5 text-sm text-zinc-600 dark:text-zinc-400">
        {status}
      </p>
      {error ? <Alert className="mt-2">{error}</Alert> : null}
    </div>
  );
}

const cell = `${inputStyle} py-1`;

/** One editable cell of the price table. */
function EditCell(props: {
  label: string;
  value: string;
  decimal?: boolean;
  disabled: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <td className="px-2 py-1">
      <input
        aria-label={props.label}
        className={cell}
        inputMode={props.decimal ? "decimal" : undefined}
        value={props.value}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </td>
  );
}
