"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { inputStyle } from "@/components/ui/controls";
import { useRemote } from "@/lib/client/api/use-remote";
import { fetchUsage } from "@/lib/client/usage/usage-api";
import { UsageTable } from "./usage-table";

const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Everyone's usage, as admins may ask for it. */
const EVERYONE = "*";

/**
 * The viewer's usage over a range of days, by day and by model; admins also see it per
 * user, and may look at everyone's or one user's.
 */
export function UsageDashboard() {
  const [from, setFrom] = useState(() => day(-29));
  const [to, setTo] = useState(() => day(0));
  const [user, setUser] = useState<string | null>(null);
  const range = { from, to, ...(user ? { user_id: user } : {}) };
  const key = JSON.stringify(range);
  const byDay = useRemote(`day:${key}`, (signal) =>
    fetchUsage({ ...range, group_by: "day" }, signal),
  );
  const byModel = useRemote(`model:${key}`, (signal) =>
    fetchUsage({ ...range, group_by: "model" }, signal),
  );
  const admin = byDay.data?.admin ?? false;
  const byUser = useRemote(admin ? `user:${from}:${to}` : null, (signal) =>
    fetchUsage({ from, to, group_by: "user" }, signal),
  );
  const error = byDay.error ?? byModel.error ?? byUser.error;
  const whose =
    user === null ? "Your usage" : user === EVERYONE ? "Everyone's usage" : `${user}'s usage`;

  return (
    <>
      <div className="mt-6 flex flex-wrap items-end gap-4">
        <label className="text-sm">
          <span className="mb-1 block text-zinc-600 dark:text-zinc-400">From</span>
          <input
            type="date"
            className={inputStyle}
            value={from}
            max={to}
            onChange={(event) => event.target.value && setFrom(event.target.value)}
          />
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-zinc-600 dark:text-zinc-400">To</span>
          <input
            type="date"
            className={inputStyle}
            value={to}
            min={from}
            onChange={(event) => event.target.value && setTo(event.target.value)}
          />
        </label>
        {admin ? (
          <label className="text-sm">
            <span className="mb-1 block text-zinc-600 dark:text-zinc-400">Whose</span>
            <select
              className={inputStyle}
              value={user ?? ""}
              onChange={(event) => setUser(event.target.value || null)}
            >
              <option value="">Mine</option>
              <option value={EVERYONE}>Everyone</option>
              {(byUser.data?.items ?? []).map((item) => (
                <option key={item.key} value={item.key}>
                  {item.key}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {error ? <Alert className="mt-4">{error}</Alert> : null}
      <p
        className="mt-6 text-sm font-medium text-zinc-700 dark:text-zinc-300"
        data-testid="usage-whose"
      >
        {whose}
      </p>
      {byDay.data ? (
        <UsageTable title="By day" keyLabel="Day" items={byDay.data.items} testId="usage-by-day" />
      ) : null}
      {byModel.data ? (
        <UsageTable
          title="By model"
          keyLabel="Provider / model"
          items={byModel.data.items}
          testId="usage-by-model"
        />
      ) : null}
      {admin && byUser.data ? (
        <UsageTable
          title="By user (everyone)"
          keyLabel="User"
          items={byUser.data.items}
          testId="usage-by-user"
          onPick={setUser}
        />
      ) : null}
    </>
  );
}
