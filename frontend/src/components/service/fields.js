// Field errors of a 422 answer as { field: 'scope.region', message: 'Укажите код региона' }.
// The gateway sends {loc, code, detail}; FastAPI's default list becomes {field, message} in api.js.

export function fieldErrors(error) {
  const list = Array.isArray(error?.fields) ? error.fields : []
  return list.map((f) => {
    const loc = Array.isArray(f.loc) ? f.loc.filter((p) => p !== 'body' && p !== 'query') : null
    return {
      field: loc ? loc.join('.') : String(f.field ?? ''),
      message: String(f.detail ?? f.message ?? ''),
    }
  })
}

/** The message for one field (also matches a nested path ending in `.name`). */
export function messageFor(errors, name) {
  const hit = errors.find((e) => e.field === name || e.field.endsWith(`.${name}`))
  return hit ? hit.message : ''
}
