/**
 * Where each page of a published site lives, relative to its root. Scenario ids are
 * `<system>/<name>` in lower-case kebab, so `system--name` cannot collide (kebab case has no
 * double hyphen); anything else an older result file may hold is reduced to safe characters.
 */
export function scenarioPagePath(id: string): string {
  const slug = id
    .toLowerCase()
    .replace(/\//g, '--')
    .replace(/[^a-z0-9-]+/g, '_')
  return `scenarios/${slug || 'scenario'}.html`
}

/** A link from a page at `fromPage` to `target`, both relative to the site's root. */
export function relativeHref(fromPage: string, target: string): string {
  const depth = fromPage.split('/').length - 1
  return `${'../'.repeat(depth)}${target}`
}
