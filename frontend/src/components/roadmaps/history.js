// A plan's audit trail and version diff in people's words: what each action and field is called, values shown.
import { formatDate, formatDateTime } from '../../format.js'
import { STATUS_LABELS } from './roadmapApi.js'

export const ACTION_LABELS = {
  create: 'создал(а) план',
  update: 'изменил(а)',
  approve: 'утвердил(а) план',
  archive: 'отправил(а) план в архив',
  new_version: 'создал(а) новую версию',
  delete: 'удалил(а) мероприятие',
  mark_stage: 'отметил(а) этап',
  report: 'отметил(а) выполнение школы',
  add_evidence: 'приложил(а) подтверждение',
}

export const FIELD_LABELS = {
  title: 'Название',
  description: 'Описание',
  number: 'Номер',
  deadline_text: 'Срок',
  due_date: 'Срок (дата)',
  start_date: 'Начало',
  expected_result: 'Ожидаемый результат',
  actual_result: 'Фактический результат',
  final_document: 'Итоговый документ',
  status: 'Состояние',
  progress: 'Выполнено, %',
  responsible: 'Ответственные',
  co_executors: 'Соисполнители',
  targets: 'Целевые значения',
  actuals: 'Фактические значения',
  indicator: 'Показатель',
  risk_factor: 'Фактор риска',
  period_start: 'Начало периода',
  period_end: 'Конец периода',
  column_set: 'Вид таблицы',
  completed_on: 'Дата выполнения',
  completed_at: 'Дата выполнения',
  order_number: 'Номер приказа',
  order_date: 'Дата приказа',
  school_year: 'Учебный год',
  evidence: 'Документ',
  school_code: 'Школа',
  direction: 'Направление',
  from: 'Из версии',
}

export const ENTITY_LABELS = { plan: 'план', activity: 'мероприятие', activity_school: 'строку школы', plan_indicator: 'показатель' }

export const fieldLabel = (field) => FIELD_LABELS[field] || field

/** A stored value as text: dates as 01.09.2024, statuses in Russian, people by name, lists joined. */
export function showValue(value, field = '') {
  if (value === null || value === undefined || value === '') return '—'
  if (field === 'status' && STATUS_LABELS[value]) return STATUS_LABELS[value]
  if (typeof value === 'boolean') return value ? 'да' : 'нет'
  if (Array.isArray(value)) return value.map((v) => (v && typeof v === 'object' ? v.name || JSON.stringify(v) : String(v))).join(', ') || '—'
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${showValue(v)}`).join('; ') || '—'
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value)
  return String(value)
}

/** The fields an event changed: [{ field, label, before, after }] (a field only in `after` was set). */
export function eventChanges(event) {
  const before = event.before || {}
  const after = event.after || {}
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => ({ field: k, label: fieldLabel(k), before: k in before ? showValue(before[k], k) : '', after: k in after ? showValue(after[k], k) : '' }))
}

/** One line of the history: when, who, what (with the activity's number and title when known). */
export function describeEvent(event, activities = {}) {
  const action = ACTION_LABELS[event.action] || event.action
  let subject = ''
  if (event.entity === 'activity' || event.entity === 'activity_school') {
    const id = String(event.entity_id).split(':')[0]
    const activity = activities[id]
    subject = activity ? `«${activity.number ? `${activity.number}. ` : ''}${activity.title}»` : `мероприятие № ${id}`
    if (event.action === 'update') subject = `мероприятие ${subject}`
  } else if (event.action === 'update') {
    subject = ENTITY_LABELS[event.entity] || event.entity
  }
  return { when: formatDateTime(event.occurred_at), who: event.actor_name || '—', what: [action, subject].filter(Boolean).join(' ') }
}

/** The diff as rows for a two-column view: [{ kind, title, before, after }]. */
export function diffRows(diff) {
  if (!diff) return []
  const rows = diff.plan_fields.map((f) => ({ kind: 'plan', title: fieldLabel(f.field), before: showValue(f.before, f.field), after: showValue(f.after, f.field) }))
  for (const s of diff.sections_removed) rows.push({ kind: 'removed', title: 'Раздел', before: s, after: '' })
  for (const s of diff.sections_added) rows.push({ kind: 'added', title: 'Раздел', before: '', after: s })
  for (const a of diff.activities) {
    const name = `${a.number ? `${a.number}. ` : ''}${a.title}`
    if (a.change === 'removed') rows.push({ kind: 'removed', title: a.section, before: name, after: '' })
    else if (a.change === 'added') rows.push({ kind: 'added', title: a.section, before: '', after: name })
    else {
      for (const f of a.fields) {
        rows.push({ kind: 'changed', title: `${name} — ${fieldLabel(f.field)}`, before: showValue(f.before, f.field), after: showValue(f.after, f.field) })
      }
    }
  }
  return rows
}
