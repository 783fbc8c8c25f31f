#!/bin/bash
# make-corpus.sh DIR N : a git repo of about N files copied from node_modules, each copy's text unique
set -e
dir=$1; want=$2; mkdir -p "$dir"; cd "$dir"; git init -q
copy=0
while [ "$(find . -type f -not -path './.git/*' | wc -l)" -lt "$want" ]; do
  copy=$((copy+1))
  mkdir -p "c$copy"
  for pkg in /work/main/node_modules/*/; do
    n=$(find . -type f -not -path './.git/*' | wc -l)
    [ "$n" -ge "$want" ] && break
    name=$(basename "$pkg")
    case "$name" in .*|@next|next|typescript|@img|@esbuild|esbuild|@biomejs|playwright-core) continue;; esac
    cp -r "$pkg" "c$copy/$name" 2>/dev/null || true
  done
  find "c$copy" -type f \( -name '*.js' -o -name '*.ts' -o -name '*.md' -o -name '*.json' -o -name '*.mjs' -o -name '*.cjs' \) -print0 | xargs -0 -r sed -i -e "\$a\\
// corpus copy $copy" 2>/dev/null || true
done
git add -A >/dev/null 2>&1; git -c user.email=a@b -c user.name=b commit -qm corpus
echo "files: $(git ls-files | wc -l)"
