// jsdom has no scrolling; the router's scrollBehavior calls window.scrollTo.
window.scrollTo = () => {}
