import type { AppConfig } from "../config/env";
import { AppError } from "../errors";
import type { Principal } from "./guard";

/**
 * API tokens exist where sign-in is asked for (`access-code`, `accounts`). A token
 * cannot mint another: new tokens come from a signed-in browser or the access code.
 */
export function assertCanManageTokens(
  principal: Principal,
  mode: AppConfig["AUTH_MODE"],
  { minting = false } = {},
): void {
  if (mode === "none") {
    throw new AppError(
      "not_found:tokens",
      "This server asks for no sign-in (AUTH_MODE=none): tokens are not used",
    );
  }
  if (minting && principal.via === "token") {
    throw new AppError("forbidden:token", "An API token cannot create tokens; sign in to make one");
  }
}
