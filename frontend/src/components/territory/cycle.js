// The yearly cycle of Обзор as steps: data loaded → run → agreed list approved → programmes → execution.
// `cycleSteps(figures, role)` is pure: each step has its state (done / in_progress / not_started), the figure
// it rests on, and the next action (a route) when the role may take it.

import { formatDate } from '../../format.js'

export const STATE_LABELS = { done: 'Выполнено', in_progress: 'В работе', not_started: 'Не начато' }

const ANALYSTS = ['admin', 'regional_analyst', 'municipal_coordinator']
const PLANNERS = [...ANALYSTS]

const RUN_STATUS = { computed: 'рассчитан, не утверждён', approved: 'утверждён', superseded: 'заменён' }

function percent(part, whole) {
  return whole ? Math.round((part / whole) * 1000) / 10 : 0
}

function dataStep(f, role) {
  const { schools = 0, withData = 0 } = f
  const state = withData === 0 ? 'not_started' : withData >= schools ? 'done' : 'in_progress'
  return {
    key: 'data',
    title: 'Данные загружены',
    state,
    figure: schools ? `Результаты есть у ${withData} из ${schools} школ` : 'Школ в реестре нет',
    action: state !== 'done' && ANALYSTS.includes(role) ? { label: 'Загрузить данные', to: { name: 'data' } } : null,
  }
}

function runStep(f, role) {
  const runs = f.runs || []
  const latest = runs[0]
  const state = latest ? 'done' : 'not_started'
  let action = null
  if (latest) action = { label: 'Открыть расчёт', to: { name: 'run', params: { id: latest.id } } }
  else if (ANALYSTS.includes(role)) action = { label: 'Провести расчёт', to: { name: 'identification' } }
  return {
    key: 'run',
    title: 'Расчёт выполнен',
    state,
    figure: latest ? `Расчётов: ${runs.length}; последний ${RUN_STATUS[latest.status] || latest.status}` : 'Расчёта за этот год нет',
    action,
  }
}

function approvalStep(f, role) {
  const approved = f.approvedRun
  const computed = (f.runs || []).find((r) => r.status === 'computed')
  const state = approved ? 'done' : computed ? 'in_progress' : 'not_started'
  let action = null
  if (!approved && computed && ANALYSTS.includes(role)) {
    action = { label: 'Проверить и утвердить список', to: { name: 'run', params: { id: computed.id } } }
  }
  return {
    key: 'approval',
    title: 'Согласованный список утверждён',
    state,
    figure: approved
      ? `Приказ № ${approved.order_number} от ${formatDate(approved.order_date)}`
      : computed
        ? 'Расчёт ждёт проверки и утверждения приказом'
        : 'Нет утверждённого списка',
    action,
  }
}

function programmeStep(f, role) {
  const { programmes = 0, approvedProgrammes = 0 } = f
  const state = programmes === 0 ? 'not_started' : approvedProgrammes >= programmes ? 'done' : 'in_progress'
  let action = null
  if (state !== 'done' && f.approvedRun && PLANNERS.includes(role)) {
    action = { label: 'Сформировать программы', to: { name: 'programmes' } }
  } else if (programmes) {
    action = { label: 'Открыть программы', to: { name: 'roadmaps' } }
  }
  return {
    key: 'programmes',
    title: 'Программы сформированы',
    state,
    figure: programmes
      ? `Программ по согласованному списку: ${programmes}, утверждено: ${approvedProgrammes}`
      : 'Программ по согласованному списку нет',
    action,
  }
}

function executionStep(f) {
  const totals = f.execution
  const total = totals?.total || 0
  const share = percent(totals?.done || 0, total)
  const state = !total ? 'not_started' : share >= 100 ? 'done' : 'in_progress'
  return {
    key: 'execution',
    title: 'Исполнение',
    state,
    percent: share,
    figure: total
      ? `Исполнено ${String(share).replace('.', ',')} % (${totals.done} из ${total}), просрочено: ${totals.overdue}`
      : 'Нет мероприятий в утверждённых программах',
    action: total ? { label: 'Мониторинг исполнения', to: { name: 'monitoring', query: { run_id: f.approvedRun?.id } } } : null,
  }
}

/** The five steps of the year's cycle, in order; `next` is the first step not done (its action is the primary one). */
export function cycleSteps(figures, role) {
  const steps = [
    dataStep(figures, role),
    runStep(figures, role),
    approvalStep(figures, role),
    programmeStep(figures, role),
    executionStep(figures),
  ]
  const next = steps.find((s) => s.state !== 'done') || null
  return { steps, next: next?.key || null }
}
