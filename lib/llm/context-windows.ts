/** The window of a model this table does not know: small enough for anything served today. */
export const DEFAULT_CONTEXT_TOKENS = 16_000;

/**
 * Context windows of common models, most specific first, matched against the id without
 * its provider prefix (`openai/gpt-4o` on OpenRouter) and with any tag (`llama3.1:8b` on
 * Ollama). Where a family varies, the smaller figure: a prompt cut a little too much still
 * gets an answer, one a little too long does not.
 */
const KNOWN_WINDOWS: [RegExp, number][] = [
  // OpenAI
  [/^gpt-4\.1/, 1_000_000],
  [/^gpt-5(\.\d+)?-chat/, 128_000],
  [/^gpt-5/, 400_000],
  [/^(chatgpt-4o|gpt-4o|gpt-4-turbo|gpt-4\.5|gpt-4-\d{4}-preview|gpt-oss)/, 128_000],
  [/^gpt-4(-0314|-0613)?$/, 8_000],
  [/^gpt-3\.5-turbo-instruct/, 4_000],
  [/^gpt-3\.5/, 16_000],
  [/^o1-(mini|preview)/, 128_000],
  [/^(o1|o3|o4-mini|codex-mini)(-|$)/, 200_000],
  // Anthropic, Google
  [/claude-(2|instant)/, 100_000],
  [/claude/, 200_000],
  [/gemini-(1\.5|2|3|exp)|gemini-(flash|pro)-latest/, 1_000_000],
  [/gemini/, 32_000],
  [/gemma-?3/, 128_000],
  [/gemma/, 8_000],
  // Open-weight families, as their hosts and Ollama name them
  [/llama-?(3\.[123]|4)|llama-v3p[123]/, 128_000],
  [/code-?llama/, 16_000],
  [/llama-?3/, 8_000],
  [/llama-?2/, 4_000],
  [/qwen3-coder|qwen3-.*-2507/, 256_000],
  [/qwen-(plus|turbo)/, 128_000],
  [/qwen|qwq/, 32_000],
  [/mixtral-8x22b/, 64_000],
  [/mistral-(large|medium)|mistral-nemo|ministral|pixtral/, 128_000],
  [/mistral|mixtral|codestral/, 32_000],
  [/deepseek-(r1|v3|v2\.5|coder-v2|chat-v3)/, 128_000],
  [/deepseek-coder/, 16_000],
  [/deepseek/, 64_000],
  [/command-a/, 256_000],
  [/command-r/, 128_000],
  [/grok-4/, 256_000],
  [/grok/, 128_000],
  [/kimi-k2|glm-4\.[56]/, 128_000],
  [/phi-?3\.5/, 128_000],
  [/phi-?4/, 16_000],
  [/phi-?3/, 4_000],
];

/** A window the id states itself, as in `gpt-4-32k` or `phi-3-mini-128k-instruct`. */
const STATED_WINDOW = /(?:^|[-_:.])(\d{1,4})k(?=$|[-_:.])/;

/** The context window of a model id, in tokens; DEFAULT_CONTEXT_TOKENS when unknown. */
export function contextWindowOf(modelId: string): number {
  const id = modelId.toLowerCase().replace(/^.*\//, "");
  const stated = STATED_WINDOW.exec(id);
  if (stated) return Number(stated[1]) * 1_000;
  return KNOWN_WINDOWS.find(([pattern]) => pattern.test(id))?.[1] ?? DEFAULT_CONTEXT_TOKENS;
}
