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
