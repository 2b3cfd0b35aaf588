// Routes of the identification screens: section pages and their sub-pages, children of the application shell.
// `sectionPages` maps a section name (sections.js) to its component; `pages` are extra child routes.
// Components load lazily: a screen's code (and ECharts, for the screens with charts) comes when it is opened.
const DataView = () => import('../views/DataView.vue')
const MethodologyView = () => import('../views/MethodologyView.vue')
const MethodologyEditView = () => import('../views/MethodologyEditView.vue')
const IdentificationView = () => import('../views/IdentificationView.vue')
const RunView = () => import('../views/RunView.vue')
const CompareView = () => import('../views/CompareView.vue')

export const sectionPages = {
  data: DataView,
  methodology: MethodologyView,
  identification: IdentificationView,
}

export const pages = [
  {
    // The «5К» scoring form, loaded only when opened (phone-first; school staff score on their phones).
    path: 'competence/score',
    name: 'competence-scoring',
    component: () => import('../views/CompetenceScoringView.vue'),
    meta: { section: 'schools', title: 'Диагностическая карта «5К»' },
  },
  {
    path: 'methodology/:id(\\d+)',
    name: 'methodology-edit',
    component: MethodologyEditView,
    meta: { section: 'methodology', title: 'Версия методики' },
  },
  {
    path: 'identification/runs/:id(\\d+)',
    name: 'run',
    component: RunView,
    meta: { section: 'identification', title: 'Расчёт идентификации' },
  },
  {
    path: 'identification/compare',
    name: 'compare',
    component: CompareView,
    meta: { section: 'identification', title: 'Сравнение расчётов' },
  },
]
