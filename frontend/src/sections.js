// Sections of the application: navigation entries and their routes. Later work replaces the
// placeholder pages with real screens; keep titles and paths stable (they are linked to).

export const ROLE_ADMIN = 'admin'
// Who may use what (the API refuses the rest): school staff work with their plans and deadlines, not with
// the territory's data, methodology and runs; loading data is for analysts and coordinators.
const ANALYSTS = [ROLE_ADMIN, 'regional_analyst', 'municipal_coordinator']
const TERRITORY = [...ANALYSTS, 'curator', 'observer']

export const sections = [
  {
    name: 'dashboard',
    path: '/',
    title: 'Обзор',
    icon: 'home',
    roles: TERRITORY,
    description:
      'Сводка по вашей территории: сколько школ отнесено к категориям ШНОР, ШНСУ и зоне риска, ' +
      'как изменились их статусы за год, ближайшие и просроченные сроки мероприятий и состояние ' +
      'загрузки данных.',
  },
  {
    name: 'schools',
    path: '/schools',
    title: 'Школы',
    icon: 'school',
    description:
      'Реестр образовательных организаций территории. Карточка школы покажет её категории ' +
      '(ШНОР, ШНСУ, зона риска) с источником и учебным годом, результаты ВПР, ОГЭ и ЕГЭ по ' +
      'предметам и годам с размером выборки, уровни факторов риска профиля «500+» и флаги ' +
      'объективности результатов.',
  },
  {
    name: 'data',
    path: '/data',
    title: 'Данные',
    icon: 'upload',
    roles: ANALYSTS,
    description:
      'Загрузка и проверка исходных данных: результаты оценочных процедур (ВПР, ОГЭ, ЕГЭ, ГВЭ), ' +
      'социальные показатели, кадровые сведения, участие в олимпиадах и профили рисков ФИОКО. ' +
      'Здесь будет журнал импортов с ошибками по строкам и версиями загруженных наборов.',
  },
  {
    name: 'methodology',
    path: '/methodology',
    title: 'Методика',
    icon: 'book',
    roles: TERRITORY,
    description:
      'Версионируемая методика идентификации: критерии отнесения школ к категориям, их параметры ' +
      '(пороговые доли, квартили, минимальный размер выборки), правила объединения условий по ' +
      'предметам, процедурам и годам, история версий и изменений.',
  },
  {
    name: 'identification',
    path: '/identification',
    title: 'Идентификация',
    icon: 'target',
    roles: TERRITORY,
    description:
      'Расчёт по выбранной методике и учебному году с объяснением каждого решения и цифрами, на ' +
      'которых оно основано; экспертное уточнение списка и утверждение согласованного списка ' +
      'приказом (номер и дата); динамика статусов школ по годам.',
  },
  {
    name: 'roadmaps',
    path: '/roadmaps',
    title: 'Дорожные карты',
    icon: 'map',
    description:
      'Муниципальные дорожные карты и программы школ (программа перехода в эффективный режим, ' +
      'антирисковые программы): мероприятия, ответственные, сроки, ожидаемые результаты, отметки ' +
      'о выполнении с подтверждающими документами, импорт планов из таблиц.',
  },
  {
    name: 'deadlines',
    path: '/deadlines',
    title: 'Мои сроки',
    icon: 'calendar',
    description:
      'Мероприятия, за которые отвечаете вы или ваша организация, упорядоченные по срокам: ' +
      'ближайшие, просроченные и выполненные. Отсюда можно будет отметить выполнение и приложить ' +
      'итоговый документ.',
  },
  {
    name: 'reports',
    path: '/reports',
    title: 'Отчёты',
    icon: 'report',
    description:
      'Формирование документов: аналитическая справка по результатам идентификации, карта рисков ' +
      'школы, дорожная карта в виде официальной таблицы с грифом утверждения, справка о выполнении ' +
      'плана и таблица целевых показателей по годам.',
  },
  {
    name: 'admin',
    path: '/admin',
    title: 'Администрирование',
    icon: 'settings',
    roles: [ROLE_ADMIN],
    description:
      'Учётные записи пользователей, их роли и территории доступа, справочники (территории, ' +
      'школы, факторы риска «500+») и журнал действий пользователей.',
  },
]

// Who enters «5К» competence scores (the identification service's SCORERS, and the administrator).
export const SCORERS = [ROLE_ADMIN, 'regional_analyst', 'municipal_coordinator', 'school_staff']

/** Menu links to pages that are not sections (a form opened from the menu): route name, title, icon, roles. */
export const links = [
  { name: 'competence-scoring', path: '/competence/score', title: 'Оценка педагогов «5К»', icon: 'info', roles: SCORERS },
]

/** The menu links the given user may open. */
export function linksFor(user) {
  if (!user) return []
  return links.filter((l) => !l.roles || l.roles.includes(user.role))
}

/** Sections the given user may open (sections without `roles` are open to every role). */
export function sectionsFor(user) {
  if (!user) return []
  return sections.filter((s) => !s.roles || s.roles.includes(user.role))
}

/** The section a user lands on: Обзор, or Мои сроки for those who do not see Обзор (school staff). */
export function homeFor(user) {
  const names = sectionsFor(user).map((s) => s.name)
  return names.includes('dashboard') ? 'dashboard' : 'deadlines'
}

export function sectionByName(name) {
  return sections.find((s) => s.name === name)
}
