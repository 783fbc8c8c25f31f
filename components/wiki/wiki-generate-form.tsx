"use client";

import { type FormEvent, useId, useState } from "react";
import { NoModelNotice } from "@/components/settings/configure-model-advice";
import { inputStyle, primaryButton } from "@/components/ui/controls";
import { ANSWER_LANGUAGES, DEFAULT_LANGUAGE } from "@/lib/client/chat/chat-languages";
import { useModelConfigured } from "@/lib/client/settings/use-model-configured";
import type { WikiTypeName } from "@/lib/protocol/wiki";
import { wikiTypeLabels } from "./wiki-labels";

const typeHints: Record<WikiTypeName, string> = {
  comprehensive: "about 8–20 pages in sections",
  concise: "about 4–8 pages",
};

/** Language and kind of wiki, then Generate; says first when no model will write it. */
export function WikiGenerateForm({
  initialLanguage,
  initialType,
  submitting,
  disabled,
  submitLabel = "Generate wiki",
  onSubmit,
}: {
  initialLanguage?: string | null;
  initialType?: WikiTypeName | null;
  submitting: boolean;
  disabled?: boolean;
  submitLabel?: string;
  onSubmit: (choice: { language: string; wikiType: WikiTypeName }) => void;
}) {
  const id = useId();
  const modelConfigured = useModelConfigured();
  const [language, setLanguage] = useState<string | null>(initialLanguage ?? null);
  const [wikiType, setWikiType] = useState<WikiTypeName>(initialType ?? "comprehensive");
  const chosenLanguage = language ?? DEFAULT_LANGUAGE;
  const options = ANSWER_LANGUAGES;

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit({ language: chosenLanguage, wikiType });
  }

  return (
    <form onSubmit={submit} aria-label="Generate a wiki" className="space-y-3">
      {modelConfigured === false ? <NoModelNote /> : null}
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={`${id}-language`} className="block text-sm font-medium">
            Language
          </label>
          <select
            id={`${id}-language`}
            value={chosenLanguage}
            onChange={(event) => setLanguage(event.target.value)}
            className={`${inputStyle} mt-1 w-48`}
          >
            {options.map((option) => (
              <option key={option.code} value={option.code}>
                {option.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-type`} className="block text-sm font-medium">
            Wiki type
          </label>
          <select
            id={`${id}-type`}
            value={wikiType}
            onChange={(event) => setWikiType(event.target.value as WikiTypeName)}
            className={`${inputStyle} mt-1 w-64`}
          >
            {(["comprehensive", "concise"] as const).map((type) => (
              <option key={type} value={type}>
                {wikiTypeLabels[type]} ({typeHints[type]})
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          disabled={submitting || disabled}
          aria-busy={submitting}
          className={primaryButton}
        >
          {submitting ? "Starting…" : submitLabel}
        </button>
      </div>
    </form>
  );
}

/** Without a chat model the wiki is built from static analysis: say so before it is asked for. */
export function NoModelNote() {
  return (
    <NoModelNotice>
      the wiki will be <strong>structural</strong>: built from the code alone (an overview from the
      README and manifests, a page per module with its files, main symbols and a dependency
      diagram).
    </NoModelNotice>
  );
}
