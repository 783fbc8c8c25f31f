import Link from "next/link";
import { SettingsPanel } from "@/components/settings/settings-panel";

export const metadata = { title: "Settings · Cartograph" };

export default function SettingsPage() {
  return (
    <div className="mx-auto max-w-2xl px-4 py-8">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        The model providers Ask, wikis and research use: OpenAI or any OpenAI-compatible server
        (OpenRouter, Ollama, Gemini, vLLM, LM Studio, llama.cpp), each with its own base URL, key
        and models. Providers set in the server's environment cannot be changed here. A saved API
        key is stored encrypted, never shown again, and only ever sent to the base URL it was saved
        with.
      </p>
      <SettingsPanel />
      <p className="mt-10 text-sm text-zinc-600 dark:text-zinc-400">
        To have a URL called when your runs end, add a{" "}
        <Link href="/webhooks" className="font-medium text-sky-700 underline dark:text-sky-300">
          webhook
        </Link>
        .
      </p>
    </div>
  );
}
