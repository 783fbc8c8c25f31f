/**
 * Programming abbreviations and the words they stand for, read as one word: a question says
 * "configuration" or "password" where the code says `cfg` or `passwd`. Applied by the tokenizer
 * to documents and queries alike, so nothing is added to a query and no word counts twice.
 * General vocabulary only. Left out on purpose: abbreviations that are also conventional folder
 * or file names (`lib`, `src`, `util`, `cmd`, `pkg`, `app`, `doc`, `index`, `init`, `spec`):
 * read as the full word, they would make every path match it. `err` and `ctx` are in although
 * Go and Rust use them everywhere: a word that common weighs little anyway (IDF), while a file
 * or type named for it (`map_err.rs`, `MapErr`) is then found by "error" (measured: better on
 * the retrieval evals, no worse on Go's). `req`, `str`, `fmt`, `val`, `impl` measured no better.
 */
import { stemWord } from "./stem";

/** Each group: the full word's forms, then (after the colon) its abbreviations. */
const GROUPS: readonly string[] = [
  "authentication authenticate: auth",
  "configuration configure: config cfg conf",
  "character: char",
  "response: resp",
  "message: msg",
  "connection: conn",
  "database: db",
  "environment: env",
  "directory: dir",
  "repository: repo",
  "maximum: max",
  "minimum: min",
  "number: num",
  "length: len",
  "buffer: buf",
  "temporary: temp tmp",
  "address: addr",
  "destination: dest dst",
  "callback: cb",
  "certificate: cert",
  "signature: sig",
  "attribute: attr",
  "element: elem",
  "object: obj",
  "previous: prev",
  "current: curr cur",
  "position: pos",
  "reference: ref",
  "argument: arg",
  "parameter: param",
  "information: info",
  "description: desc",
  "administrator: admin",
  "password: passwd pwd",
  "image: img",
  "button: btn",
  "execute: exec",
  "expression: expr",
  "extension: ext",
  "identifier: id",
  "millisecond: ms",
  "sequence: seq",
  "statistics: stats",
  "synchronous synchronize: sync",
  "asynchronous: async",
  "transaction: tx",
  "template: tmpl tpl",
  "manager: mgr",
  "middleware: mw",
  "original: orig",
  "property: prop props",
  "receive: recv",
  "allocate allocation: alloc",
  "compare: cmp",
  "header: hdr",
  "iterator iterate: iter",
  "permission: perm",
  "protocol: proto",
  "pointer: ptr",
  "session: sess",
  "socket: sock",
  "token: tok",
  "language: lang",
  "option: opt opts",
  "control: ctrl ctl",
  "error: err",
  "context: ctx",
];

/** Stemmed form → its group's key: the group's first abbreviation. */
const CANONICAL = new Map<string, string>();
for (const group of GROUPS) {
  const [words, abbreviations] = group.split(": ").map((forms) => forms.split(" "));
  for (const form of [...words, ...abbreviations]) CANONICAL.set(stemWord(form), abbreviations[0]);
}

/** One key for a stemmed word and its abbreviations (`password`, `pwd` → `passwd`). */
export function canonicalWord(stem: string): string {
  return CANONICAL.get(stem) ?? stem;
}
