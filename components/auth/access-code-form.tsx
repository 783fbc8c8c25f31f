"use client";

import { type FormEvent, useId, useState } from "react";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { inputStyle, primaryButton } from "@/components/ui/controls";
import { postJson, requestJson } from "@/lib/client/api/api-request";

const validateSchema = z.object({ success: z.boolean() });

/** The access code, checked by the server; a valid one sets the session cookie, then on to `next`. */
export function AccessCodeForm({ next }: { next: string }) {
  const id = useId();
  const [code, setCode] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    setError(null);
    try {
      const { success } = await requestJson("/auth/validate", validateSchema, postJson({ code }));
      if (success) {
        // A full load: every page and socket starts again with the cookie.
        window.location.assign(next);
        return;
      }
      setError("That access code is not right.");
    } catch (failure) {
      setError((failure as Error).message || "The code could not be checked");
    }
    setSending(false);
  }

  return (
    <form onSubmit={submit} className="mt-6 space-y-3">
      <label htmlFor={`${id}-code`} className="block text-sm font-medium">
        Access code
      </label>
      <input
        id={`${id}-code`}
        type="password"
        autoComplete="current-password"
        required
        value={code}
        onChange={(event) => setCode(event.target.value)}
        className={inputStyle}
      />
      {error ? <Alert>{error}</Alert> : null}
      <button type="submit" disabled={sending || code === ""} className={primaryButton}>
        {sending ? "Checking…" : "Sign in"}
      </button>
    </form>
  );
}
