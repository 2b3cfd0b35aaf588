"""What one service answers and another reads, declared once: the identification service answers these models
(`response_model`) and the reports service parses them, so the two cannot drift apart silently."""
