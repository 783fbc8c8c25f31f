/**
 * The error code of a local folder that does not exist inside the allowed roots: a bad
 * source to the API (400, PROTOCOLS.md section 6), which DeepWiki's structure call answers
 * 404 as DeepWiki does. Its own module, so a route can read it without bundling `fs` code.
 */
export const MISSING_FOLDER = "bad_request:missing_folder";
