// Closed-loop chat load: a number of chats in flight, each timed by the client and matched
// with the moment the model received it.
import { type ChatCall, defaultAnswer } from "../../test/support/model-fixture";
import { BEHAVIOUR_QUERIES } from "./queries";
import { runConcurrently } from "./stats";
import { type ChatTiming, sourceAddress, timeChat } from "./timed-chat";

export interface Level {
  concurrency: number;
  chats: number;
}

export interface Sample extends ChatTiming {
  /** When the model received this chat's request (performance.now() of this process). */
  arrivedAt: number;
}

/** Chats about `repoDir`; pass `respond` to the model fixture so arrivals are recorded. */
export function createChatLoad(repoDir: string) {
  const arrivals = new Map<string, number>();
  let counter = 0;
  return {
    /** The fixture's default answer, noting when each tagged chat first reached the model. */
    respond(call: ChatCall): string {
      const prompt = call.messages.map((message) => message.content).join("\n");
      const id = /\[bench (\w+)\]/.exec(prompt)?.[1];
      if (id && !arrivals.has(id)) arrivals.set(id, performance.now());
      return defaultAnswer(call);
    },
    /** `chats` chats, `concurrency` in flight, each with its own tag and source address. */
    run(url: string, level: Level): Promise<Sample[]> {
      return runConcurrently(level.chats, level.concurrency, async () => {
        const n = counter++;
        const question = BEHAVIOUR_QUERIES[n % BEHAVIOUR_QUERIES.length];
        const request = {
          repo_url: repoDir,
          messages: [{ role: "user", content: `How does the code ${question}? [bench c${n}]` }],
        };
        const timing = await timeChat(url, request, sourceAddress(n));
        return { ...timing, arrivedAt: arrivals.get(`c${n}`) ?? Number.NaN };
      });
    },
  };
}

const answered = (samples: Sample[]) => samples.filter((sample) => sample.code === 1000);

/** Milliseconds of the answered chats: to the first token, to the close, until the model. */
export const firstToken = (samples: Sample[]) =>
  answered(samples).map((sample) => (sample.firstTokenAt ?? Number.NaN) - sample.sentAt);
export const total = (samples: Sample[]) =>
  answered(samples).map((sample) => sample.endAt - sample.sentAt);
export const untilModel = (samples: Sample[]) =>
  answered(samples).map((sample) => sample.arrivedAt - sample.sentAt);
/** Milliseconds from opening the WebSocket to its upgrade answered (accept queue included). */
export const connecting = (samples: Sample[]) =>
  answered(samples).map((sample) => sample.sentAt - sample.connectAt);
/** Milliseconds from opening the WebSocket to the first token: connecting and TTFT. */
export const openToFirstToken = (samples: Sample[]) =>
  answered(samples).map((sample) => (sample.firstTokenAt ?? Number.NaN) - sample.connectAt);
export const failures = (samples: Sample[]) => samples.length - answered(samples).length;
