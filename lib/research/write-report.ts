import type { ResolvedChatModel } from "../llm/models";
import { formatPassage } from "../llm/prompts/ask";
import { noModelAnswer } from "../llm/prompts/no-model";
import { researchOutlinePrompt, researchSectionPrompt } from "../llm/prompts/research-report";
import { generateStructured } from "../llm/structured";
import { TokenBudget } from "../llm/token-budget";
import { getFileWithContent } from "../repos/queries";
import { announceEvidence, progressOf, type ResearchEnv, withinBudget } from "./context";
import { type ReportOutline, type ResearchState, reportOutlineSchema } from "./input";
import { describeFinding } from "./investigate";
import { getChunksByIds, type PassageRow } from "./queries";
import { streamProse } from "./stream-text";

const MAX_SECTIONS = 6;
/** Ends a report the run's budget cut short. */
export const BUDGET_NOTE =
  "> **Budget reached.** The run stopped before the next model call; the report ends here.\n\n";

/** `page_id` of a section's `partial` events: `section-1` (which starts with the title), `section-2`, … */
export const sectionPageId = (index: number) => `section-${index + 1}`;

/**
 * Phase `writing`: an outline, then each section streamed as `partial` events and stored
 * as a step, so a resumed run rewrites at most the section it was cut in.
 */
export async function writeReport(env: ResearchEnv, state: ResearchState): Promise<string> {
  const { run } = env;
  run.progress({
    phase: "writing",
    message: "Outlining the report",
    progress: progressOf("writing", 0, 1),
  });
  const evidence = await evidenceOf(env, state);
  announceEvidence(env, {
    paths: [...evidence.rows.map((row) => row.path), ...state.read_files],
    findings: state.findings,
  });
  if (!env.model || env.budget.reached) return writeWithoutModel(env, evidence.rows);
  const withModel = { ...env, model: env.model };
  const model = env.model;

  const outline = await run.step("outline", async () => {
    const planned = await withinBudget(
      env,
      () =>
        generateStructured({
          model: model.model,
          schema: reportOutlineSchema,
          name: "report outline",
          signal: run.signal,
          ...researchOutlinePrompt({
            repository: env.repository,
            question: run.input.query,
            language: run.input.language,
            findings: state.findings.map(describeFinding),
          }),
        }),
      () => null,
    );
    if (!planned) return null;
    return { ...planned, sections: planned.sections.slice(0, MAX_SECTIONS) } as ReportOutline;
  });
  if (!outline) return writeWithoutModel(env, evidence.rows);
  const total = outline.sections.length;
  const headings = outline.sections.map((section) => section.heading);
  run.log(`Outline ready: ${total} sections`, {
    type: "milestone",
    phase: "writing",
    metadata: { title: outline.title, sections: headings },
  });

  const written: string[] = [];
  let rewriting = run.attempt > 1;
  for (let index = 0; index < total && !env.budget.reached; index++) {
    const section = outline.sections[index];
    const pageId = sectionPageId(index);
    run.progress({
      phase: "writing",
      message: `Writing section ${index + 1} of ${total}: ${section.heading}`,
      progress: progressOf("writing", index, total),
      steps: { done: index, total },
    });
    const text = await run.step(pageId, async () => {
      if (rewriting) {
        // The first section a resumed run writes may have been half streamed before the restart.
        run.log(`Writing section ${index + 1} again after the restart`, {
          type: "warning",
          phase: "writing",
          metadata: { rewrite_page_id: pageId },
        });
      }
      const heading = `${index === 0 ? `# ${outline.title}\n\n` : ""}## ${section.heading}\n\n`;
      run.partial(heading, { pageId });
      const budget = new TokenBudget(env.evidenceTokens);
      const body = await withinBudget(
        env,
        () =>
          streamProseSection(withModel, {
            title: outline.title,
            headings,
            section,
            passages: evidence.formatted.filter((passage) => budget.take(passage)),
            findings: state.findings.map(describeFinding),
            onText: (piece) => run.partial(piece, { pageId }),
          }),
        () => null,
      );
      // The budget refused this section before a word of it was written: the report ends here.
      if (body === null) {
        run.partial(BUDGET_NOTE, { pageId });
        return `${heading}${BUDGET_NOTE}`;
      }
      run.partial("\n\n", { pageId });
      return `${heading}${body.trim()}\n\n`;
    });
    rewriting = false;
    written.push(text);
    run.progress({
      phase: "writing",
      message: `Section ${index + 1} of ${total} written`,
      progress: progressOf("writing", index + 1, total),
      steps: { done: index + 1, total },
    });
    run.log(`Section ${index + 1} of ${total} written: ${section.heading}`, {
      type: "milestone",
      phase: "writing",
      metadata: { section: index + 1, total, heading: section.heading, page_id: pageId },
    });
  }
  return written.join("");
}

function streamProseSection(
  env: ResearchEnv & { model: ResolvedChatModel },
  input: {
    title: string;
    headings: string[];
    section: { heading: string; focus: string };
    passages: string[];
    findings: string[];
    onText: (text: string) => void;
  },
): Promise<string> {
  return streamProse({
    model: env.model,
    signal: env.run.signal,
    onText: input.onText,
    ...researchSectionPrompt({
      repository: env.repository,
      commit: env.snapshot.commit,
      question: env.run.input.query,
      language: env.run.input.language,
      title: input.title,
      headings: input.headings,
      section: input.section,
      findings: input.findings,
      passages: input.passages,
    }),
  });
}

/** Without a model: the passages read, ranked, plainly labelled as such. */
function writeWithoutModel(env: ResearchEnv, rows: PassageRow[]): Promise<string> {
  const { run } = env;
  return run.step("passages", async () => {
    // Without a model, or without budget left for one: the passages read, and why.
    const note = env.budget.reached ? BUDGET_NOTE : "";
    const text = `# ${run.input.query}\n\n${note}${noModelAnswer({
      passages: rows,
      language: run.input.language,
    })}\n`;
    run.partial(text, { pageId: sectionPageId(0) });
    run.progress({
      phase: "writing",
      message: "Passages listed",
      progress: progressOf("writing", 1, 1),
      steps: { done: 1, total: 1 },
    });
    return text;
  });
}

/**
 * The evidence for the writer: passages the findings cite first, then the rest in reading
 * order, then files read in full; each formatted as the model sees it.
 */
async function evidenceOf(
  env: ResearchEnv,
  state: ResearchState,
): Promise<{ rows: PassageRow[]; formatted: string[] }> {
  const rows = await getChunksByIds(env.db, { ids: state.read_chunk_ids });
  const cited = (row: PassageRow) =>
    state.findings.some((finding) =>
      finding.citations.some((citation) => citation.startsWith(`${row.path}:`)),
    );
  const ordered = [...rows.filter(cited), ...rows.filter((row) => !cited(row))];
  const files: string[] = [];
  for (const path of state.read_files) {
    const file = await getFileWithContent(env.db, { snapshotId: env.snapshot.id, path });
    if (!file) continue;
    const text = file.content.replace(/\n$/, "");
    files.push(formatPassage({ path, start_line: 1, end_line: text.split("\n").length, text }));
  }
  return { rows: ordered, formatted: [...ordered.map(formatPassage), ...files] };
}
