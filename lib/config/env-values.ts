import { z } from "zod";

/** How environment variables are read: blank is unset, lists are comma-separated. */

export const positiveInt = (fallback: number) =>
  z.coerce.number().int().positive().default(fallback);

export const optionalString = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== "" ? value.trim() : undefined));

export const optionalPositiveInt = optionalString
  .transform((value) => (value === undefined ? undefined : Number(value)))
  .pipe(z.number().int().positive().optional());

export const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );
