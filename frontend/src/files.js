// Files the server sends: their names (Content-Disposition) and handing them to the browser as downloads.

/** File name from a Content-Disposition header (RFC 5987 `filename*` preferred). */
export function filenameFromDisposition(header, fallback = 'file') {
  if (!header) return fallback
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[2].trim().replace(/^"|"$/g, ''))
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;]+)/i.exec(header)
  if (plain) return (plain[1] || plain[2]).trim()
  return fallback
}

/** Offer a blob to the user as a download. */
export function saveBlob(blob, filename) {
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = filename
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 60_000)
}
