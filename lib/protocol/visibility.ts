import { z } from "zod";

/** Who sees a repository: its owner alone, or everyone on the server (lib/auth/ownership.ts). */
export const visibilities = ["private", "shared"] as const;
export type Visibility = (typeof visibilities)[number];
export const visibilitySchema = z.enum(visibilities);
