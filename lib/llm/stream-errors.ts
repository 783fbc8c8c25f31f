/**
 * `onError` for `streamText`. The AI SDK's default prints the whole error with
 * `console.error` (the URL, the request body with the prompt, the response body and
 * headers), past the logger and its redaction. Every caller reads the error from the
 * stream instead and logs it through the logger.
 */
export function leaveStreamErrorsToTheCaller(): void {}
