import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/**
 * The package dependency rules of DESIGN.md as code:
 *
 *   cli ──► report ──► core          scenarios ──► core, db, sut/*
 *   cli ──► db ──────► core          sut/*     ──► their own drivers only, never @dyno/*
 *
 * core imports no workspace package (and no database driver or HTML library); nothing
 * imports cli. Checked in package.json dependencies and in every import of every source file,
 * including relative imports that climb out of their package.
 */
export interface PackageInfo {
  name: string
  dir: string
}

const ALLOWED: Record<string, (dep: string) => boolean> = {
  '@dyno/core': () => false,
  '@dyno/report': (d) => d === '@dyno/core',
  '@dyno/db': (d) => d === '@dyno/core',
  '@dyno/cli': (d) => ['@dyno/core', '@dyno/report', '@dyno/db'].includes(d),
  '@dyno/scenarios': (d) => ['@dyno/core', '@dyno/db'].includes(d) || d.startsWith('@sut/'),
}

/** Third-party packages a package must never import, whatever its workspace rules allow. */
const FORBIDDEN_EXTERNAL: Record<string, RegExp> = {
  '@dyno/core': /^(mysql2|node-firebird|better-sqlite3|testcontainers|chart\.js|uplot|pg)(\/|$)/,
  '@dyno/report': /^(mysql2|node-firebird|better-sqlite3|testcontainers|tinybench|autocannon)(\/|$)/,
}

function allowed(from: string, dep: string): boolean {
  if (dep === from) return true
  const rule = ALLOWED[from]
  if (rule !== undefined) return rule(dep)
  if (from.startsWith('@sut/')) return false
  return false
}

function isWorkspaceName(spec: string): boolean {
  return spec.startsWith('@dyno/') || spec.startsWith('@sut/')
}

function packageName(spec: string): string {
  const parts = spec.split('/')
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string)
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm

export function importSpecifiers(source: string): string[] {
  const found: string[] = []
  for (const match of source.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3]
    if (spec !== undefined) found.push(spec)
  }
  return found
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue
    const full = path.join(dir, entry)
    if (statSync(full).isDirectory()) sourceFiles(full, out)
    else if (/\.(ts|mts|js|mjs)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(full)
  }
  return out
}

export function violationsOf(pkg: PackageInfo): string[] {
  const violations: string[] = []
  const manifest = JSON.parse(readFileSync(path.join(pkg.dir, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, string> | undefined
  >
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const dep of Object.keys(manifest[field] ?? {})) {
      if (isWorkspaceName(dep) && !allowed(pkg.name, dep)) violations.push(`${pkg.name} package.json ${field} lists ${dep}`)
    }
  }
  for (const file of sourceFiles(pkg.dir)) {
    const rel = path.relative(pkg.dir, file)
    for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec)
        if (!target.startsWith(pkg.dir + path.sep)) violations.push(`${pkg.name} ${rel} reaches outside its package: '${spec}'`)
        continue
      }
      if (spec.startsWith('node:')) continue
      const name = packageName(spec)
      if (isWorkspaceName(name) && !allowed(pkg.name, name)) violations.push(`${pkg.name} ${rel} imports ${name}`)
      const forbidden = FORBIDDEN_EXTERNAL[pkg.name]
      if (forbidden?.test(spec)) violations.push(`${pkg.name} ${rel} imports ${spec}, which does not belong in this package`)
    }
  }
  return violations
}

export function workspacePackages(root: string): PackageInfo[] {
  const rootManifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] }
  const dirs: string[] = []
  for (const pattern of rootManifest.workspaces) {
    if (pattern.endsWith('/*')) {
      const parent = path.join(root, pattern.slice(0, -2))
      for (const entry of readdirSync(parent)) {
        const dir = path.join(parent, entry)
        if (statSync(dir).isDirectory()) dirs.push(dir)
      }
    } else {
      dirs.push(path.join(root, pattern))
    }
  }
  return dirs
    .filter((dir) => {
      try {
        return statSync(path.join(dir, 'package.json')).isFile()
      } catch {
        return false
      }
    })
    .map((dir) => ({ dir, name: (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string }).name }))
}
