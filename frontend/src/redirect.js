/**
 * The page to open after signing in, from the `next` query parameter. Only same-origin paths are
 * accepted (no open redirects); anything else, or the login page itself, gives '/'.
 */
export function safeNext(value) {
  const next = Array.isArray(value) ? value[0] : value
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return '/'
  }
  if (next === '/login' || next.startsWith('/login?') || next.startsWith('/login#')) return '/'
  return next
}
