import { QuickStart, RecentRepositories } from "@/components/home/quick-start";
import { RecentRuns } from "@/components/runs/recent-runs";

const features = [
  {
    title: "A living wiki",
    text: "Pages for every module, with diagrams and citations that point at the exact lines.",
  },
  {
    title: "Ask",
    text: "Questions answered from the code itself, streamed as they are written, with sources.",
  },
  {
    title: "Deep research",
    text: "Longer investigations that plan, read and report, while you watch the progress live.",
  },
];

export default function HomePage() {
  return (
    <div className="mx-auto w-full max-w-4xl px-4 py-10 sm:px-6 sm:py-14">
      <section aria-labelledby="intro-heading" className="mb-12">
        <h1 id="intro-heading" className="text-3xl font-semibold tracking-tight sm:text-4xl">
          Understand any code repository
        </h1>
        <p className="mt-3 max-w-2xl text-lg leading-relaxed text-zinc-600 dark:text-zinc-400">
          Cartograph reads a repository on your own machine and turns it into a wiki you can trust,
          answers questions about it, and researches the hard ones in depth.
        </p>
        <div className="mt-8">
          <QuickStart />
        </div>
        <ul className="mt-8 grid gap-4 sm:grid-cols-3">
          {features.map((feature) => (
            <li
              key={feature.title}
              className="rounded-xl border border-zinc-200 p-4 dark:border-zinc-800"
            >
              <h2 className="font-medium text-zinc-900 dark:text-zinc-100">{feature.title}</h2>
              <p className="mt-1 text-sm leading-relaxed text-zinc-600 dark:text-zinc-400">
                {feature.text}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <RecentRepositories />
      <RecentRuns />
    </div>
  );
}
