import { describe, expect, it } from "vitest";
import { isStopped, modelLabel, phaseLabel, unwrittenLabel, wikiStatusLabel } from "./wiki-labels";

describe("wiki labels", () => {
  const pages = [{ id: "cart", title: "Cart and discounts" }];

  it("names the page being written by its title", () => {
    expect(phaseLabel("page:cart", "Writing cart", pages)).toBe("Writing “Cart and discounts”");
    expect(phaseLabel("page:unknown", "Writing unknown", pages)).toBe("Writing unknown");
  });

  it("explains planning and the end, and falls back to the run's message", () => {
    expect(phaseLabel("planning", "", pages)).toMatch(/Planning/);
    expect(phaseLabel("concluding", "", pages)).toMatch(/Finishing/);
    expect(phaseLabel("queued", "Waiting for a worker", pages)).toBe("Waiting for a worker");
  });

  it("says plainly when no model wrote the wiki", () => {
    expect(modelLabel({ structural: true, provider: "none", model: "" })).toBe(
      "Structural (no model)",
    );
    expect(modelLabel({ structural: false, provider: "openai", model: "gpt-x" })).toBe("gpt-x");
  });

  it("says why pages are missing", () => {
    expect(unwrittenLabel(3, 0, true)).toBe("Generation was stopped with 3 pages not written.");
    expect(unwrittenLabel(1, 1, false)).toBe("One page could not be written.");
    expect(unwrittenLabel(4, 1, false)).toBe("4 pages not written yet; 1 of them failed.");
  });
});

describe("wikiStatusLabel", () => {
  const stopped = "Generation was stopped before every page was written";
  it("calls a stopped generation Stopped, whether none or some of its pages were written", () => {
    expect(wikiStatusLabel({ status: "failed", error: stopped })).toBe("Stopped");
    expect(wikiStatusLabel({ status: "partial", error: stopped })).toBe("Stopped");
    expect(isStopped({ status: "failed", error: stopped })).toBe(true);
  });
  it("keeps Failed for a generation that failed", () => {
    expect(wikiStatusLabel({ status: "failed", error: "The model is unavailable" })).toBe("Failed");
    expect(wikiStatusLabel({ status: "ready", error: null })).toBe("Ready");
  });
});
