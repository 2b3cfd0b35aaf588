"""Raw tables → `ImportedPlan`: the header, the column set, sections, activities, planned results, problems.

The rules follow the plans seen in municipal orders (see docs «Roadmaps»):

- the header row is the first row naming a title column and one more known
  column; a later table with the same number of columns continues the plan (a table split by a page break,
  or the next track), its repeated header and «1 2 3 4» column-index rows are skipped;
- a row with a single distinct value (merged across the row, or the only filled cell) is a section heading
  («Трек 1 - …», «1. Организационно-…», «2021 год», «Раздел 2.»), and so is a top-level number whose only
  other value is merged across the row or is followed by its sub-items (1. → 1.1);
- «Планируемый результат(ы)» starts the current section's planned results: one per following row or line,
  until the next section or numbered activity;
- a row without a number that starts in lower case, has no title, or follows a text broken mid-sentence
  continues the previous activity (`continued_row`); otherwise it is an activity without a number
  (`missing_number`);
- in DOCX, the text between tables adds the track headings and the planned results written under a table;
- a second header row names the parts of a header cell spanning several columns («Сроки» over «начало |
  окончание», «Срок исполнения» over «план | факт»; in CSV the spanning cell leaves the next ones empty), or
  goes on with its words («Наименование» / «мероприятия»);
- «Задача 1: …» and «Риск 1. …» rows are sections (a «Задача: …» right under a track heading only states it);
  a row filling one cell besides the number and the title (one more responsible person) continues the activity
  above; a signature («Директор … И.И. Иванов») after the last activity is skipped;
- a «Задачи» (or «Риск», «Этап», «Раздел») column left of the activities groups them into sections; «II.»,
  «Раздел 2» or «Задача 2» in the «№» cell beside a title alone is a section, and so is a numbered row whose title
  is merged across the row («1.1.» over 1.1.1, 1.1.2);
- «Итого» rows, notes («Примечание | …», «* | …») and «–» in a cell are no activities or values; a number
  written in the title cell («1.2. Анализ …») is the number when the «№» cell is empty or says the same;
- a bullet row («– семинар») with its own deadline or responsible is an activity, not the rest of the one above;
  a number merged down over rows with titles of their own numbers each of them;
- header cells merged over two columns join their texts («Ответственный» over «ФИО | должность»);
- numbers Russian Excel turned into dates («01.янв», «январь 2015») are read as the numbers typed;
- a table right after the plan with other columns whose first row is numbered is named by a problem, never
  dropped silently; so are hidden XLSX rows;
- «Цель 1. …», «Цель: …» rows are sections like «Задача 1: …» (kept over their tasks); «Цель» alone is no heading;
- a row filling only its title cell under an unnumbered activity is one more activity (the group's deadline and
  responsible stand in its first row only, a CSV or an unmerged sheet shows no merge: nothing is copied), unless it
  reads as a heading (capitals, a colon, a school's name, a month, bold under plain rows);
- «а)», «б)» in the «№» cell (or «а) …» opening a title with its own deadline) number the sub-items of the number
  above: «1.а», «1.б»;
- month headings («Сентябрь») give the deadline of their rows in a table without a deadline column; two plans on
  one sheet, each with its title over its header, are two sections named by the titles;
- a plan-grid's month columns («Сентябрь | Октябрь», or «IX | X», years, quarters under «Сроки») give the months
  marked («+», «х») as the deadline; years under a spanning result header («Показатели» over «2024 | 2025») label
  the values joined;
- a header naming other columns than the first starts another plan (two plans pasted one under the other); a page
  number or «Продолжение таблицы» between the parts of a table is no section;
- «Работа с родителями», «Методическая работа» alone in the title cell head the rows under them; so does a numbered
  row holding only its title when the numbering starts anew under it («1.» over «1», «2»);
- a heading over a table whose «Задачи» column makes the sections («Риск 1. …») stays over them, and when every
  later table of the plan stands under a heading of its own, the paragraph over the first names its section too;
- a numbered row over its sub-items holding only its deadline and responsible besides its title («1. | Организационные
  мероприятия | 2024 | Директор» over 1.1) is a section; its activities without a deadline or responsible take its;
- «Ожидаемые результаты:» under a table are planned results like «Планируемые результаты», up to a signature or
  the first line that is no item of their list;
- a continuation of a table converted from PDF with a column split in two (a text now in one part, now in the other)
  is joined back; a plan whose activities mostly carry words in the «№» column or no letter in the title (the cells
  of a table pasted one per line) is refused, never read as nonsense;
- «Итого», «Всего по разделу 2» rows are skipped and named by a problem (`total_row`); so are the rows of a list
  under «Примечание:» (`note_rows`);
- a mark in the «№» cell («Раздел 2», «II.», «Задача 2») beside no title, or beside a row of column names («Учителя |
  Ученики | Родители»), is the section alone; an unnumbered row of such names is no activity (`header_like_row`);
- the sheets of a book holding plans with the same columns are one plan, in the book's order (`joined_sheets`, an
  unnamed section taking the sheet's name); a sheet without a header whose first row is numbered carries on the plan of
  the sheet before (`continued_sheet`); a sheet repeating the activities of one read, a plan with other columns or a
  table without a plan header on another sheet is named by a problem (`copied_sheet`, `other_tables`,
  `ignored_sheet`);
- a second header row may both go on with the words of single cells and name the parts of spanning ones; a title
  merged over the deadline column is no deadline; a title cell alone under a «№» merged down over it goes on with
  the activity's title;
- a lone title line starting with a capital goes on with the title above when that title stops mid-phrase (after an
  adjective, «… предметных» ⏎ «Образовательных результатов»), or the line opens with an adjective in an oblique case or
  a count («5–9 классов»), and the numbering goes on under it; a field of work («Методическая работа») stays a heading;
- a row writing the activity above again (its number or title) but for cells going on with it («Заместитель» ⏎
  «директора по УВР») adds those cells; a month in lower case is the next occurrence, no continuation;
- a plan table left out of a Word file is named in `other_tables` by its number and the paragraph over it (or its
  columns); «№1» in the «№» cell is number 1; plain numbers after a heading's sub-items are each their own section;
  English headers («Activity», «Deadline», «Responsible») name the columns;
- a small table nested in a cell gives its rows as lines of that cell; struck-through text (DOCX runs, XLSX rows all
  struck) is deleted text, and a row left without text is named by a problem (`struck_rows`); text copied from a PDF
  with its columns parted by runs of spaces is read by the columns of its header line;
- «Процессы контроля и оценки качества» (a regulation of control procedures) name the activities when no column says
  «Мероприятия»; «Должность» is the responsible column when no column names it; «Ожидаемый результат: | …» (the label
  in one cell, the result in the next) gives the section's planned results; a table left out is named by the row of
  its header;
- an XLSX cell struck through (by its font, or word by word in rich text) and the struck words inside a cell are
  deleted text like Word's; a row whose text is all struck but for its number is crossed out (`struck_rows`, not
  `empty_row`), and its number is no gap in the numbering (`skipped_number` only for a gap no struck row fills);
- an order pasted whole goes on past its plan at a run of lines without columns holding a heading in capitals and
  paragraphs of prose («1. ОБЩИЕ ПОЛОЖЕНИЯ», «1.1. Регламент – документ, …»; never «Планируемые результаты:»); a
  header of other columns with a cell up to 100 characters long starts another plan;
- a table nested in a cell is that cell's lines: it neither carries the plan on nor is named as `unread_table`, and the
  plan's next part after a page break still joins past it;
- «Исполнители» beside «Ответственный» (either side) are extra, «Сроки реализации» beside «Срок» the period; a range
  «1.1-1.3» in the «№» cell is a number (written without the dots before its dash), the numbering going on after its
  last; year (or quarter) columns marked «+» in a plan without a deadline column give the deadline, as under «Сроки»
  (values by year stay extra);
- a cell's bulleted or «1)»-numbered paragraphs pasted from Word («•⇥текст», «\uf0b7⇥…», «1)⇥…») stay in that cell;
  a table drawn with pipes (Markdown, «|---|», «+---+», Word's table converted to text with «|») is read by its pipes;
  a quote opens a quoted pasted cell only when the cell needed quoting (a line break, a doubled quote, a comma);
- XLSX columns Excel hides are named when they hold text under the header (`hidden_columns`); numbering formulas of a
  book saved without values (MAX, COUNTA, SUBTOTAL, IF) are computed; a date formatted «mm.yyyy» is its month, and a
  time the format hides is no part of the date;
- Word's auto-numbering counts the lists of one definition together and restarts at `w:startOverride`; the placeholder
  of an empty content control («Место для ввода даты.») is no text;
- «А» (no dot) beside a title alone is a section like «А.»; an unnamed column of section letters («А», «Б. …») left of
  the «№» groups the activities; activities numbered «а)», «I.» are no unusual numbers;
- «Ответственный за контроль» beside the executor («Исполнитель») is extra; ditto marks («-//-», «то же», «"») repeat
  the value of the activity above; a cell merged over two field columns (as the file says) fills the first alone, and
  a fact equal to the plan under «Срок» over «план | факт» is kept;
- a footnote under the table («* – при наличии финансирования», a row or a paragraph, «Примечание: * …») goes to the
  «Примечание» of the activities whose title, deadline or responsible carries its mark (the mark taken out; problem
  `footnote`); a numbered row holding only its title over bulleted rows with deadlines of their own («1. Семинары:» over
  «– для учителей математики | сентябрь») is no activity: its items are, numbered 1.1, 1.2 and titled with its words;
- a table after the plan without the «№» column whose first row reads as an activity (a title and a month, a date,
  «в течение года»; no signature, no list of readers) is named by `unread_table`; phones and e-mails in the responsible
  cell go to «Контакты»; abbreviated month columns («сен.», «нояб.») give the months in full, and quarter columns
  («I кв.») a header needs no «Сроки» over;
- a plan-grid row marked in every month of a span of nine and more is «ежемесячно» («ежемесячно, кроме июля и
  августа» with one or two blank), in all four quarters «ежеквартально»; a plan exported by Opora and edited: a row
  deleted with changes tracked is gone, rows an Excel filter hides are read (rows hidden by hand are not), a date shown
  «d mmmm yyyy» reads «15 декабря 2024», a section's row unmerged into «3 | Работа с родителями» between numbered
  sections stays a section without activities, an activity typed in a row merged across the table («1.4. Совещание»,
  under 1.1…1.3) is one, a number of another section («3.2» in section 1) is named (`foreign_number`), and an .odt/.ods
  file is refused by its format;
- a top-level number pasted among the items of a section («5.» between 2.2 and 2.3, or before «3.») stays an activity
  of that section, named (`foreign_number`), never a new section taking the rows after it; months in Roman numerals
  («IX | X | XI …», three and more in order, the Cyrillic «Х» too) head a plan-grid without «Сроки» over them, in the
  header row or under an empty cell; «1,1», «1. 1.» in the «№» cell are «1.1», and «I.1» under «I» no unusual number;
  a footnote mark on a result or a document is taken like one on a title; a sheet repeating the activities of another
  at other dates (a sheet per year) is more of the plan, no copy; a numbered row holding its title alone over unnumbered
  activities with deadlines is their section; a lower-case row with the deadline and responsible under an activity
  holding its title alone is the rest of it;
- «Исполнители» (or «Ответственные») over «ответственный | соисполнители» keeps the co-executors' part apart (extra,
  read as co-executors by `people.co_executors`), never joined to the responsible; a row numbered by Excel's fill whose
  title is «Итого», «Итого по разделу 1» alone, without a deadline or responsible, is a total (`total_row`);
- under «Ответственные (соисполнители)» the people in brackets after the responsible are the co-executors (extra
  «Соисполнители»; not «(по согласованию)», a post after a name, the one person holding a role), and so are those a
  responsible cell names after «Соисполнители:» (Opora's own print: «Петрова А.А.; соисполнители: …»), also on a line
  of their own in text pasted from Word; «п. 1.2.», «пункт 3» in the «№» cell (also one without a header) or opening
  the title are the numbers 1.2 and 3; a numbered row holding its title alone over bulleted rows («• Приказ …») is their
  section unless it announces them with a colon («1. Семинары:»); «2.1.35» Excel turned into 02.01.1935 is read back;
- a row Excel hides is no gap in the numbering (only `hidden_rows` names it); a table of indicators after the plan
  («№ | Наименование показателя | 2024 | 2025») is named by `unread_table`, never dropped silently;
- a numbered list filling an activity's cell («1) Провести семинар; 2) Организовать открытые уроки», also «1. … 2. …»)
  is one activity whose items are its lines, its «1)» no number of the row (`text.cell_list` says why); a cell of
  «- …» bullets keeps its first bullet; «Раздел I. Организационные мероприятия» is section I titled «Организационные
  мероприятия» as «II. …» is («Раздел 2» alone keeps its words); «Направление 1. Организационные мероприятия» is a
  heading, no header repeated; «Результат (отметка о выполнении)» is the mark of what was done (extra), no result.
"""

from __future__ import annotations

from services.roadmap.plan_import.recognise.plan import read_pasted, read_plan, recognise_tables

__all__ = ["read_pasted", "read_plan", "recognise_tables"]
