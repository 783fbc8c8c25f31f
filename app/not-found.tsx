import type { Metadata } from "next";
import { NotFoundState } from "@/components/ui/not-found-state";

export const metadata: Metadata = { title: "Not found · Cartograph" };

/** Any address no page answers. */
export default function NotFound() {
  return <NotFoundState />;
}
