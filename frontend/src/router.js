import { createRouter, createWebHistory } from 'vue-router'
import { homeFor, sections } from './sections.js'
import { session, restoreSession, isAuthenticated } from './auth.js'
import { notify, noticeAfterNavigation } from './notice.js'
import { safeNext } from './redirect.js'
import LoginView from './views/LoginView.vue'
import AppShell from './components/AppShell.vue'
const DashboardView = () => import('./views/DashboardView.vue')
import SectionView from './views/SectionView.vue'
import NotFoundView from './views/NotFoundView.vue'

import * as territory from './routes/territory.js'
import * as identification from './routes/identification.js'
import * as roadmaps from './routes/roadmaps.js'
import * as service from './routes/service.js'

// Each area of screens declares its section pages and sub-pages in src/routes/<area>.js.
const areas = [territory, identification, roadmaps, service]
const sectionComponents = Object.assign({ dashboard: DashboardView }, ...areas.map((a) => a.sectionPages))
const areaPages = areas.flatMap((a) => a.pages)

export const routes = [
  {
    path: '/login',
    name: 'login',
    component: LoginView,
    meta: { public: true, title: 'Вход' },
  },
  {
    path: '/',
    component: AppShell,
    children: [
      ...sections.map((s) => ({
        path: s.path === '/' ? '' : s.path.slice(1),
        name: s.name,
        component: sectionComponents[s.name] || SectionView,
        meta: { section: s.name, title: s.title, roles: s.roles },
      })),
      ...areaPages,
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: NotFoundView,
        meta: { title: 'Страница не найдена' },
      },
    ],
  },
]

export { safeNext }

export async function authGuard(to) {
  await restoreSession()
  if (to.meta.public) {
    if (to.name === 'login' && isAuthenticated()) return safeNext(to.query.next)
    return true
  }
  if (!isAuthenticated()) {
    return to.fullPath === '/' ? { name: 'login' } : { name: 'login', query: { next: to.fullPath } }
  }
  const roles = to.meta.roles
  if (roles && !roles.includes(session.user.role)) {
    const home = homeFor(session.user)
    if (to.name === 'dashboard') return { name: home } // the start page of a role without Обзор
    notify(`У вашей роли нет доступа к разделу «${to.meta.title}».`)
    return { name: home }
  }
  return true
}

export function createAppRouter(history = createWebHistory('/')) {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (to, from, saved) => saved || { top: 0 },
  })
  router.beforeEach(authGuard)
  router.afterEach((to) => {
    noticeAfterNavigation(to.fullPath)
    document.title = to.meta.title ? `${to.meta.title} — Опора` : 'Опора'
  })
  return router
}
