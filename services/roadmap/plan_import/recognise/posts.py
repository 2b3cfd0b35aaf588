"""A «Должность» column beside the one naming the responsible people («Должность | ФИО ответственного»)."""

from __future__ import annotations

import re

from services.roadmap.plan_import.people import NAME_RE
from services.roadmap.plan_import.recognise.aliases import normalise_header
from services.roadmap.plan_import.recognise.columns import JOIN_PREFIX, Layout
from services.roadmap.plan_import.recognise.state import _State

_NAME_SEPARATORS = " \t,;"


def _names_only(text: str) -> bool:
    """Whether a cell names people and nothing else («Иванова И.И., Петров П.П.», a name a line)."""
    return NAME_RE.search(text) is not None and not NAME_RE.sub("", text).strip(_NAME_SEPARATORS + "\n")


def _with_posts(posts: str, names: str) -> str | None:
    """The names each after their post, as a cell typing both says it («Заместитель директора Иванова И.И.»): a post a
    line beside a name a line; one post before all the names (a plural one names its holders, `split_people`); None
    when the lines do not pair up."""
    post_lines = [line.strip() for line in posts.splitlines() if line.strip()]
    name_lines = [line.strip() for line in names.splitlines() if line.strip()]
    if len(post_lines) == len(name_lines) > 1:
        return "\n".join(f"{post} {name}" for post, name in zip(post_lines, name_lines, strict=True))
    if len(post_lines) == 1:
        return f"{post_lines[0]} {', '.join(name_lines)}"
    return None


POST_HEADER_RE = re.compile(r"^должност")
"""«Должность», «Должности», «Должность ответственного»: a column of posts."""

NAMES_HEADER_RE = re.compile(r"^(?:фио|фамилия)")
"""«ФИО», «Ф.И.О.», «Фамилия, имя, отчество»: a column of the names of the posts' holders."""


def _post_and_names_columns(layout: Layout) -> tuple[int, int] | None:
    """The post column and the names column of the responsible: «Должность» extra beside the responsible column, or
    the responsible «Должность» (no column naming the responsible) beside an extra «ФИО»."""
    fields, headers = layout.fields, layout.headers
    responsible = layout.column("responsible")
    if responsible is None:
        return None
    extra = [i for i, name in fields.items() if name == "extra"]
    own = normalise_header(headers[responsible])
    if POST_HEADER_RE.match(own):
        names = next((i for i in extra if NAMES_HEADER_RE.match(normalise_header(headers[i]))), None)
        return (responsible, names) if names is not None else None
    posts = next((i for i in extra if POST_HEADER_RE.match(normalise_header(headers[i]))), None)
    return (posts, responsible) if posts is not None else None


def _posts_of_names(state: _State) -> None:
    """A post written in a column of its own beside the responsible people's names is part of the party, as the same
    post typed in the name's cell is: «Должность | ФИО ответственного» → «Заместитель директора Иванова И.И.» (the
    plan printed again and the party saved say who and what post); a post without a name beside it is the
    responsible. A names cell saying more than names («завуч») keeps the post apart, an extra value."""
    layout = state.layout
    pair = _post_and_names_columns(layout)
    if pair is None:
        return
    post_column, names_column = pair
    post_key, names_key = layout.headers[post_column], layout.headers[names_column]
    responsible_key = post_key if layout.fields[post_column] == "responsible" else names_key
    joined_any = False
    for activity in (a for s in state.sections for a in s.activities):
        values = {**activity.extra, responsible_key: activity.responsible}
        posts, names = values.get(post_key, ""), values.get(names_key, "")
        joined = (_with_posts(posts, names) if _names_only(names) else None) if posts and names else posts or names
        if joined is None or not posts:
            continue
        activity.responsible = joined
        activity.extra.pop(post_key, None)
        activity.extra.pop(names_key, None)
        joined_any = True
    if joined_any:
        other = names_column if responsible_key == post_key else post_column
        layout.fields[other] = JOIN_PREFIX + "responsible"  # listed as part of the responsible
