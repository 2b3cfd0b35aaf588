// One way for a screen to call the API: a busy flag, a Russian error message, no try/catch in views.
//
//   const { busy, error, run } = useRequest()
//   const plans = await run(() => plansApi.list({ school_year }))   // undefined when it failed
//
// `run` clears the previous error, sets `busy` while the call is in flight, and on failure puts the
// server's Russian `detail` (or a message for the status) into `error`. `onError(err)` sees the ApiError
// itself, for screens that show more than the message (an import's per-row report, a 409's fresh copy).
import { ref } from 'vue'

import { errorMessage } from '../api.js'

export function useRequest() {
  const busy = ref(false)
  const error = ref('')
  let newest = 0

  /**
   * Call the API. With `latest`, a call overtaken by a newer `latest` call (a filter changed while it ran)
   * neither shows its error nor ends `busy`, and resolves undefined.
   */
  async function run(call, { onError, latest = false } = {}) {
    const id = latest ? ++newest : 0
    const current = () => !latest || id === newest
    busy.value = true
    error.value = ''
    try {
      const result = await call()
      return current() ? result : undefined
    } catch (err) {
      if (!current()) return undefined
      error.value = errorMessage(err)
      if (onError) onError(err)
      return undefined
    } finally {
      if (current()) busy.value = false
    }
  }

  return { busy, error, run }
}
