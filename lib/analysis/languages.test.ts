import { describe, expect, it } from "vitest";
import { detectLanguage, LANGUAGE_IDS, languageFromShebang } from "./languages";

describe("detectLanguage", () => {
  it.each([
    ["src/app.ts", "typescript"],
    ["types/index.d.ts", "typescript"],
    ["scripts/build.mts", "typescript"],
    ["components/button.tsx", "tsx"],
    ["lib/a.js", "javascript"],
    ["lib/a.mjs", "javascript"],
    ["lib/a.cjs", "javascript"],
    ["src/App.jsx", "javascript"],
    ["tool/main.py", "python"],
    ["stubs/mod.pyi", "python"],
    ["cmd/server/main.go", "go"],
    ["src/lib.rs", "rust"],
    ["src/main/java/App.java", "java"],
    ["app/build.gradle.kts", "kotlin"],
    ["src/Main.kt", "kotlin"],
    ["native/list.c", "c"],
    ["native/list.h", "c"],
    ["native/vector.cpp", "cpp"],
    ["native/vector.hpp", "cpp"],
    ["src/Program.cs", "csharp"],
    ["app/models/user.rb", "ruby"],
    ["public/index.php", "php"],
    ["Sources/App.swift", "swift"],
    ["src/Main.scala", "scala"],
    ["bin/setup.sh", "shell"],
    ["db/schema.sql", "sql"],
    ["README.md", "markdown"],
    ["docs/page.mdx", "markdown"],
    [".github/workflows/ci.yml", "yaml"],
    ["config.yaml", "yaml"],
    ["package.json", "json"],
    ["Cargo.toml", "toml"],
    ["src/App.vue", "vue"],
    ["src/routes/+page.svelte", "svelte"],
    ["public/index.html", "html"],
    ["app/globals.css", "css"],
    ["styles/main.scss", "scss"],
    ["Dockerfile", "dockerfile"],
    ["docker/Dockerfile.dev", "dockerfile"],
    ["Makefile", "makefile"],
    ["Gemfile", "ruby"],
    ["CMakeLists.txt", "cmake"],
    ["C:\\repo\\src\\Main.TS", "typescript"],
  ])("%s is %s", (path, language) => {
    expect(detectLanguage(path)).toBe(language);
  });

  it.each([
    "assets/logo.png",
    "fonts/inter.woff2",
    "dist/app.wasm",
    "archive.tar.gz",
    ".env",
    "bin/tool",
    "",
  ])("%s is not indexed as text", (path) => {
    expect(detectLanguage(path)).toBeNull();
  });

  it("reads the shebang of extension-less scripts", () => {
    expect(detectLanguage("bin/deploy", "#!/usr/bin/env bash")).toBe("shell");
    expect(detectLanguage("bin/cli", "#!/usr/bin/env node")).toBe("javascript");
    expect(detectLanguage("bin/run", "#!/usr/bin/python3.12")).toBe("python");
    expect(detectLanguage("bin/task", "#!/usr/bin/env -S deno run --allow-net")).toBe("typescript");
    expect(detectLanguage("bin/x", "#!/bin/sh")).toBe("shell");
    expect(detectLanguage("bin/data", "just some text")).toBeNull();
    // The extension wins over the shebang.
    expect(detectLanguage("bin/cli.py", "#!/usr/bin/env node")).toBe("python");
  });

  it("only answers with listed ids", () => {
    const samples = ["a.ts", "a.go", "Dockerfile", "a.md", "x.hcl", "x.proto", "x.gql"];
    for (const path of samples) expect(LANGUAGE_IDS).toContain(detectLanguage(path));
    expect(languageFromShebang("#!/usr/bin/env ruby")).toBe("ruby");
  });
});
