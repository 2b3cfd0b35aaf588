// Routes of the roadmaps screens: section pages and their sub-pages, children of the application shell.
// `sectionPages` maps a section name (sections.js) to its component; `pages` are extra child routes.

export const sectionPages = {}

export const pages = []
