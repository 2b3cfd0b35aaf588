// Routes of the territory screens: section pages and their sub-pages, children of the application shell.
// `sectionPages` maps a section name (sections.js) to its component; `pages` are extra child routes.
// Components load lazily: a screen's code (and ECharts, for the screens with charts) comes when it is opened.
const DashboardView = () => import('../views/DashboardView.vue')
const SchoolsView = () => import('../views/SchoolsView.vue')
const SchoolCardView = () => import('../views/SchoolCardView.vue')

export const sectionPages = { dashboard: DashboardView, schools: SchoolsView }

export const pages = [
  { path: 'schools/:code', name: 'school-card', component: SchoolCardView, meta: { section: 'schools', title: 'Карточка школы' } },
]
