import { createApp } from 'vue'
import App from './App.vue'
import { createAppRouter } from './router.js'
import { configureApi } from './api.js'
import { clearSession, isAuthenticated, watchOtherTabs } from './auth.js'
import './styles.css'
import './pwa.js'

const router = createAppRouter()

function toLogin() {
  const current = router.currentRoute.value
  if (current.name === 'login') return
  router.push({ name: 'login', query: current.fullPath !== '/' ? { next: current.fullPath } : {} })
}

configureApi({
  onUnauthorized: () => {
    const wasSignedIn = isAuthenticated()
    clearSession()
    if (wasSignedIn) toLogin()
  },
})

watchOtherTabs(toLogin)

createApp(App).use(router).mount('#app')
