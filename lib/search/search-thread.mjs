// The search thread's entry. Worker threads do not inherit the server's TypeScript loader
// (`node --import tsx`), so the thread registers it before loading its module.
import { register } from "tsx/esm/api";

register();
await import("./search-worker.ts");
