import { z } from "zod";
import { parseWith } from "../../http/route";
import { languageSchema } from "../../protocol/languages";
import { wikiTypeSchema } from "../../protocol/wiki";

/** Which of a repository's wikis to read, as `GET /api/repos/{id}/wiki` chooses. */
export const wikiFilterFields = {
  language: z
    .string()
    .max(20)
    .optional()
    .describe(
      "language code of the wiki (en, zh, ja, ko, es, fr, de, pt, ru, vi, it); newest if omitted",
    ),
  wiki_type: z.enum(["comprehensive", "concise"]).optional(),
  model: z
    .string()
    .max(200)
    .optional()
    .describe("the model that wrote the wiki, when several did; newest if omitted"),
};

/** The filter in the wiki service's terms; the language read as the API reads it. */
export function wikiFilterOf(args: { language?: string; wiki_type?: string; model?: string }) {
  const { language, wiki_type, model } = parseWith(
    z.object({
      language: languageSchema.optional(),
      wiki_type: wikiTypeSchema.optional(),
      model: z.string().max(200).optional(),
    }),
    args,
    "arguments",
  );
  return { language, wikiType: wiki_type, model };
}
