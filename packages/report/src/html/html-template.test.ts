import { describe, expect, it } from 'vitest'
import { escapeHtml, html, jsonForScript, scriptSafe, trustedHtml } from './html-template.js'

describe('html template', () => {
  it('escapes every interpolated string, so text from a result can never become markup', () => {
    const name = '<script>alert("x")</script> & \'quoted\''
    const out = html`<td title="${name}">${name}</td>`.text
    expect(out).toBe(
      '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;</td>',
    )
  })

  it('nests Html without escaping it twice, flattens arrays and drops empty parts', () => {
    const inner = html`<b>${'a<b'}</b>`
    expect(html`<p>${[inner, ' ', 'x>y', null, undefined, false, 3]}</p>`.text).toBe('<p><b>a&lt;b</b> x&gt;y3</p>')
  })

  it('renders non-finite numbers as nothing rather than "NaN"', () => {
    expect(html`${Number.NaN}|${Number.POSITIVE_INFINITY}|${1.5}`.text).toBe('||1.5')
  })

  it('passes trusted constants through unchanged', () => {
    expect(html`${trustedHtml('<hr>')}`.text).toBe('<hr>')
    expect(escapeHtml('plain')).toBe('plain')
  })

  it('keeps a script body from ending its element early', () => {
    const source = 'var s = "</script><script>evil()</script>"; // <!-- x'
    const safe = scriptSafe(source)
    expect(safe).not.toMatch(/<\/script/i)
    expect(safe).not.toContain('<!--')
    // Same program: the escapes mean the same characters inside a JS string.
    expect(new Function(`${safe}\nreturn s`)()).toBe('</script><script>evil()</script>')
  })

  it('embeds JSON that cannot close its script element and parses back to the same value', () => {
    const value = { label: '</script><img src=x onerror=alert(1)>', amp: 'a & b', separators: '\u2028\u2029' }
    const text = jsonForScript(value)
    expect(text).not.toMatch(/[<>&\u2028\u2029]/)
    expect(JSON.parse(text)).toEqual(value)
  })
})
