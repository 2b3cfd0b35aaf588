"""Free-text deadlines of roadmap activities ("Сроки", "Срок реализации") read into a `Schedule`.

The original text is always kept verbatim; the parse is a best effort that never raises. Choices made:

- A bare month takes its year from the plan's school year (September–December of the first year,
  January–August of the second), else from the plan's period (the first year where the month falls inside
  it), else from a neighbouring item of the same text ("Июнь – июль 2022 г." gives June 2022). A month
  whose year cannot be known yields no occurrence, but the kind and summary still say what was written.
- An exact date is an occurrence that starts and ends that day; a month runs from its first to its last
  day; a year from 1 January to 31 December; a range from the start of its first item to the end of its last.
- "до 20 мая 2020" and "в срок до …" are due on that date (officials read "до" with a date as inclusive);
  "до января 2021 года" is due the day before the month starts, 31 December 2020. Neither has a start.
- Recurring forms get concrete occurrences inside the effective period: the period written in the text
  ("Ежегодное (в течение 2021-2023 гг.)"), else the plan's period, else the school year (1 Sep – 31 Aug).
  School half-years end on 31 December and 31 May, school quarters (четверти) on 31 October, 31 December,
  31 March and 31 May; "Ежегодно" alone is once per school year, due 31 May; "не менее 2 раз в год" is
  once per half-year; "1 раз в три года" is one occurrence per complete three-school-year window of the
  period (none when the period is shorter). "Ежедневно" and a bare "периодически" have no occurrences.
- Open forms ("В течение года", "В течение всего периода") are one occurrence spanning the period;
  "в течение 2021-2023 гг." and "в период с мая по август 2020 года" span the period they name.
- Forms that defer the deadline ("По запросу школ…", "По отдельному графику", "По результатам реализации
  программ", "В соответствии с …") are `on_request`, with no occurrences.
- The end of the school year («до окончания учебного года», «к концу уч. года») is due 31 May, when lessons end;
  31 August when the text means the school year as a whole («в целом», «включая летний период») and for «до
  начала нового учебного года». «к 25 мая» reads as «до 25 мая».
- «ежегодно, до 15 ноября» is due 15 November in each school year of the period; «не позднее 10 числа каждого
  месяца» the 10th of each month.
- Numbered periods: «2-е полугодие», «III четверть», «2 триместр» (Arabic, Roman, words, with endings) are the
  school periods of the written school year, else of the plan's; with a calendar year («I полугодие 2024 года»)
  a half-year is calendar (January–June), a term the one of that calendar year; «IV кв. 2024 г.» is a calendar
  quarter. «до конца 1 полугодия» is due its last day, «в конце III четверти» / «по итогам …» is its last month.
- «N этап» numbers stages: the first is the entry one, the last the final one; years written around stages only
  frame them (no occurrence for the whole programme).
- Parts of a month: «первая неделя сентября», «2-я декада октября», «III декада мая», «в конце ноября» are the
  days they cover; «в первой декаде каждого месяца» is due on the 10th of each month. «до конца года» is
  31 December of the year the context dates a December in, «в конце года» that December.
- Seasons: «весна 2025» is March–May, «летом» June–August, «осенью» September–November, «зимой» December–
  February; «до лета», «к осени» are due before the season's first month. «согласно графику …» is `on_request`.
- «до 15.09.2024, далее — ежемесячно»: the first deadline, then the recurrence in the periods that start after it.
- «за 10 дней до начала учебного года», «не позднее чем за 2 недели до окончания четверти», «за 3 рабочих дня до
  1 сентября», «ежемесячно за 5 дней до конца месяца»: each due date of the anchor (the words before the offset
  and its «до …») counted back (`offsets`); an anchor without a date («за неделю до проведения ВПР») or an open
  period («в течение года, за неделю до …») is a time counted from an event. Forward the same way: «через 10 дней
  после 20.09.2024» is due 30.09, «в течение 5 рабочих дней после окончания каждой четверти» runs from the day
  after each term's end; «не позднее 5 дней после окончания четверти» has the dates of «через 5 дней …» and is
  said «не позднее 5 дней после …». «после получения результатов ВПР», «по завершении ВПР», «в двухнедельный срок» name
  no date: `on_request`. «не ранее 1 апреля» reads as «с 1 апреля»; «июнь 2025 (по итогам учебного года)» is
  June 2025, not a yearly recurrence. «1 раз в 2 месяца» is each pair of months from the period's first; a bare
  «2024-2025» or «2024/2025» (consecutive years, no «гг.») is that school year; «2024 г. – сентябрь» is
  «сентябрь 2024». «первые 2 недели сентября» are 1–14 September, «последние 5 дней мая» 27–31 May; «до 05
  числа» alone is each month's; «до 5 числа месяца, следующего за окончанием четверти» each term's report.
- A length of time alone («в течение 30 календарных дней», «в течение месяца»), «в срок, установленный …», «в
  установленные сроки» and «в период проведения ВПР» name no date: `on_request`. Named days: «ко Дню учителя» is
  due 5 October, «накануне Дня знаний» 31 August (День Победы, 8 Марта, 23 Февраля … likewise). «12 и 13 ноября»
  are two dates; «15.10.-15.11.2024» a range; «к началу 2025-2026 учебного года» is due 31 August 2025; «до 2026
  года» is due 31 December 2025. Stages: «I этап», «второй этап», and a stage word after its month («Сентябрь –
  входная диагностика»); one deadline alone is no series of stages («до 31 мая (итоговый отчет)» is a date).
  Months listed over a calendar period run on in time («сентябрь, декабрь, март» — March of the next year); «2
  раза в год (декабрь, май)», «по полугодиям (декабрь, май)» are due in the months named; «ежемесячно с
  01.09.2024» recurs from that day to the plan's end.
- «по итогам 2024 года» is December 2024, «по итогам 2024-2025 учебного года» May 2025; «в период летней
  оздоровительной кампании» June–August; «2024-2025, 2025-2026 учебные годы» both school years.
- «в последний (первый) рабочий день месяца» is the month's last (first) Monday-to-Friday day; «август –
  сентябрь 2024 г., далее постоянно» those months, then one open period to the plan's end.
- Shorthand is spelled out first (`spelling`): «в теч. года», «ежемес.», «дважды в месяц», «15/09/2024»,
  «2024-09-01», «12.2024», «до 25-го мая», «по 31.05.2025» (as «до»), «ГИА-2025» (an exam, not a year), «сентябрь
  2024, 2025 гг.» (September of each), «первая половина 2025 года», «в первую неделю учебного года».
- A numbered period in brackets beside a written date is what is reported on («до 10.01.2025 (по итогам I
  полугодия)» is due 10 January); one numbered period frames a shorter recurrence («ежемесячно во II полугодии»);
  «кроме июля, августа» leaves those months out; «ежемесячно с октября» runs from October; «до осенних каникул» is
  due the day before their usual start, «после осенних каникул» names no date; «в течение 3 лет» alone is a length.
- A text that writes an impossible date («31.09.2024», «до 31.04», «13.2024») is `unparsed` as a whole: a typo is
  not read around.
- A due date outside the plan's period is kept and named in `warnings`.
- Weekdays of each month take digit ordinals as words do («во 2-ю и 4-ю пятницу месяца», «в 1 среду месяца»,
  «каждый 3-й четверг», «каждую последнюю пятницу»). The end or the start of each term or trimester is its last
  (first) week («в конце каждой четверти», «в начале четверти»), of each month its days as «в конце ноября» reads
  (from the 21st; «в начале» to the 10th, «в середине» 11th–20th), «в последнюю неделю / последние 3 дня / в
  последний день месяца» those days; «до конца каждой четверти» is due its last day. A half-year's «в конце» stays
  the whole half-year, as the seed orders' «В конце каждого полугодия» is read; «в последнюю неделю I четверти»,
  «после окончания I полугодия» (the month after it), «до 5 числа месяца, следующего за окончанием I четверти» (5
  November) narrow one numbered period. «с октября по апрель еженедельно» keeps the weeks of those months.
- Months or days in brackets after a period narrow it («по итогам 2024-2025 уч.г. (июнь 2025)» is June 2025, «2025
  год (март)» March 2025, «по итогам I полугодия (январь)» January); the year reported on beside its month is an
  aside («январь 2025 (по итогам 2024 года)»). «сентябрь – по 15 октября» is one range; «сентябрь (1-я неделя)»
  that week; «IX–XII 2024» (Roman months with a year) September–December 2024; «Ⅱ», «ІІ» (Cyrillic І) and
  «IIполугодие» are the Latin numerals; «до первого сентября», «к 1-му октября» are days; «по 2027 год» is due 31
  December 2027; «3l.12.2024» has a digit typed as a letter. Numbered periods with stage words beside each («I
  четверть – входная; IV четверть – итоговая») are stages; two joined by a dash («IV кв. 2024 – I кв. 2025») one
  span; other dates beside them are kept («по итогам I полугодия и учебного года»: December and May).
- A list whose parts are labelled or separated by «;» or new lines and mix a recurrence or an open period with
  dates («до 01.10.2024 – приказ; ежемесячно – мониторинг», «в течение года, итоговый отчет – май») has every part's
  occurrences; «до 10 января, 10 апреля» gives «до» to each day. «вторая среда февраля», «в последнюю пятницу мая
  2025 г.» are that day; «до 15.01.2025 отчет за I полугодие» is due on the date (the period is what is reported).
- A day of each month however written («каждое 25 число», «к 25-му числу», «первого числа», «до 25-го», in a monthly
  text «ежемесячно, до 25» and «ежемесячно 25-го») is due by that day; «с 1 по 10 число (каждого месяца)» is those days
  of each month; «в первых (последних) числах сентября» reads as «в начале (конце) сентября»; «в последний месяц
  квартала» is March, June, September and December, «в первый месяц каждой четверти» September, November, January
  and April; «ежемесячно до 25 числа, в декабре – до 20 числа» moves that month's day.
- «I полугодие – декабрь», «по итогам 1 четверти: ноябрь» are due in the month after the dash, as in brackets;
  months beside a school year («2024-2025 уч. г. – октябрь», «октябрь (2024/2025)») are of it, a year before months or
  a numbered period («2024 год, сентябрь», «2025 г. – I полугодие», «2025, 2026 гг. – май») dates them. «по
  результатам I полугодия» reads as «по итогам»; «отчет за 2024 год – до 20.01.2025» is due on the date.
- «не позднее мая» is due 31 May, «не позднее 2025 года» 31 December 2025, «не позднее I квартала» its last day;
  «не ранее 1 и не позднее 15 сентября» is 1–15 September. «с 01.09.2024 в течение 2 недель» reads as «в течение 2
  недель с 01.09.2024»; «со дня окончания четверти», «по окончании учебного года» (after a length) as «после
  окончания …», «в двухнедельный срок после окончания четверти» as «в течение 2 недель …»; «в течение 2 четвертей» is a
  length (so is «в течение 2 недель (14 дней)»); «в течение года (не менее 4 раз)», «ежегодно, 2 раза» are counts per
  year, «6 раз в год» every two months, «раз в 6 месяцев» each half-year. A list before brackets («январь 2025, по
  итогам года (июнь 2025)») keeps every part: the brackets narrow only a single period before them.
- «ежемесячно в I полугодии, далее ежеквартально»: a recurrence framed by a period, then the next one after it;
  «ежемесячно в I полугодии, ежеквартально во II полугодии» keeps both; «1 раз в четверть во II полугодии» the terms
  of that half-year.
- Whole school years beside a yearly recurrence («ежегодно (2024-2026 уч. гг.)») are the years it recurs in. With no
  school year and a plan's period from 1 January, numbered periods without a year are of that calendar year.
- A month misspelt by one letter («сетябрь», «окятбря») and the words «ежемесячно», «ежеквартально», «ежегодно»,
  «постоянно», «течение» likewise are read as spelt right; «10/2024», «2024.10» are October 2024, «13/2024» a typo;
  two-digit years: «24/25 уч. г.», «октябрь 24 – май 25», «10.24-05.25» (a month number, then a year from 20 to 35).
- «в первый (последний) день сентября» is that day, «в первый рабочий день сентября» its first Monday-to-Friday day;
  «в последнюю неделю декабря и мая», «до конца сентября и мая» give the part to each month; «после 15 мая» reads
  «с 16 мая»; a time of day («до 15:00 25 мая», «в 14.30») is left out. August written right before September with no
  year («август – сентябрь», «август, сентябрь, октябрь») is the August that leads into it. «перед началом
  учебного года», «накануне учебного года» read as «до начала …»; «до начала учебного года (август)», «до 1 октября
  (сентябрь)»: the month in brackets, the last before the deadline.
- «учебная четверть» is the term; «полугодовые к/р» name what, not a recurrence; «сентябрь, декабрь, май (входной,
  промежуточный, итоговый)», «1-й этап – …» and «1 этап – I квартал, 2 этап – II квартал» are stages; «в День
  знаний» is that day, «к Новому году» 31 December; «в рабочие дни» is daily; «незамедлительно», «в кратчайшие
  сроки», «по факту» name no date, «бессрочно» runs through the period.
- «в середине учебного года» is its January («к середине …» due 31 December), «в середине 2025 года» June–July;
  «в середине года» alone is the plan's (below). «в середине каждой четверти (триместра, квартала)» is its middle week,
  «до середины четверти» its middle day, «до середины месяца» the 15th; a numbered period's middle is a month, as
  its «в конце» is («в середине III четверти» February, «в середине I полугодия» 16 October – 15 November).
- «каждые 10 дней», «раз в декаду», «подекадно» recur in the decades of each month (1–10, 11–20, 21–end). Days of
  the week listed alone («вторник, четверг», «пн, ср, пт»; one day alone is not read) and «в выходные дни» are
  weekly; «в будние (учебные) дни» daily. «в первые 5 рабочих дней месяца», «в последние 3 рабочих дня месяца» are
  those Monday-to-Friday days of each month, «до 5 рабочего дня месяца» due the fifth; «в первые 5 рабочих дней
  сентября» those of September. «5, 15, 25 числа каждого месяца» is due by each day.
- «ежеквартально во II полугодии» of a school year is each term of it (as «1 раз в четверть …»); «ежемесячно, в
  декабре до 20 числа» moves December's due date; «ежегодно, начиная с мая 2025 г.» is May of each year from 2025;
  «ежемесячно до 10.06.2025», «еженедельно до конца I полугодия» recur from the plan's start to that deadline (not
  after «далее»). Numbered stages in a calendar-year plan run on in time («I четверть – входная; IV четверть –
  итоговая» in 2025: the IV term of 2026). «2025-2026 гг., май» is May of each year; «на августовском педсовете»,
  «к августовскому совещанию» are August; «август, январь» in a school year the August before; «между 10 и 20
  мая», «от … до …», «с 10 до 20 сентября», «09-12.2024», «с конца октября по начало ноября», «с I по III четверть»
  are ranges; «в период ГИА (ВПР, олимпиады)», «до конца текущего месяца» name no date.
- «со II полугодия», «начиная с IV квартала 2024 года» run from that period's start to the plan's end; «каждое 1
  сентября», «каждую весну» are yearly; «1 раз в четверть (последняя неделя)» is that part of each term; «3 раза в
  год: входная, промежуточная, итоговая» stages the windows of each school year in order; «на следующий день после
  окончания четверти» is a day after each; «I кв. – до 10.04» is due on the date. A term, half-year, trimester or
  quarter past the last one («5 четверть», «III полугодие»), a day past 31 («до 32 мая») or days of a month backwards
  («с 20 по 10 мая») make the text `unparsed`, as an impossible date does.
- One weekday twice a month («2 раза в месяц, по пятницам», «дважды в месяц (среда)») is its first and third in each
  month; two weekdays twice a month are not guessed. «в начале и в конце каждой четверти (каждого месяца)» is both
  parts of each. A later week of each month («ежемесячно, 2-я неделя», «во вторую неделю каждого месяца») is its days
  (8–14), weeks listed together («2-я и 4-я неделя») each; the first week stays due by the 7th, as the first (second)
  decade by the 10th (20th). «1 раз в 2 недели, среда» is every other Wednesday.
- «каждые две недели по пятницам» is every other Friday from the first in the period; «каждые 3 дня», «каждые 3
  недели», «раз в 4 месяца» are windows of that many days (weeks) or months from the period's first day (month);
  «каждые 7 (14) дней», «каждые 6 месяцев», «каждые 3 года» are the named recurrences. «до 1 апреля, с 15 мая»
  keeps both parts (the second runs to the plan's end). «не позднее 20 января года, следующего за отчетным» is due
  in the year after each calendar year whose 31 December the period holds (in a school year, the January after its
  December; over several years, yearly). «по последним пятницам» reads as «в последнюю пятницу». Months listed
  before a school year («сентябрь, май (2025-2026)», «на начало и конец 2025-2026 учебного года») are of it; «в
  первую неделю после зимних каникул» reads as «в течение первой недели после …». Stages named by months with no
  year, out of order in a calendar plan («входной – сентябрь, итоговый – май» in 2025), run on in time; a month in
  brackets after «по окончании …» is when, after it («по окончании учебного года (июнь)» is June).
- One of the month's weekdays, which one not written («1 раз в месяц по пятницам», «ежемесячно, в пятницу», «2 раза в
  месяц по вторникам и пятницам»), is each month's window from its first such day to its last: the first Friday would
  be a guess, the whole month a due date past the last Friday. One weekday twice a month stays its first and third,
  written before the count too («по средам (2 раза в месяц)»); in a monthly text bare digits number the weekdays
  («2 раза в месяц (1 и 3 среда)»). «раз в декаду во II четверти», «каждые 3 недели в течение I полугодия» run inside
  that period, as «ежемесячно во II полугодии» does.
- A count above one in a term, trimester, half-year or quarter («2 раза в четверть», «3 раза в полугодие») cuts each
  into that many windows in a row, by whole months when they divide evenly, else by days (the III term in two: 1
  January – 14 February, 15 February – 31 March); «N раз в месяц» stays each month, «2 раза в полугодие» each term.
  Other counts a year («5 раз в год», «10 раз в год») cut the school year's September–May the same way, as «3 раза в
  год» is its trimesters. A range of counts («1-2 раза в месяц», «2-3 раза в год») is read by the smaller, a range of
  gaps («каждые 2-3 недели», «раз в 2-3 месяца») by the longer: the least the text asks for, so no window is due
  before it must be. «в последний (первый) рабочий день четверти (квартала, полугодия)» is its last (first)
  Monday-to-Friday day.
- «сентябрь (1-2 неделя)», «октябрь (3-4 нед.)» (a plan's grid of weeks), «1-2-я неделя сентября» are those weeks (1–14,
  15–28); «1-2 декада сентября» 1–20 September, «2-3 декада мая» 11–31 May; in a monthly text («ежемесячно, 1-2
  неделя», «3-4 неделя каждого месяца») those days of each month. «середина – конец октября» is 11–31 October, «с
  середины октября» reads as «с 11 октября» (from there on, or to the «до …» written after it); a whole month and
  an edge of another are one range («сентябрь – начало октября»: 1 September – 10 October; «конец ноября – декабрь»:
  21 November – 31 December). A part after a dash or a colon is read as in brackets («сентябрь – 1-я неделя»).
  «по окончании четверти (в течение недели)», «по завершении учебного года, в течение месяца» read as the length
  after the event («в течение недели после …»).
- «кроме каникул» leaves out June–August (the other holidays are days inside months, which stay, as do the months of
  «кроме зимних каникул»); «кроме IV четверти» its months. Semesters are half-years; «понедельно» is weekly, «через
  неделю по пятницам» every other Friday; a meeting with no month («на педсовете», «на заседаниях ШМО») names no date.
- «1-й год реализации программы», «в течение первого месяца», «третий месяц реализации проекта» are counted from the
  first day (month) of the plan's period («в течение 1 года» stays a length). «сентябрь 2024 и далее», «2024 г. и
  далее» read as «…, далее постоянно»; «сентябрь 2024, далее по графику» keeps the date and says the rest has none.
  One month, then a day with no recurrence written («август, до 25 числа») is that date, not each month's. The start
  or the end of the school year in brackets after a count («1 раз в год (в начале учебного года)») says when; a month
  in brackets after holidays («в период весенних каникул (март)») is when, their usual days only a guess.
  More named days: День Конституции, День России, День Героев Отечества, День неизвестного солдата, Международный
  день толерантности, День Государственного флага.
- «ежеквартально до 5 числа» (a day of the first decade, no month written) is the report on each quarter, due in the
  month after it (5 October for July–September): the 5th of the next quarter's first month is the same day, and the
  5th of the quarter's own last month would be neither; «ежеквартально до 15 (25) числа» and «… последнего месяца
  квартала» stay in its last month. «III квартал» with no year in a school year stays July–September of its first
  year (due 30 September, inside it), as «ежеквартально» starts with that quarter.
- «1 раз в четверть (3-4 неделя)», «ежеквартально, 2-я неделя», «1 раз в триместр (1-2 нед.)» are those weeks of each,
  counted from its first day. An open period beside a labelled recurrence («в течение года; отчет – в конце каждой
  четверти») keeps both, as «по итогам года – до 15 января» after a recurrence and a comma does; «ежемесячно до 5 числа
  до 10.06.2025» is each month's 5th until then. «до 01.09.2024, далее ежегодно» is by 1 September of each year. A
  list whose parts are one recurrence written in pieces («ежемесячно, до 10 числа, с 01.10.2024», «ежемесячно, по
  пятницам, с ноября»: a part that says when but not how often) is read whole. «ежеквартально, начиная с IV квартала
  2024 года», «1 раз в четверть со II четверти» recur from that period to the plan's end. After a recurrence or an
  open period and a comma, «по итогам года – июнь», «I полугодие – декабрь» are parts of their own (not the month the
  recurrence runs in).
- Unit words misspelt by one letter («четврть», «месц», «недля», «кватрал», «пологодие», «до 25 чила») are spelt right
  before anything else, months too; a word whose stem is right («четверги», «четвертую») is left as written.
- «День матери» is the last Sunday of November, «День отца» the third Sunday of October (each year its own day;
  «ежегодно ко Дню матери» too), «Последний звонок» usually 25 May, «День пожилых людей» 1 October, «День семьи,
  любви и верности» 8 July; «Международный день матери» is not guessed. A day written beside a named day is the
  school's («День знаний – 2 сентября», «к Дню матери – 22 ноября», «ко Дню учителя (4 октября)»: by that day).
  «выпускной (вечер, бал)» alone names no date. «неделя перед Днем учителя» is 28 September – 4 October; the week
  before a day that moves is the seven days before its Sunday in the year («в неделю, предшествующую Дню матери»: 17–23
  November 2024), the time after it («после Дня матери») is not dated. In a list («День учителя, День
  матери») the moving day is its Sunday too.
- «в неделю перед 1 сентября», «в течение недели, предшествующей началу II четверти» run to the day before the date
  (the start), «3 дня перед окончанием I полугодия», «в течение 2 недель до окончания четверти» to its last day: never
  the date itself; «за неделю перед …» is «за неделю до …». The weeks of one numbered period («III четверть (2
  неделя)», «во 2-ю неделю III четверти», «II четверть, последняя неделя») are its days counted from its first, as
  each term's are; «2 недели III четверти» (plural) is a length, and a week past its end leaves the whole period.
- A plan by one calendar year (1 January – 31 December): «1 раз в год», «ежегодно» alone are that year (over several
  calendar years, as a seed order's «Ежегодное (в течение 2021-2023 гг.)», each school year in them). A report due in
  the month after its period («ежеквартально до 5 числа», «до 20 числа месяца, следующего за отчётным») is, in a plan
  by calendar years, one per quarter (month) of the plan: the last, due in the January after it, is kept with a
  warning, as «не позднее 20 января года, следующего за отчетным» is; in a school year likewise the report on each of
  its months (September's due 1 October … August's due 1 September, with a warning), none on the August before it.
  «перед началом каникул», «после окончания каникул» say before or after them, not «в каникулярное время».
- Named days listed after one «в неделю перед» or «ко» («в неделю перед Днем матери, Днем отца», «ко Дню учителя и Дню
  матери») each take it: the week before each day (by each), in the order of the school year (a plan of two school
  years: October and November of the first). «в конце (в начале, до конца, на начало и конец) каждого учебного года»
  reads as «ежегодно в конце …»: May (September) of each school year, not the whole of each.
- «при необходимости», «по приказу», «через 2 недели» name no date. «до 29 февраля» in a year without one is due 28
  February; «31 ноября», «29 февраля 2025» are impossible dates (`unparsed`), as «31.11» is. «по итогам
  четверти, до 5 числа» (a day of the first decade) is the report due in the month after each term, a later day in
  its last month; «в течение месяца, следующего за отчетным кварталом» the whole month after each quarter (a month
  after a month's last day is the next month's last). «по состоянию на 20.09.2024» beside a deadline is when the data
  are taken, «отчет за сентябрь – до 5 октября», «май (за апрель)» name what is reported; «октябрь, до 25.10.2024» is
  that day; «по май» alone is due 31 May; «до 01.10.2024, далее ежеквартально» has the quarter that starts that day.
  «до 1 сентября следующего года» is of the year after the plan's first. «II полугодие 2025 г.» in the school year
  2024-2025 is its January–May (the calendar half-year would be mostly outside the plan). Also read: «Ш (1V, lI)
  четверть», «III-ей четверти», «III/IV четверть», «2О24» (a letter for a digit), a cell's line broken inside a word,
  a date or between a month and its year, «25-12-2024», «с 1-го по 15-е сентября», «1-5 числа», «декабрь 24 г. –
  январь 25 г.», «посл.», «пол.» before a month, «раб.», «дн.», «след.», «ежедн.», «уч. год», «исключая»,
  «новогодние каникулы», «перед Новым годом», «еженедельно до пятницы», «по пн.», «не позднее, чем …», «в течение
  года, включая летний период» (the whole year).
- «в новом (следующем) учебном году» is the school year after the plan's first («в сентябре нового учебного года» its
  September), kept with a warning when outside the plan; «в отчетный период» is the plan's period, «до конца
  отчетного периода» its last day; «в новогодние праздники» 1–8 January. «до 3 декады мая» is due 20 May (before it
  starts), «с 3 декады мая» from 21 May, «с 1 по 2 декаду» 1–20; «до 20-х чисел сентября» by the 20th, «в 20-х числах»
  the 20th–29th. In a weekly text «до пятницы», «с понедельника по пятницу», «пн-чт» are each week's window from the
  first day to the last. «кроме …» then a comma and the day of each month («…, до 10 числа», «…, в последнюю пятницу»)
  keeps the day; «ежемесячно в I и III четвертях» recurs in each. «до ГИА», «к ОГЭ» name no date; «за неделю до ГИА
  (до 15.05.2025)» is due on the date written. «до мая включительно» is due 31 May. Also read: «ноябь» (a five-letter
  month), «1 р/м», «ноябрь ~ декабрь», «до 15 ч. 00 мин.», «до 15-00 25.12.2024», «25.12.2024 до 15:00» (by that
  day), «October 2024», «Q4 2024».
- «кроме …» leaves out a week's window by the month most of its days are in (30.06 – 04.07 is July's) and a report
  due the month after its period by the period reported on («ежеквартально, кроме IV квартала, до 5 числа» has no
  report «за IV квартал»). «в начале (на начало) нового учебного года» is its September (with «ежегодно», each school
  year's); «в следующем (новом календарном) году» the calendar year after the plan's first. An offset from a recurring
  event with a date of its own («за 10 дней до окончания четверти, не позднее 20.10.2024») is due on that date. Terms
  and trimesters are numbered as half-years and quarters are («I четверть 2024-2025 уч. г.»), a part of one is said in
  the genitive («до конца I четверти 2024-2025 уч. г.», «на 2-й неделе III четверти …»), an offset from each period's
  end as written («за 10 дней до конца каждой четверти»). An open period without the months left out is the runs of
  months around them («в течение года, кроме летних каникул» in a calendar plan: January–May and September–December);
  what is left out is said as written («кроме летних каникул», not their months), numerals alone of the text's periods
  («по итогам четверти (кроме IV)»). A span of terms names the noun and the year once («III – IV четверть 2024-2025 уч.
  г.»); in a calendar plan it is of the school year its first term lies in («с I по III четверть» in 2025: September
  2025 – March 2026). «в начале (середине, конце) следующего года» reads as with the year written.
- An offset from the start of each term counts each term that starts inside the plan, the next school year's I term
  too when the plan holds its 1 September (its deadline in August is the plan's). «ежегодно, сентябрь-март» in a plan by
  calendar years is the months of each span inside the plan (January–March and September–December of 2025). «еженед.
  за 1 день до пятницы», «за день до каждой пятницы» are each week's window to Thursday (working days counted as such);
  «не позднее 12.00 каждого понедельника» by each Monday; «по будням» the working days. «не позднее 3 дней до начала
  каждой четверти» reads as «за 3 дня до …». «в первые (последние) дни сентября» as «в начале (конце) сентября»,
  «в двадцатых числах» as «в 20-х», «с первого по десятое сентября» 1–10 September. «по итогам I полугодия, до 15
  января» is due on the day (the period is what is reported on); «по окончании I полугодия и учебного года» December
  and May. «в течение первой недели» is the plan's first seven days («1-я неделя» alone stays unread). «сентябрь – I
  этап» gives the stage to the month before the dash. A count a year with its stages in a calendar plan gives the
  windows of the school year cut at the plan's start its last stages, those cut at its end its first. «при подготовке
  к новому учебному году» reads as «до начала нового учебного года». «сроки уточняются», «дата будет определена», «по
  договоренности», «в день открытых дверей», «в период предметных недель» name no date.
- A month a plan's period does not hold (a programme approved on 15 November: «до 15 октября», «сентябрь, декабрь, март,
  май») is of the school year the plan starts in (from August, the one it prepares), named in a warning, not left
  without a year. «за неделю до начала учебного года», «к началу учебного года» in a plan given by its period count
  from each 1 September inside it (two school years: both), in a plan approved mid-year from the next one (31 August
  2025 for a plan to that day). «с 1 по 5 число месяца, следующего за отчетным» labels the month reported on
  («01.10.2024 – 05.10.2024 (за сентябрь 2024)»). Labels and summaries read on a phone: weeks «неделя 2–8 сентября
  2024», «неделя 30 сентября – 6 октября 2024»; open spans «с мая по август 2020», «в течение 2024-2025 уч. г.», «в
  течение 2021–2023 гг.» (not «в течение периода май – август 2020»); weeks of some months «еженедельно с октября по
  апрель».
- One style of week label: the windows of «еженедельно до пятницы» read «неделя 2–6 сентября 2024» too. A whole period
  («постоянно», «весь период», «в течение года») that is exactly one school year is said «в течение 2024-2025 уч. г.»;
  any other keeps its days («в течение периода 01.01.2025 – 31.12.2025»). «д-ка», «диаг-ка» are «диагностика» (its dash
  no stage's); «2 раза в год: сентябрь (входная), май (итоговая)» is one count over the months after its colon; hours
  of a day («с 10:00 до 13:00 20.12.2024», «10.00-13.00») are left out with the comma before them, not read as «до».
- An offset from each term followed by another part of a list («в течение 10 дней после окончания четверти; отчет – до
  20.12.2024», also after a comma with a label) keeps both, the date not read as a cap on the offset; so does a date
  counted from one term («через 10 дней после окончания I четверти; отчет – …»). «в течение 10 дней после окончания I
  полугодия, II полугодия» says «после окончания» once for both; «до окончания I полугодия и учебного года» is due
  31 December and 31 May (counted from both with an offset). «2 (3) раза в
  месяц» is each half (third) of each month («1–15 сентября 2024», «16–30 сентября 2024») unless its weekdays or day
  are written. Stage words agree with the noun written («входная диагностика»: «(входная)», «входное тестирование»,
  «входные работы»; «этап», «контроль» stay «(входной)»); a stage word whose noun is left out takes the others'. «мес.»,
  «нед.» after «по итогам», «в течение», «до конца», «в начале» are genitive («по итогам мес.» is monthly), a count
  before them agrees («в теч. 2 мес.»: «в течение 2 месяцев»); «кажд.» agrees with its noun («до 25 числа кажд.
  месяца»); Roman months with no year («IX–V», «XII-II», one above IV) are a span; «12.2024/05.2025» lists two months.
  «до 20-го янв.» is a day as «до 20-го января» is; «нач.», «оконч.», «заверш.» take the case of the word before them
  («до нач. уч. года», «после оконч. I полугодия»), «уч. г.» after an edge is the school year («на начало уч. г.»).
- One day before several months in the genitive («до 25 декабря, мая», «к 20 декабря и марта») is each month's, with
  its «до» (a shorter month its last day). A month written after an earlier one of its year («фев., май, авг., ноя.»)
  runs on to it: the August of the school year, not the one before it. A list's parts that name what is due
  («сентябрь – входная диагностика; анализ – в течение …; отчет – до 20.12») keep the names: each occurrence's label
  starts with it («отчет: до 20.12.2024»), the summary says each part as written («отчет – до 20.12.2024»); not stage
  words, which stay stages, nor a name after the last of a list of commas (of all of them); in a list of commas a name
  before its time heads the parts after it («итоговое сочинение – декабрь, февраль, май»). Working days follow the
  production calendar (`months.is_working_day`: 1–8 January, 23 February, 8 March, 1 and 9 May, 12 June, 4 November,
  the decree's moved days off and worked Saturdays for 2024–2026, a weekend holiday's next weekday in other years):
  «3 рабочих дня после 30.12.2024» end on 13 January. «в каникулярное время (осенние, весенние)» are those holidays.
  A yearly part beside a one-off date («приказ – до 01.09; отчет – ежегодно до 15 июня») recurs alone; «ежегодно
  (октябрь 2024 – март 2026)» is October–March of each year in that span. A time from a day on counts the day itself
  («в течение 10 дней с 01.09.2024»: 1–10 September). «за неделю до Нового года» counts back from 1 January (25
  December), «в неделю перед Новым годом» is 25–31 December, «после Нового года» and «в праздничные дни» name no date.
- «в майские праздники» are the days off of the production calendar from the run around 1 May to the run around 9 May
  of the May the text dates (1–11 May 2025; 28 April – 12 May 2024). A unit word with its second letter left out
  («нделю», «мсяц») or two inside a long one («четвеь») is spelt right. «п. 1.2.2024», «пункт 3.1», «(см. п. 2.4)»
  are item numbers, never dates: left out of the reading, each named in `warnings` (alone: `unparsed`). A list's named
  parts apart («Педсовет – август; совещание – январь») are each dated alone when so they all fall inside the plan
  while its months run on in time put one before it (August 2025 of a plan of 2024-2025, not August 2024).
- «накануне 1 сентября», «накануне 08.03», «накануне 01.01.2025» are due the day before the day written, as «накануне
  Дня знаний» is; «в канун …» reads as «накануне …», «в летнее время» as «в летний период». A span of calendar quarters
  with no year that would run backwards in a school year («II–III квартал» in 2024-2025) runs on in time from its first
  (April–September 2025). A span of days with no year beside a recurrence («с 01.09 по 31.05 еженедельно») is that
  span of each year inside the plan, cut at its edges: in a plan for 2025 January–May and September–December, in a
  plan of two school years both, in a plan of one term its part.
- «IV–I квартал» is one span across the new year (October – March, from the quarter written first); «IV–I четверть»
  stays two terms. «ежемесячно с 15.09 по 15.05» keeps the months the span cuts, cut to it (15–30 September, 1–15
  May). «накануне 1 сентября» with no year whose eve the plan does not hold but whose day it does (a plan of
  September – October 2024) is the eve of that day, 31.08.2024, named in a warning.
- «ежемесячно в течение учебного года» («в теч. уч. года», «на протяжении 2024-2025 уч. г.», «в учебное время»; also
  weekly and other recurrences many times a year) is the school year's teaching months, September – May (a week by the
  month most of its days are in), said «(в течение 2024-2025 уч. г.: сентябрь – май)»; plain «ежемесячно» and
  «ежемесячно в течение года» keep the plan's whole period, summer too, and so does «в течение учебного года, включая
  летний период». A day of each month in a span of days («ежемесячно до 20 числа с 15.09 по 15.05», «… до 15.05.2025»)
  keeps the span's last month, due by the span's end (15.05), and has none before its start (a span from 25.09 has no
  September 20th). A time counted from each period in brackets after a recurrence («ежеквартально (в течение 10 дней
  после окончания квартала)», «1 раз в четверть (не позднее 5 дней после …)») reads as after a comma; beside a date
  the brackets only explain it. «ежемесяч.», «ежем.» are «ежемесячно» («мес.» alone stays unread);
  dashes «‐», «－», zero-width and thin spaces, a Greek «Ι» or a palochka «Ӏ» for a Roman I, a comma for one dot of a
  date («25,12.2024») read as typed right. A weekday of each month keeps its day before the period it recurs in
  («ежемесячно в последнюю пятницу в течение учебного года», «… во вторую среду до 31.05.2025»).
- A report due in the month after the one reported on, in a span of days («ежемесячно до 5 числа месяца, следующего за
  отчетным, с 15.09 по 15.05»), reports on each month of the span: the span bounds the months reported on, not the due
  dates (May's report due 05.06; in a calendar plan December's due in January after it, named in a warning); «до»
  with a date alone («… до 15.05.2025») still caps the due dates. After a recurrence and a comma, «<when> – <count>»
  («в течение учебного года ежемесячно, в летний период – 1 раз», «…, летом – по необходимости») is a part of its own,
  as after «;»; a summer part of its own takes the summer months from a recurrence many times a year beside it
  («1 раз в месяц; в летний период – 1 раз»: «ежемесячно (кроме летнего периода); …»). «январь – февраль 2025, далее
  ежегодно» is those months of each later year (not once in each school year); «сентябрь 2024, далее ежегодно» with
  no later September in the plan keeps its words in the summary.
- «январь 2025, далее – по итогам каждого полугодия (каждой четверти)»: a period the first deadline falls in is still
  reported on at its end when the first is due before its last month (the II half-year's report in May); «2024-2025
  уч. год, далее ежегодно» that fills the plan says «…, далее ежегодно». «в течение первой недели октября», «в течение
  2-й декады мая» are said by their days, as «первая неделя октября» is. Typed on a phone: «30 09 2024», «с 01 09 2024
  по 31 05 2025» (spaces for dots, a two-digit month and a four-digit year), «15/10», «до 01/12» (a day and a two-digit
  month; «1/2», «24/25» are not), «уч года» (as «уч. года»); «до конца финансового (бюджетного, фин., кал.) года» is 31
  December; «к Новому 2025 году», «до нового 2025 года» 31.12.2024 (the year written is the new one), «за неделю до
  нового 2025 года» counted back from 01.01.2025.
- «е/м», «е/н», «е/кв», «е/г», «е/д» and «помесячно» are the recurrences cut short («мес.» alone stays unread);
  «2024-2025 уч. г., ежемесячно» in a plan of another period is said «ежемесячно в течение 2024-2025 уч. г.» (months
  with their year likewise, «ежемесячно с октября 2024 по апрель 2025»; days stay in the labels). A length before an
  event not named («в течение 2 недель с момента», «… после», «… с») is the length alone; «после», «с момента»
  alone are unread. A numbered half-year «учебного года» (or beside «учебного года»: «по итогам I полугодия и
  учебного года») in a plan by calendar years is the school's one in it (II: January–May, I: September–December),
  and «по итогам I полугодия учебного года» no report on the year. «май/2025» is May 2025; «до 1го сентября», «к
  1му сентября», «до 25го» are days as with the hyphen; a Latin «c», «k», «B», «co» standing for a preposition in a
  Russian text is read as the Cyrillic one; «каникулы (осень, весна)» are those holidays; «не реже 1 раза в 2
  недели» is said as written, «по мере необходимости, но не реже …» keeps its words before the least. «5 р.д.», «3
  р/д» are working days, «10 календ. (кал.) дней» calendar ones, «1 р/2 мес» «1 раз в 2 месяца».
- «в течение первой учебной недели», «последняя учебная неделя», «в первый учебный день (месяц)» are of the school
  year, as «первая неделя учебного года» («первая учебная неделя сентября» that month's); «по итогам (в конце)
  триместров» each trimester. «по необходимости», «по запросу» beside a period are said before it («по
  необходимости в течение 2024-2025 уч. г.»). A month in brackets after a term's start is when («к началу III
  четверти (январь)»: January); in a plan by calendar years a half-year whose bracketed month is not in the
  calendar half is the school's («по окончании I полугодия (декабрь)»: December).
- A condition beside a recurrence is said before it («по необходимости, ежемесячно», «ежемесячно, по запросу»: «по
  необходимости, ежемесячно»), its dates the recurrence's. «по итогам четвертей (триместров) и года» says the year too
  («каждую четверть и по итогам года»): its report is due with the last term's (31 May), no occurrence of its own.
  «после осенних (зимних, весенних, летних, новогодних) каникул» says which holidays, still with no date. «сентябрь
  2024; далее по итогам четверти» (no «каждой») reports on the term September falls in, as «по итогам каждой
  четверти» does.
- «ежем» with no dot is «ежемесячно»; «мес.», «нед.», «кв.» alone name no time. «в середине года» is the school year's
  middle (January; «к середине» by 31 December) in a plan of a school year or one that does not start on 1 January,
  the calendar year's (June – July; by 30 June) in a plan by calendar years, the summary says which («январь 2025
  (середина учебного года)»); a month after it («в середине года (январь)») is the deadline. A recurrence after
  «далее» or from a start written before the plan («до 15.09.2024 и далее ежемесячно», «ежемесячно с 01.09.2024» in
  a plan of 2025) recurs from the plan's start: the written date is kept and warned, a start before the plan named in
  one warning, no due date of the recurrence before the plan. A whole text left unread has one Russian warning
  saying why (`unread_warning`: no date at all, a unit alone, a day that does not exist). «в течение кв. (полуг.)»
  is «в течение квартала (полугодия)», «за 2 нед. до …» «за 2 недели до …».

The package reads in layers: `months` (month names and the normalised text), `dates` (tokens, items such as
«окт.–нояб. 2023» or «до 15 ноября», their years), `periods` (school years, half-years, terms and quarters,
numbered ones such as «2-е полугодие» or «IV кв. 2024 г.»), `recurrence` («ежегодно», «не реже 2 раз в
полугодие»), `offsets` («за 10 дней до …») and `rules` (which reading wins, and the warnings).
"""

from services.roadmap.schedules.parser.dates import Context, Item, Moment, Token, item_label, parse_items, tokenize
from services.roadmap.schedules.parser.model import STAGE_LABELS, Occurrence, Schedule, ScheduleKind, Stage
from services.roadmap.schedules.parser.months import (
    MONTHS_GENITIVE,
    MONTHS_NOMINATIVE,
    MONTHS_PREPOSITIONAL,
    month_bounds,
    month_number,
    normalise,
)
from services.roadmap.schedules.parser.recurrence import Recurrence, find_recurrence
from services.roadmap.schedules.parser.rules import _parse, parse_schedule, school_year_bounds

__all__ = [
    "MONTHS_GENITIVE",
    "MONTHS_NOMINATIVE",
    "MONTHS_PREPOSITIONAL",
    "STAGE_LABELS",
    "Context",
    "Item",
    "Moment",
    "Occurrence",
    "Recurrence",
    "Schedule",
    "ScheduleKind",
    "Stage",
    "Token",
    "_parse",
    "find_recurrence",
    "item_label",
    "month_bounds",
    "month_number",
    "normalise",
    "parse_items",
    "parse_schedule",
    "school_year_bounds",
    "tokenize",
]
