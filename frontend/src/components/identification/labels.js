// Russian labels and small helpers shared by the identification screens.
import { session } from '../../auth.js'
import { filenameFromDisposition, saveBlob } from '../../files.js'
import { formatDate as formatIsoDate, formatDateTime as formatIsoDateTime } from '../../format.js'

import { CATEGORIES, CATEGORY_LABELS, CATEGORY_TITLES, OUTCOME_LABELS, TREND_LABELS } from '../../vocabulary.js'

export { CATEGORIES, CATEGORY_LABELS, CATEGORY_TITLES, OUTCOME_LABELS, TREND_LABELS }



export const RUN_STATUS_LABELS = {
  computed: 'расчёт (не утверждён)',
  approved: 'утверждён',
  superseded: 'заменён новым приказом',
}


export const IMPORT_STATUS_LABELS = {
  preview: 'Проверка (ничего не записано)',
  applied: 'Загружено',
  partial: 'Загружены только верные строки',
  unchanged: 'Без изменений',
}

export const EDIT_ROLES = ['admin', 'regional_analyst', 'municipal_coordinator']
export const METHODOLOGY_ROLES = ['admin', 'regional_analyst']

export function canAct(roles) {
  return !!session.user && roles.includes(session.user.role)
}

export function categoryList(codes) {
  if (!codes || !codes.length) return '—'
  return codes.map((c) => CATEGORY_LABELS[c] || c).join(', ')
}

/** «02.09.2024», or «—» for nothing. */
export const formatDate = (value) => formatIsoDate(value, '—')
/** «02.09.2024, 14:30», or «—» for nothing. */
export const formatDateTime = (value) => formatIsoDateTime(value, '—')

export function formatShare(value) {
  if (value === null || value === undefined) return '—'
  return `${(value * 100).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} %`
}


/** A file the API answered (a Response, with the token sent) handed to the browser as a download. */
export async function downloadFile(responsePromise, fileName) {
  const response = await responsePromise
  const blob = await response.blob()
  saveBlob(blob, filenameFromDisposition(response.headers.get('content-disposition'), fileName))
}
