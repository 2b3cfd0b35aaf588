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
