#!/usr/bin/env bash
# Writes OUT (deeprf/git.properties among the built classes): the commit the build's sources come from, which
# summary.json's deeprf_version and --version carry, and whether the sources differ from it (tracked changes or
# untracked files under src/main, native/ or pom.xml). Native git, so worktrees, SHA-256 repositories and shallow
# clones read right (git-commit-id-maven-plugin 9 read a worktree's main checkout and failed on SHA-256). Without git,
# or where ROOT is not the top of its own repository (a source archive unpacked inside another one), it removes OUT
# and the version carries no commit. OUT is rewritten only when its content changes: the launcher rebuilds the jar
# when OUT is newer than it.
# Usage: git-properties.sh ROOT OUT
set -u
root=$1 out=$2
top=$(git -C "$root" rev-parse --show-toplevel 2>/dev/null) && [ "$top" -ef "$root" ] \
  && head=$(git -C "$root" rev-parse HEAD 2>/dev/null) || { rm -f "$out"; exit 0; }
dirty=false
[ -n "$(git -C "$root" status --porcelain -- src/main native pom.xml 2>/dev/null)" ] && dirty=true
content="git.commit.id=$head
git.commit.id.abbrev=${head:0:12}
git.dirty=$dirty"
mkdir -p "$(dirname "$out")"
if [ ! -f "$out" ] || [ "$(cat "$out")" != "$content" ]; then
  printf '%s\n' "$content" > "$out.tmp" && mv "$out.tmp" "$out"
fi
