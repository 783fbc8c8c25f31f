"use client";

import { useCallback, useState } from "react";
import type { ProviderTestInput, ProviderTestResult } from "@/lib/protocol/settings";
import { testProvider } from "./settings-api";

export type ProviderTest = ProviderTestResult | { ok: "testing" } | null;

/** Test connection for one provider: the latest outcome, and a way to run it again. */
export function useProviderTest() {
  const [test, setTest] = useState<ProviderTest>(null);
  const run = useCallback(async (id: string, input: ProviderTestInput = {}) => {
    setTest({ ok: "testing" });
    try {
      setTest(await testProvider(id, input));
    } catch (error) {
      setTest({ ok: false, error: (error as Error).message });
    }
  }, []);
  return { test, run, clear: useCallback(() => setTest(null), []) };
}
