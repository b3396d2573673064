/**
 * HTML built with a tagged template that escapes every interpolated value unless it is
 * already `Html`. Escaping by default means a variant name, a warning message or a git branch
 * taken from a result file can never become markup: forgetting to escape is impossible, and
 * only the renderer's own constants (CSS, scripts) are marked trusted, through `trustedHtml`.
 */
export class Html {
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
  toString(): string {
    return this.text
  }
}

export type HtmlPart = Html | string | number | boolean | null | undefined | readonly HtmlPart[]

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Safe in element content and in quoted attribute values (the templates always quote). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

function partText(part: HtmlPart): string {
  if (part instanceof Html) return part.text
  if (part === null || part === undefined || part === false || part === true) return ''
  if (typeof part === 'number') return Number.isFinite(part) ? String(part) : ''
  if (typeof part === 'string') return escapeHtml(part)
  return part.map(partText).join('')
}

export function html(strings: TemplateStringsArray, ...values: HtmlPart[]): Html {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) out += partText(values[i]) + (strings[i + 1] ?? '')
  return new Html(out)
}

/** Marks the renderer's own constant markup as trusted. Never pass text from a result file. */
export function trustedHtml(text: string): Html {
  return new Html(text)
}

/**
 * A script body that is safe inside <script>…</script>: the HTML parser ends a script
 * element at the first `</script` whatever the JavaScript means, and `<!--` can switch it into
 * a state where it misses the end tag. Both are broken up without changing what the code does
 * (`<\/` is `</` inside a JS string or regex; the library bundles contain neither in code).
 */
export function scriptSafe(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--')
}

/**
 * JSON that can sit inside <script type="application/json">: `<`, `>` and `&` become \u
 * escapes (so `</script>` in a variant name cannot end the element), and so do the line and
 * paragraph separators that older parsers treat as line ends. JSON.parse restores them all.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
