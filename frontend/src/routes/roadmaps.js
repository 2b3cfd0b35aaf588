// Routes of the roadmaps screens: section pages and their sub-pages, children of the application shell.
// `sectionPages` maps a section name (sections.js) to its component; `pages` are extra child routes.
// Components load lazily: a screen's code (and ECharts, for the screens with charts) comes when it is opened.
const RoadmapsView = () => import('../views/RoadmapsView.vue')
const PlanView = () => import('../views/PlanView.vue')
const PlanImportView = () => import('../views/PlanImportView.vue')
const ProgrammesView = () => import('../views/ProgrammesView.vue')
const ActivityView = () => import('../views/ActivityView.vue')

export const sectionPages = { roadmaps: RoadmapsView }

export const pages = [
  {
    path: 'roadmaps/import',
    name: 'plan-import',
    component: PlanImportView,
    meta: { section: 'roadmaps', title: 'Загрузка плана' },
  },
  {
    path: 'roadmaps/programmes',
    name: 'programmes',
    component: ProgrammesView,
    meta: { section: 'roadmaps', title: 'Антирисковые программы' },
  },
  {
    // The coordinator's monitoring table: schools × done / in work / overdue / without evidence.
    path: 'roadmaps/monitoring',
    name: 'monitoring',
    component: () => import('../views/MonitoringView.vue'),
    meta: {
      section: 'roadmaps',
      title: 'Мониторинг исполнения',
      roles: ['admin', 'regional_analyst', 'municipal_coordinator', 'curator', 'observer'],
    },
  },
  {
    // A plan's history (who changed what and when) and two of its versions side by side.
    path: 'roadmaps/:id(\\d+)/history',
    name: 'plan-history',
    component: () => import('../views/PlanHistoryView.vue'),
    meta: { section: 'roadmaps', title: 'История и версии плана' },
  },
  {
    path: 'roadmaps/what-works',
    name: 'what-works',
    component: () => import('../views/WhatWorksView.vue'),
    meta: { section: 'roadmaps', title: 'Что работает', roles: ['admin', 'regional_analyst', 'municipal_coordinator'] },
  },
  { path: 'roadmaps/:id(\\d+)', name: 'plan', component: PlanView, meta: { section: 'roadmaps', title: 'План' } },
  {
    path: 'activities/:id(\\d+)',
    name: 'activity',
    component: ActivityView,
    meta: { section: 'roadmaps', title: 'Мероприятие' },
  },
]
