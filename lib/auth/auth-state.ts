import type { Services } from "../services";

/** How the server signs people in and whether it takes sign-ups now (sign-in pages, `/auth/mode`). */
export async function authStateOf(services: Pick<Services, "guard" | "accounts">) {
  return { mode: services.guard.mode, signup: await services.accounts.signupState() };
}
