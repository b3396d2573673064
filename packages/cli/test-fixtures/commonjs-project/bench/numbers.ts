// A helper module of the scenario, imported by relative path without an extension, as
// CommonJS TypeScript projects write it.
export function numbers(count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i * 7919) % 1000)
}
