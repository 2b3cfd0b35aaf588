// Turning the JSON Schema of methodology rules into form fields and back.

/** Resolve a `$ref` ("#/$defs/Name") against the root schema. */
export function resolveRef(root, node) {
  if (node && node.$ref) {
    const name = node.$ref.split('/').pop()
    return { ...(root.$defs?.[name] || {}), ...node, $ref: undefined, refName: name }
  }
  return node || {}
}

/**
 * Describe the editable parameters of one rule: [{key, title, description, kind, options}]
 * kind: boolean | integer | number | enum | list | weights
 */
export function ruleFields(root, ruleKey) {
  const rule = resolveRef(root, root.properties?.[ruleKey])
  const props = rule.properties || {}
  return Object.entries(props).map(([key, raw]) => {
    const prop = resolveRef(root, raw)
    const field = { key, title: prop.title || key, description: prop.description || '' }
    if (prop.refName === 'Category') return { ...field, kind: 'category', options: prop.enum || [] }
    if (prop.enum) return { ...field, kind: 'enum', options: prop.enum }
    if (prop.type === 'boolean') return { ...field, kind: 'boolean' }
    if (prop.type === 'integer') return { ...field, kind: 'integer' }
    if (prop.type === 'number') return { ...field, kind: 'number' }
    if (prop.type === 'array') return { ...field, kind: 'list' }
    if (prop.type === 'object') return { ...field, kind: 'weights' }
    return { ...field, kind: 'text' }
  })
}

/** Parse a number typed by a person: decimal comma, spaces. Returns the text itself when it is not a number. */
export function parseNumber(text) {
  if (typeof text === 'number') return text
  const clean = String(text ?? '').replace(/\s/g, '').replace(',', '.')
  if (clean === '') return null
  const n = Number(clean)
  return Number.isFinite(n) ? n : text
}

/** A comma (or semicolon) separated list → array of trimmed non-empty items. */
export function parseList(text) {
  if (Array.isArray(text)) return text
  return String(text ?? '')
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** Map 422 `fields` ([{loc, detail}]) to {"rule.param": message}. */
export function fieldErrors(fields) {
  const map = {}
  for (const f of fields || []) {
    let loc = Array.isArray(f.loc) ? f.loc : String(f.field || '').split('.')
    loc = loc.filter((p) => p !== 'body')
    if (loc[0] === 'rules') loc = loc.slice(1)
    const key = loc.join('.')
    const text = f.detail || f.message || ''
    map[key] = map[key] ? `${map[key]} ${text}` : text
  }
  return map
}
