// The test files share one module graph (`isolate: false` in vite.config.js): what a module keeps for the
// session (the signed-in user and the API's hooks, the school years and the kinds of plan asked once), the
// page and the browser's storage start empty for every test.
import { beforeEach } from 'vitest'
import { _resetForTests } from '../../src/auth.js'
import { resetPlanKinds } from '../../src/components/roadmaps/roadmapApi.js'
import { resetSchoolYears } from '../../src/schoolYears.js'

beforeEach(() => {
  document.body.innerHTML = ''
  localStorage.clear()
  sessionStorage.clear()
  _resetForTests()
  resetSchoolYears()
  resetPlanKinds()
})

// jsdom has no scrolling; the router's scrollBehavior calls window.scrollTo.
window.scrollTo = () => {}
