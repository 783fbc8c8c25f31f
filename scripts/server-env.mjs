// The environment `npm start` gives the server process (the bench's servers get the same).
//
// glibc's allocator, tuned for a process of many threads that frees large buffers: by default
// every thread that allocates gets an arena of its own (up to 8 per core: the worker threads,
// V8's compiler and GC helpers, PGlite, libuv's pool), and freed memory stays in them; the
// threshold above which a block is its own mapping (returned to the system on free) grows up
// to 32 MB after large blocks are freed, so git's output and chunk pages end up in arenas that
// are seldom trimmed. Two arenas, a fixed 128 KB mapping threshold and trimming the heap's
// top past 128 KB measured ~60 MB less at start, ~150 MB less at the peak of a 3,500-file
// index and ~120 MB less idle after it, with no measurable change in indexing time.
const MALLOC_ENV = {
  MALLOC_ARENA_MAX: "2",
  MALLOC_MMAP_THRESHOLD_: "131072",
  MALLOC_TRIM_THRESHOLD_: "131072",
};

/** The allocator's settings for the server; any of them set in `env` wins. */
export function mallocEnv(env = process.env) {
  return Object.fromEntries(
    Object.entries(MALLOC_ENV).map(([name, value]) => [name, env[name] || value]),
  );
}
