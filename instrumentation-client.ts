import { z } from "zod";

// Runs in the browser before the app. Zod probes `new Function` to decide whether it may
// compile its parsers; the pages' Content-Security-Policy allows no eval, so the probe
// would be reported as a violation on every page. Parse without compiling instead.
z.config({ jitless: true });
