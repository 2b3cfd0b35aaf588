// A single dismissible message shown above the page (e.g. "this section is not available").
// It stays on the page it was raised for and disappears on the next navigation.
import { reactive } from 'vue'

export const notice = reactive({ text: '', kind: 'info', page: null })

export function notify(text, kind = 'info') {
  notice.text = text
  notice.kind = kind
  notice.page = null
}

export function clearNotice() {
  notice.text = ''
  notice.page = null
}

/** Call after every navigation (router.afterEach). */
export function noticeAfterNavigation(fullPath) {
  if (!notice.text) return
  if (notice.page === null) notice.page = fullPath
  else if (notice.page !== fullPath) clearNotice()
}
