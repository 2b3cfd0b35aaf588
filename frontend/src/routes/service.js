// Routes of the service screens: section pages and their sub-pages, children of the application shell.
// `sectionPages` maps a section name (sections.js) to its component; `pages` are extra child routes.
// Components load lazily: a screen's code (and ECharts, for the screens with charts) comes when it is opened.

const DeadlinesView = () => import('../views/DeadlinesView.vue')
const ReportsView = () => import('../views/ReportsView.vue')
const AdminView = () => import('../views/AdminView.vue')

export const sectionPages = { deadlines: DeadlinesView, reports: ReportsView, admin: AdminView }

export const pages = [
  {
    // The authority's own DOCX letterheads: the fields they may use, upload, replace, remove, a sample note.
    path: 'reports/letterheads',
    name: 'letterheads',
    component: () => import('../views/LetterheadsView.vue'),
    meta: { section: 'reports', title: 'Бланки документов', roles: ['admin', 'regional_analyst', 'municipal_coordinator', 'curator', 'observer'] },
  },
]
