import type { Heading, Parent, Root } from "mdast";
import { headingSlugger } from "@/lib/markdown/heading-slug";

/** The plain text of a heading: its text and inline code, without the Markdown around them. */
function textOf(node: Parent | Heading): string {
  return node.children
    .map((child) =>
      "value" in child && typeof child.value === "string"
        ? child.value
        : "children" in child
          ? textOf(child as Parent)
          : "",
    )
    .join("");
}

/**
 * A remark plugin: every heading gets an `id` from its text (`## How it works` →
 * `how-it-works`, a repeat → `how-it-works-1`), so a section can be linked and listed.
 */
export function remarkHeadingIds() {
  return (tree: Root) => {
    const slug = headingSlugger();
    const visit = (parent: Parent) => {
      for (const child of parent.children) {
        if (child.type === "heading") {
          child.data = { ...child.data, hProperties: { id: slug(textOf(child)) } };
        } else if ("children" in child) visit(child as Parent);
      }
    };
    visit(tree);
  };
}
