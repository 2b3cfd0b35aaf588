// Roadmap helpers shared by the roadmap screens: revisions (ETag / If-Match), labels, plan kinds.
export { CATEGORY_LABELS } from '../../vocabulary.js'
export { formatDate, formatDateTime } from '../../format.js'
import { ref } from 'vue'
import { ApiError } from '../../api.js'
import { planKindList } from '../../api/roadmap.js'

export const BASE = '/roadmap'

/** The kinds of plan as the roadmap service declares them (`GET /roadmap/plan-kinds`); plans carry `kind_label`. */
export const planKinds = ref([])
let planKindsRequest = null

/** Read the kinds of plan once per page load (again after a failure). */
export function loadPlanKinds() {
  planKindsRequest ||= planKindList().then(
    (kinds) => {
      planKinds.value = Array.isArray(kinds) ? kinds : []
      return planKinds.value
    },
    (error) => {
      planKindsRequest = null
      throw error
    },
  )
  return planKindsRequest
}

/** For tests: forget the kinds read, so the next `loadPlanKinds` asks again. */
export function resetPlanKinds() {
  planKindsRequest = null
  planKinds.value = []
}

export const PLAN_STATUS_LABELS = { draft: 'Черновик', approved: 'Утверждён', archived: 'В архиве' }

/** Stages of a deadline that has several (entry, interim, final testing…), as people say them. */
export const STAGE_LABELS = { entry: 'входной', interim: 'промежуточный', final: 'итоговый' }

export const stageLabel = (stage) => STAGE_LABELS[stage] || stage

export const STATUS_LABELS = {
  planned: 'Запланировано',
  in_progress: 'Выполняется',
  done: 'Выполнено',
  cancelled: 'Отменено',
  overdue: 'Просрочено',
}


const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь']

/** «сентябрь 2024» for a 'YYYY-MM' key. */
export function monthLabel(key) {
  const [y, m] = key.split('-')
  return `${MONTHS[Number(m) - 1]} ${y}`
}

/** Board column of an activity: overdue wins over planned / in progress. */
export function boardStatus(activity) {
  if (activity.status === 'done' || activity.status === 'cancelled') return activity.status
  if (activity.overdue) return 'overdue'
  return activity.status
}

export function responsibleText(list) {
  return (list || []).map((p) => p.name).filter(Boolean).join(', ')
}

/** Parse «Иванов И.И., Руководители ОУ; МБУ ГЦОКО» into [{name}]. */
export function parseResponsible(text) {
  return String(text || '')
    .split(/[;\n]|,(?!\s*[А-ЯЁ]\.)/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => ({ name }))
}

export const STALE_MESSAGE =
  'Пока вы редактировали, это мероприятие изменил другой пользователь. Данные обновлены — проверьте их и повторите изменение.'
export const FROZEN_MESSAGE =
  'План утверждён: его содержание изменить нельзя. Создайте новую версию плана, чтобы внести изменения.'

export function isStale(error) {
  return error instanceof ApiError && (error.status === 412 || error.code === 'stale_revision')
}

export function isFrozen(error) {
  return error instanceof ApiError && error.code === 'plan_frozen'
}

/** PATCH an activity with its revision. Resolves with the updated activity. */
export { updateActivity as patchActivity } from '../../api/roadmap.js'


/** «1. Организационные меры», but «Трек 1 - …» stays as is (the number is already in the title). */
export function sectionHeading(section) {
  const { number, title } = section
  if (!number) return title
  const escaped = String(number).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  if (new RegExp(`^(${escaped}\\b|\\S+\\s+${escaped}\\b)`).test(title)) return title
  return `${number}. ${title}`
}
