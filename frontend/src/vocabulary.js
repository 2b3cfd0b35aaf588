// The domain's words shown on every screen (categories of school, trends, rule outcomes), defined once.
// Codes are the API's; labels are the Russian words people read.

export const CATEGORIES = ['low_results', 'unfavourable_social', 'risk_zone', 'effective']

export const CATEGORY_LABELS = {
  low_results: 'ШНОР',
  unfavourable_social: 'ШНСУ',
  risk_zone: 'Зона риска',
  effective: 'Эффективный режим',
}

/** A grid row's status: the gravest category of the school, or why it has none. */
export const STATUS_LABELS = {
  ...CATEGORY_LABELS,
  insufficient_data: 'Недостаточно данных',
  not_identified: 'Без категории',
}

export const CATEGORY_TITLES = {
  low_results: 'ШНОР — школа с низкими образовательными результатами',
  unfavourable_social: 'ШНСУ — школа в неблагоприятных социальных условиях',
  risk_zone: 'Зона риска снижения образовательных результатов',
  effective: 'Эффективный режим',
}

export const TREND_LABELS = {
  entered: 'вошла',
  left: 'вышла',
  stayed: 'осталась',
  unchanged: 'без изменений',
  new: 'впервые',
}

export const OUTCOME_LABELS = {
  fired: 'сработало',
  not_fired: 'не сработало',
  insufficient_data: 'недостаточно данных',
  not_applicable: 'не применяется к школе',
  disabled: 'выключено',
}

/** Subjects as the registry names them (services/shared/vocabulary.py SUBJECTS). */
export const SUBJECT_NAMES = {
  russian: 'русский язык',
  mathematics: 'математика',
  mathematics_basic: 'математика (базовый уровень)',
  mathematics_profile: 'математика (профильный уровень)',
  reading: 'литературное чтение',
  literature: 'литература',
  physics: 'физика',
  chemistry: 'химия',
  biology: 'биология',
  geography: 'география',
  history: 'история',
  social_studies: 'обществознание',
  informatics: 'информатика',
  english: 'английский язык',
  german: 'немецкий язык',
  french: 'французский язык',
  nature: 'окружающий мир',
}

export const RISK_LEVEL_NAMES = { high: 'высокий', medium: 'средний', low: 'низкий', none: 'нет' }

/** The order each seed number stands for: the document people know, not the file's number. */
export const SOURCE_DOCUMENTS = {
  '000': 'приказ отдела образования Черемшанского района, 2021',
  '001': 'распоряжение администрации г. Костромы, 2020',
  '002': 'приказ управления образования Октябрьского района, 2020',
  '003': 'приказ управления образования Енисейского района, 2022',
  '004': 'распоряжение управления образования Грачёвского округа, 2020',
}

/** «003 (трек 1), показатель Рособрнадзора» → «приказ управления образования Енисейского района, 2022 (трек 1); …». */
export function sourceLabel(source) {
  if (!source) return ''
  return String(source)
    .split(/,\s*(?=\d{3}\b|показател|ФИОКО)/)
    .map((part) => part.replace(/^(\d{3})\b/, (code) => SOURCE_DOCUMENTS[code] || code))
    .join('; ')
}
