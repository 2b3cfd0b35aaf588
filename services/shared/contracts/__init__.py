"""What one service answers and another reads, declared once: the answering service declares these models
(`response_model`) and the reading service parses them, so the two cannot drift apart silently.

`identification_note`: the note on identification; `roadmap`: a plan's columns, its execution at a date and its
indicators;
`outcomes`: what became of a year's listed schools the year after; `effects`: what the measures changed;
`mentoring`: mentor school pairs; `competence`: a school's teacher competence profile.
"""
